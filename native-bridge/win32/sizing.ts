/**
 * The IP Helper sizing protocol, apart from the FFI so it can be tested anywhere: call with the
 * buffer we have; on ERROR_INSUFFICIENT_BUFFER (122) the call has written the size it needs, so
 * allocate that plus headroom and call again. The table can grow between the two calls, so the
 * second call can fail the same way: retry, a bounded number of times. STATUS_UNSUCCESSFUL
 * (0xC0000001), which the calls return now and then under load, is retried within the same bound.
 * The buffer is kept for the next poll, so a steady table costs one call.
 */
import { codeText, errorName, STATUS_UNSUCCESSFUL } from './win32-errors';

export const ERROR_INSUFFICIENT_BUFFER = 122;
export const NO_ERROR = 0;

/** One call: writes the table into `buf`, reads and writes the DWORD size in `size`. */
export type SizedCall = (buf: Buffer, size: Buffer) => number;

/** A failed Win32 call: names the function and the code. */
export class Win32Error extends Error {
  override name = 'Win32Error';
  constructor(
    readonly functionName: string,
    readonly code: number,
    detail = '',
  ) {
    super(`${functionName} failed: ${errorName(code)} (${codeText(code)})${detail ? `: ${detail}` : ''}`);
  }
}

export interface SizingOptions {
  /** Calls in all, including the first. */
  maxAttempts?: number;
  /** Extra bytes on top of the size the call asked for: the table may grow before the next call. */
  headroom?: (needed: number) => number;
  /** Never allocate more than this. */
  maxBytes?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** A quarter more, and at least 4 KiB: room for a burst of new connections between the calls. */
export const defaultHeadroom = (needed: number) => Math.max(4096, Math.ceil(needed / 4));

/** A buffer that lives across polls, grown by the sizing protocol. */
export class TableBuffer {
  buf: Buffer;
  private readonly size = Buffer.alloc(4);

  constructor(initialBytes = 16 * 1024) {
    // Buffer.alloc is never pooled: the memory is ours alone and 8-byte aligned.
    this.buf = Buffer.alloc(initialBytes);
  }

  /**
   * Runs the protocol and returns the buffer holding the table (the whole buffer: the decoder
   * reads dwNumEntries and stops there). Throws a Win32Error naming `functionName` on any other
   * code, or when the table kept outgrowing the buffer for `maxAttempts` calls.
   */
  fill(functionName: string, call: SizedCall, options: SizingOptions = {}): Buffer {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const headroom = options.headroom ?? defaultHeadroom;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    for (let attempt = 1; ; attempt++) {
      this.size.writeUInt32LE(this.buf.length, 0);
      const rc = call(this.buf, this.size);
      if (rc === NO_ERROR) return this.buf;
      if (rc === STATUS_UNSUCCESSFUL) {
        if (attempt >= maxAttempts) throw new Win32Error(functionName, rc, `still failing after ${maxAttempts} calls`);
        continue;
      }
      if (rc !== ERROR_INSUFFICIENT_BUFFER) throw new Win32Error(functionName, rc);
      if (attempt >= maxAttempts) {
        throw new Win32Error(
          functionName,
          rc,
          `the table was still growing after ${maxAttempts} calls (last asked for ${this.size.readUInt32LE(0)} bytes)`,
        );
      }
      const asked = this.size.readUInt32LE(0);
      // A call that asks for no more than we gave is not following the protocol: double instead.
      const needed = asked > this.buf.length ? asked : this.buf.length * 2;
      const next = needed + headroom(needed);
      if (next > maxBytes) {
        throw new Win32Error(functionName, rc, `the table needs ${needed} bytes, more than the ${maxBytes}-byte limit`);
      }
      this.buf = Buffer.alloc(next);
    }
  }
}
