import { endpointText, protocolName } from '../../common/endpoint-text';
import { ActionError, STILL_OPEN } from '../../common/errors';
import type { DataSource, TcpRow } from '../../common/types';
import { CommandFailed, UsageError } from '../cli-errors';
import { hasEndpoints, parseEndpointArg, type Endpoint } from '../endpoint-arg';
import { owner } from '../format';
import { parseCommandArgs, SOURCE_FLAGS, openSource } from '../options';
import { writeOut } from '../write-out';

/**
 * `sockscope close LOCAL REMOTE`: closes the connection with exactly these endpoints (Linux:
 * SOCK_DESTROY), then reads the table again to see it gone. Exit 0 and one line on stdout, or
 * exit 1 and one line on stderr saying why not.
 */
export async function closeCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('close', args, { ...SOURCE_FLAGS }, 2);
  if (positionals.length < 2) {
    throw new UsageError(
      'sockscope close: LOCAL and REMOTE are required, as list prints them: close 127.0.0.1:40000 127.0.0.1:8080',
    );
  }
  const local = parseEndpointArg('close', 'LOCAL', positionals[0]);
  const remote = parseEndpointArg('close', 'REMOTE', positionals[1]);
  if (local.family !== remote.family) {
    throw new UsageError(
      'sockscope close: LOCAL and REMOTE must both be IPv4 or both IPv6 (an IPv4 peer of an IPv6 socket is ::ffff:a.b.c.d)',
    );
  }
  const source = await openSource('close', values);
  try {
    await writeOut(`closed ${await closeMatching(source, local, remote)}`);
  } finally {
    source.close?.();
  }
}

function fail(reason: string): never {
  throw new CommandFailed(`sockscope close: ${reason}`);
}

/** Closes every socket with these endpoints (normally one; SO_REUSEPORT listeners share theirs) and says what it closed. */
async function closeMatching(source: DataSource, local: Endpoint, remote: Endpoint): Promise<string> {
  const refusal = source.closeRefusal?.(local.family) ?? null;
  if (refusal !== null) fail(refusal);
  if (!source.closeConnection) fail(`this data source (${source.description}) cannot close connections`);
  const what = `${protocolName(local.family)} ${endpointText(local.address, local.port, local.scopeId)} → ${endpointText(remote.address, remote.port, remote.scopeId)}`;
  const matching = (await source.snapshot()).filter((r) => hasEndpoints(r, local, remote));
  if (matching.length === 0) fail(`no such connection: ${what}`);
  for (const row of matching) {
    try {
      await source.closeConnection(row);
    } catch (err) {
      if (err instanceof ActionError) fail(err.message);
      throw err;
    }
  }
  // Whatever the OS answered, only a table without the sockets shows them closed.
  const after = await source.snapshot();
  if (after.some((r) => hasEndpoints(r, local, remote) && matching.some((m) => sameSocket(m, r)))) fail(STILL_OPEN);
  const [first] = matching;
  return matching.length > 1 ? `${matching.length} sockets ${what} (${first.state})` : `${what} ${first.state} ${owner(first)}`;
}

/** The same socket in another snapshot: equal inodes where both have one (TIME_WAIT has none). */
const sameSocket = (a: TcpRow, b: TcpRow): boolean => !a.inode || !b.inode || a.inode === b.inode;
