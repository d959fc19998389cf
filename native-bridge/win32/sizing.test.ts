import { describe, expect, it } from 'vitest';
import { TableBuffer, Win32Error, type SizedCall } from './sizing';

/** A fake table call: the table is `tableBytes()` long; fills the buffer if it fits. */
function fakeCall(tableBytes: () => number, log: number[] = []): SizedCall {
  return (buf, size) => {
    log.push(size.readUInt32LE(0));
    expect(size.readUInt32LE(0)).toBe(buf.length);
    const need = tableBytes();
    if (size.readUInt32LE(0) < need) {
      size.writeUInt32LE(need, 0);
      return 122;
    }
    buf.writeUInt32LE(need, 0);
    return 0;
  };
}

describe('the ERROR_INSUFFICIENT_BUFFER sizing protocol', () => {
  it('grows to the size asked for plus headroom, and calls again', () => {
    const tb = new TableBuffer(16);
    const log: number[] = [];
    const buf = tb.fill(
      'GetTcpTable2',
      fakeCall(() => 10_000, log),
    );
    expect(log).toHaveLength(2);
    expect(log[0]).toBe(16);
    expect(buf.length).toBeGreaterThanOrEqual(10_000 + 2_500);
    expect(buf.readUInt32LE(0)).toBe(10_000);
  });

  it('retries when the table grows between the two calls', () => {
    const tb = new TableBuffer(16);
    const sizes = [100_000, 130_000, 150_000];
    let n = 0;
    const log: number[] = [];
    tb.fill(
      'GetTcp6Table2',
      fakeCall(() => sizes[Math.min(n++, sizes.length - 1)], log),
    );
    // 16 → 100000+headroom (too small for 130000? no: 125000 < 130000) → grows again → fits.
    expect(log.length).toBe(3);
    expect(tb.buf.readUInt32LE(0)).toBe(150_000);
  });

  it('gives up after a bounded number of calls, naming the function and the code', () => {
    const tb = new TableBuffer(16);
    let size = 1000;
    const log: number[] = [];
    const grow = fakeCall(() => (size *= 10), log);
    expect(() =>
      tb.fill('GetExtendedTcpTable(AF_INET, TCP_TABLE_OWNER_MODULE_ALL)', grow, { maxAttempts: 4, maxBytes: 1e12 }),
    ).toThrow(
      /^GetExtendedTcpTable\(AF_INET, TCP_TABLE_OWNER_MODULE_ALL\) failed: ERROR_INSUFFICIENT_BUFFER \(122\): the table was still growing after 4 calls/,
    );
    expect(log).toHaveLength(4);
  });

  it('retries STATUS_UNSUCCESSFUL (0xC0000001), which the table calls return now and then under load', () => {
    const tb = new TableBuffer(16);
    const codes = [0xc0000001, 0xc0000001];
    const log: number[] = [];
    const table = fakeCall(() => 1000, log);
    const buf = tb.fill('GetExtendedTcpTable(AF_INET, TCP_TABLE_OWNER_MODULE_ALL)', (b, s) => codes.shift() ?? table(b, s));
    expect(buf.readUInt32LE(0)).toBe(1000);
    // Two transient failures, then the sizing protocol: 122, then the table.
    expect(log).toHaveLength(2);
    expect(codes).toEqual([]);
  });

  it('gives up on STATUS_UNSUCCESSFUL after a bounded number of calls, saying so', () => {
    const tb = new TableBuffer(16);
    let calls = 0;
    expect(() =>
      tb.fill(
        'GetTcpTable2',
        () => {
          calls++;
          return 0xc0000001;
        },
        { maxAttempts: 3 },
      ),
    ).toThrow(/^GetTcpTable2 failed: STATUS_UNSUCCESSFUL \(0xC0000001\): still failing after 3 calls$/);
    expect(calls).toBe(3);
  });

  it('keeps the buffer across polls: a steady table costs one call', () => {
    const tb = new TableBuffer(16);
    tb.fill(
      'GetTcpTable2',
      fakeCall(() => 5000),
    );
    const first = tb.buf;
    const log: number[] = [];
    tb.fill(
      'GetTcpTable2',
      fakeCall(() => 5000, log),
    );
    tb.fill(
      'GetTcpTable2',
      fakeCall(() => 4000, log),
    );
    expect(log).toHaveLength(2);
    expect(tb.buf).toBe(first);
  });

  it('doubles when a call says 122 without asking for more than it got', () => {
    const tb = new TableBuffer(1000);
    let calls = 0;
    tb.fill('GetTcp6Table', (buf, size) => {
      calls++;
      if (buf.length < 3000) {
        size.writeUInt32LE(10, 0);
        return 122;
      }
      return 0;
    });
    expect(calls).toBe(2);
    expect(tb.buf.length).toBeGreaterThanOrEqual(2 * 1000);
  });

  it('refuses to allocate past the limit', () => {
    const tb = new TableBuffer(16);
    expect(() =>
      tb.fill(
        'GetTcpTable2',
        fakeCall(() => 2 ** 31),
        { maxBytes: 1 << 20 },
      ),
    ).toThrow(/GetTcpTable2 failed: ERROR_INSUFFICIENT_BUFFER \(122\): the table needs 2147483648 bytes/);
  });

  it.each([
    [50, 'ERROR_NOT_SUPPORTED'],
    [87, 'ERROR_INVALID_PARAMETER'],
    [8, 'ERROR_NOT_ENOUGH_MEMORY'],
    [31, 'Win32 error'],
  ])('reports code %i as %s with the function name', (code, name) => {
    const tb = new TableBuffer(16);
    let err: unknown;
    try {
      tb.fill('GetTcp6Table2', () => code);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Win32Error);
    expect((err as Win32Error).message).toBe(`GetTcp6Table2 failed: ${name} (${code})`);
    expect((err as Win32Error).functionName).toBe('GetTcp6Table2');
    expect((err as Win32Error).code).toBe(code);
  });
});
