/**
 * The worker's end of a pair channel (pair-channel.ts). Runs in the worker from its source
 * text, so this file imports nothing but types and keeps no module-level values (a lint rule
 * holds it to that).
 */
import type { ChannelLayout } from './pair-channel';
import type { SocketVisitor } from './types';

export interface PairWriter {
  /** Publishes a pair (every 128th publishes the run so far); never asks to stop. */
  visit: SocketVisitor;
  /** Publishes the last pairs and says the worker is done; returns the pairs that did not fit, for its reply. */
  close(): Uint32Array;
}

export function openPairWriter(layout: ChannelLayout, channel: Int32Array): PairWriter {
  const { PUBLISHED, DONE, HEADER, DONE_ALL_IN_CHANNEL, DONE_REST_IN_REPLY } = layout;
  const data = new Uint32Array(channel.buffer),
    end = channel.length;
  let at = HEADER,
    rest = new Uint32Array(0),
    n = 0;
  return {
    visit: (inode, pid) => {
      if (at + 2 <= end) {
        data[at++] = inode;
        data[at++] = pid;
        if ((at & 255) === 0) Atomics.store(channel, PUBLISHED, at - HEADER);
      } else {
        if (n === rest.length) {
          const bigger = new Uint32Array(Math.max(8192, n * 2));
          bigger.set(rest);
          rest = bigger;
        }
        rest[n++] = inode;
        rest[n++] = pid;
      }
      return false;
    },
    close: () => {
      Atomics.store(channel, PUBLISHED, at - HEADER);
      Atomics.store(channel, DONE, n === 0 ? DONE_ALL_IN_CHANNEL : DONE_REST_IN_REPLY);
      Atomics.notify(channel, DONE);
      return rest.slice(0, n);
    },
  };
}
