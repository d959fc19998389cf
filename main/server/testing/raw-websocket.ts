import net from 'node:net';

/**
 * A WebSocket client that speaks the protocol by hand, so a test can do what a library client
 * will not: write thousands of frames at once and never read a byte of the answers.
 */
export class RawWebSocket {
  private constructor(readonly socket: net.Socket) {}

  /** Upgrades with the token as a Bearer header; resolves once the 101 is in, with reading paused. */
  static open(port: number, token: string): Promise<RawWebSocket> {
    const socket = net.connect(port, '127.0.0.1');
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('data', (chunk: Buffer) => {
        socket.pause(); // from here on the server's answers pile up on its side
        if (chunk.toString('latin1').startsWith('HTTP/1.1 101')) resolve(new RawWebSocket(socket));
        else reject(new Error(`upgrade refused: ${chunk.toString('latin1').split('\r\n')[0]}`));
      });
    });
  }

  /** One masked text frame per text (the mask key is zeros: masked as the protocol requires, payload as is). */
  static frames(texts: readonly string[]): Buffer {
    return Buffer.concat(
      texts.map((text) => {
        const payload = Buffer.from(text);
        if (payload.length > 0xffff) throw new Error('RawWebSocket sends frames of up to 64 KiB');
        const length =
          payload.length < 126
            ? Buffer.from([0x81, 0x80 | payload.length])
            : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
        return Buffer.concat([length, Buffer.alloc(4), payload]);
      }),
    );
  }

  /** From now on reads (and drops) whatever the server sends, as fast as it comes. */
  discardAnswers(): void {
    this.socket.on('data', () => {});
    this.socket.resume();
  }

  send(texts: readonly string[]): void {
    this.socket.write(RawWebSocket.frames(texts));
  }

  /** Whether the server has dropped the connection (it ends or resets while we still do not read). */
  get closed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
