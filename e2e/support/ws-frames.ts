import WebSocket from 'ws';
import type { ServerMessage } from '../../main/common/contract/messages';
import { decodeServerMessage } from '../../main/common/contract/snapshot-parts';
import type { WsResponseFrame } from '../../main/common/contract/requests';

export type Frame = ServerMessage | WsResponseFrame;

export interface FrameClient {
  ws: WebSocket;
  /** Every frame received so far, in order. */
  frames: Frame[];
  /** The first frame (from the start) that matches; rejects after 10 s. */
  next: (match: (f: Frame) => boolean) => Promise<Frame>;
}

/** Where a web shell's WebSocket is and how to authenticate to it (a ServeProcess is one). */
export interface WsTarget {
  wsUrl: string;
  wsOptions: WebSocket.ClientOptions;
}

/** A frame as a client reads it: a snapshot's compact rows decoded into connections. */
function decodeFrame(text: string): Frame {
  const frame = JSON.parse(text) as { type?: unknown };
  return frame.type === 'response' ? (frame as WsResponseFrame) : decodeServerMessage(text);
}

/** A WebSocket client of the web shell that keeps every frame it receives. */
export async function connectFrames(target: WsTarget): Promise<FrameClient> {
  const ws = new WebSocket(target.wsUrl, target.wsOptions);
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    frames.push(decodeFrame(data.toString()));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (match: (f: Frame) => boolean) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${frames.map((f) => f.type).join(', ')}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  return { ws, frames, next };
}
