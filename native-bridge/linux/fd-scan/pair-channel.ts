/**
 * The worker's (inode, pid) pairs, shared as it finds them, so that the scanning thread can
 * take them in between its own fds rather than all at the end (a message would also wait for
 * a turn of its event loop). An Int32Array over a SharedArrayBuffer: a header, then the pairs.
 * The worker's end is pair-writer.ts; this is the layout and the scanning thread's end.
 */
import type { SocketVisitor } from './types';

/** Defined here only; the worker's text gets it as a JSON literal (scan-worker.ts). */
export const CHANNEL_LAYOUT = Object.freeze({
  // Header slots.
  PUBLISHED: 0, // ints of pairs published
  DONE: 1, // 0 while the worker scans, then one of the two values below
  /** Header size in ints; the pairs follow. */
  HEADER: 2,
  // Values of DONE.
  DONE_ALL_IN_CHANNEL: 1,
  DONE_REST_IN_REPLY: 2,
});

export type ChannelLayout = typeof CHANNEL_LAYOUT;

/** Pairs a channel holds by default (2 MB); a worker that finds more sends the rest with its reply. */
export const CHANNEL_PAIRS = 1 << 18;

export function createPairChannel(pairs: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer((CHANNEL_LAYOUT.HEADER + 2 * pairs) * 4));
}

/** The scanning thread's end: takes the pairs as the worker publishes them. */
export class PairReader {
  private readonly data: Uint32Array;
  /** Ints of pairs visited so far. */
  private taken = 0;

  constructor(private readonly channel: Int32Array) {
    this.data = new Uint32Array(channel.buffer);
  }

  /** Visits the pairs published since the last call. */
  take(visit: SocketVisitor): void {
    const { HEADER, PUBLISHED } = CHANNEL_LAYOUT;
    const data = this.data;
    const published = HEADER + Atomics.load(this.channel, PUBLISHED);
    for (let at = HEADER + this.taken; at < published; at += 2) visit(data[at], data[at + 1]);
    this.taken = published - HEADER;
  }

  /**
   * Blocks up to `ms` until the worker is done, taking its pairs meanwhile. True if all of
   * them were in the channel; false if more come with its reply (or it is slow, or died).
   */
  takeUntilDone(visit: SocketVisitor, ms: number): boolean {
    const { DONE, DONE_ALL_IN_CHANNEL } = CHANNEL_LAYOUT;
    const deadline = performance.now() + ms;
    while (Atomics.load(this.channel, DONE) === 0 && performance.now() < deadline) {
      this.take(visit);
      Atomics.wait(this.channel, DONE, 0, 2);
    }
    this.take(visit);
    return Atomics.load(this.channel, DONE) === DONE_ALL_IN_CHANNEL;
  }
}
