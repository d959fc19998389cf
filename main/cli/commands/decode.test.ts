// The CLI side of `decode` / `dump-raw`: files of raw IP Helper bytes in, JSON rows or one-line errors out.
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeCommand } from './decode';
import { dumpRawCommand } from './dump-raw';
import { CliError, UsageError } from '../cli-errors';
import { filetimeOf, v4, v6, writeFixture } from '../../../native-bridge/win32/testing/fixture-writer';

let dir: string;
let out: string;
let err: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sockscope-decode-'));
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, cb?: () => void) => {
    out += chunk;
    cb?.();
    return true;
  }) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => {
    err += chunk;
    return true;
  }) as typeof process.stderr.write);
});
afterEach(() => vi.restoreAllMocks());

const file = (name: string, bytes: Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('sockscope decode', () => {
  it('prints the rows of a table file as a JSON array in the row format', async () => {
    const f = file(
      'm.bin',
      writeFixture('tcp6-owner-module', [
        {
          state: 5,
          local: v6('0:0:0:0:0:ffff:7f00:1'),
          localPort: 8080,
          remote: v6('0:0:0:0:0:ffff:7f00:1'),
          remotePort: 65535,
          portJunk: 0x1234,
          pid: 42,
          createTimestamp: filetimeOf('2024-02-29T12:00:00.250Z'),
        },
      ]),
    );
    await decodeCommand(['--table', 'tcp6-owner-module', f]);
    expect(JSON.parse(out)).toEqual([
      {
        family: 'ipv6',
        localAddress: '::ffff:127.0.0.1',
        localPort: 8080,
        localScopeId: 0,
        remoteAddress: '::ffff:127.0.0.1',
        remotePort: 65535,
        remoteScopeId: 0,
        state: 'ESTABLISHED',
        pid: 42,
        processName: null,
        offloadState: null,
        createdAt: '2024-02-29T12:00:00.250Z',
        module: null,
      },
    ]);
  });

  it('decodes an empty table to []', async () => {
    await decodeCommand(['--table', 'tcp-table2', file('e.bin', Buffer.alloc(4))]);
    expect(out).toBe('[]\n');
  });

  it('refuses a file larger than any table a call can write, before reading it', async () => {
    const huge = path.join(dir, 'huge.bin');
    writeFileSync(huge, Buffer.alloc(4));
    truncateSync(huge, 1024 * 1024 * 1024); // sparse: no disk used
    await expect(decodeCommand(['--table', 'tcp-table2', huge])).rejects.toThrow(
      new CliError(
        `sockscope decode: ${huge}: 1073741824 bytes is larger than any TCP table can be (a table call's buffer stops at 268435456 bytes)`,
      ),
    );
    expect(out).toBe('');
  });

  it('writes a big table in chunks, never as one string (3 000 000 rows would not fit in one)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      state: 2,
      local: v4('127.0.0.1'),
      localPort: i % 65536,
      remote: v4('0.0.0.0'),
      remotePort: 0,
      pid: 1,
    }));
    const writes: number[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, cb?: () => void) => {
      out += chunk;
      writes.push(chunk.length);
      cb?.();
      return true;
    }) as typeof process.stdout.write);
    await decodeCommand(['--table', 'tcp-table2', file('big.bin', writeFixture('tcp-table2', rows))]);
    expect(JSON.parse(out)).toHaveLength(20_000);
    expect(writes.length).toBeGreaterThan(3);
    expect(Math.max(...writes)).toBeLessThan(out.length / 2);
  });

  it('a malformed file is a one-line CliError', async () => {
    const short = file('short.bin', Buffer.from([1, 0]));
    await expect(decodeCommand(['--table', 'tcp-table2', short])).rejects.toThrow(CliError);
    await expect(decodeCommand(['--table', 'tcp-table2', short])).rejects.toThrow(
      /short\.bin: MIB_TCPTABLE2: 2 bytes is shorter than the table header/,
    );
    const over = file(
      'over.bin',
      writeFixture('tcp-owner-pid', [{ state: 2, local: v4('0.0.0.0'), localPort: 1, remote: v4('0.0.0.0'), remotePort: 0 }], {
        countOverride: 9,
      }),
    );
    const e = await decodeCommand(['--table', 'tcp-owner-pid', over]).catch((x: Error) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as Error).message).not.toContain('\n');
    expect((e as Error).message).toMatch(/dwNumEntries is 9 but the 28 bytes hold at most 1 rows/);
    await expect(decodeCommand(['--table', 'tcp-table2', path.join(dir, 'missing.bin')])).rejects.toThrow(
      /cannot read .*missing\.bin: ENOENT/,
    );
  });

  it('usage errors: no --table, an unknown kind, no FILE, two FILEs', async () => {
    await expect(decodeCommand([file('x.bin', Buffer.alloc(4))])).rejects.toThrow(UsageError);
    await expect(decodeCommand(['--table', 'udp-table', 'x'])).rejects.toThrow(
      /unknown table 'udp-table': choose one of tcp-table2, tcp6-table2/,
    );
    await expect(decodeCommand(['--table', 'tcp-table2'])).rejects.toThrow(/FILE is required/);
    await expect(decodeCommand(['--table', 'tcp-table2', 'a', 'b'])).rejects.toThrow(/unexpected argument 'b'/);
  });

  it('says on stderr which rows had a state outside 1..12', async () => {
    const row = { local: v4('1.2.3.4'), localPort: 1, remote: v4('5.6.7.8'), remotePort: 2 };
    await decodeCommand([
      '--table',
      'tcp-table2',
      file(
        's.bin',
        writeFixture('tcp-table2', [
          { ...row, state: 5 },
          { ...row, state: 0 },
        ]),
      ),
    ]);
    expect(JSON.parse(out)).toHaveLength(1);
    expect(err).toMatch(/left out 1 row\(s\) whose state is not 1\.\.12 \(0\)/);
  });
});

describe('sockscope dump-raw', () => {
  it.skipIf(process.platform === 'win32')('is a CliError off Windows', async () => {
    await expect(dumpRawCommand([dir])).rejects.toThrow(CliError);
    await expect(dumpRawCommand([dir])).rejects.toThrow(/needs Windows/);
  });
  it('needs DIR', async () => {
    await expect(dumpRawCommand([])).rejects.toThrow(UsageError);
  });
});
