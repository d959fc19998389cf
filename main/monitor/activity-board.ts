/**
 * What the poll worker is doing, written where the host can read it even while the worker's
 * thread is blocked in a system call (a hung filesystem): a SharedArrayBuffer holding one
 * short UTF-8 text. The worker writes before anything that could block; the host reads when the
 * worker stops answering.
 */
const CAPACITY = 512;

export class ActivityBoard {
  private readonly length: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4 + CAPACITY)) {
    this.length = new Int32Array(buffer, 0, 1);
    this.bytes = new Uint8Array(buffer, 4, CAPACITY);
  }

  write(what: string | null): void {
    if (what === null) {
      Atomics.store(this.length, 0, 0);
      return;
    }
    const { written } = new TextEncoder().encodeInto(what, this.bytes);
    Atomics.store(this.length, 0, written);
  }

  read(): string | null {
    const n = Atomics.load(this.length, 0);
    return n === 0 ? null : new TextDecoder().decode(this.bytes.slice(0, n));
  }
}
