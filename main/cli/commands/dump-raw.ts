import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TABLE_KINDS, type TableKind } from '../../../native-bridge/win32/layouts';
import { tableExtent } from '../../../native-bridge/win32/decode-tables';
import { parseCommandArgs } from '../options';
import { errorMessage } from '../../common/errors';
import { CliError, UsageError } from '../cli-errors';
import { writeOut } from '../write-out';

declare const SOCKSCOPE_VERSION: string | undefined;

type TableResult = { file: string; call: string; entries: number; bytes: number } | { call: string; error: string };

/**
 * `sockscope dump-raw DIR` (Windows): writes the bytes each IP Helper TCP table call wrote, one file
 * per table (`DIR/KIND.bin`, exactly dwNumEntries rows), and `DIR/manifest.json` saying which call
 * made each and what failed. Anyone can then run `sockscope decode --table KIND DIR/KIND.bin`.
 */
export async function dumpRawCommand(args: string[]): Promise<void> {
  const { positionals } = parseCommandArgs('dump-raw', args, {}, 1);
  const dir = positionals[0];
  if (dir === undefined) throw new UsageError('sockscope dump-raw: DIR is required');
  if (process.platform !== 'win32') {
    throw new CliError(
      `sockscope dump-raw: reading the raw TCP tables needs Windows (this is ${process.platform}); ` +
        `files dumped there decode anywhere with 'sockscope decode --table KIND FILE'`,
    );
  }
  const { TcpTableReader, tableCallName } = await import('../../../native-bridge/win32/iphlpapi');
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new CliError(`sockscope dump-raw: cannot create ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }

  const reader = new TcpTableReader();
  const tables: Partial<Record<TableKind, TableResult>> = {};
  const lines: string[] = [];
  for (const kind of TABLE_KINDS) {
    const call = tableCallName(kind);
    try {
      const buf = reader.read(kind);
      const { count, byteLength } = tableExtent(kind, buf);
      const file = `${kind}.bin`;
      await writeFile(path.join(dir, file), buf.subarray(0, byteLength));
      tables[kind] = { file, call, entries: count, bytes: byteLength };
      lines.push(`${path.join(dir, file)}: ${call}, ${count} row(s), ${byteLength} bytes`);
    } catch (err) {
      const error = errorMessage(err);
      tables[kind] = { call, error };
      lines.push(`${kind}: ${error}`);
    }
  }
  const manifest = {
    sockscope: typeof SOCKSCOPE_VERSION === 'string' ? SOCKSCOPE_VERSION : null,
    writtenAt: new Date().toISOString(),
    os: { platform: process.platform, release: os.release(), arch: process.arch },
    decode: 'sockscope decode --table KIND FILE',
    tables,
  };
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeOut(lines.join('\n'));
  if (Object.values(tables).every((t) => 'error' in t)) {
    throw new CliError(`sockscope dump-raw: no table could be read (see ${path.join(dir, 'manifest.json')})`);
  }
}
