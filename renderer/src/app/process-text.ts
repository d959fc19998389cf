/** Text for the process drill-down. Pure. */
import type { ProcessInfo } from '../../../main/common/types';
import type { ConnectionEvent } from '../../../main/common/contract/events';
import { localEndpoint, remoteEndpoint } from '../../../main/common/endpoint-text';
import { formatTransition } from '../format/format';

/** "nginx (PID 812)"; falls back to the name the table knows when the process cannot be read. */
export function processTitle(
  pid: number,
  info: ProcessInfo | null,
  connections: ReadonlyArray<{ row: { processName: string | null } }>,
): string {
  const name = info?.name ?? connections.find((c) => c.row.processName)?.row.processName ?? null;
  return name ? `${name} (PID ${pid})` : `PID ${pid}`;
}

const EVENT_VERBS: Record<ConnectionEvent['type'], string> = {
  opened: 'opened',
  'state-changed': 'changed',
  'owner-changed': 'changed owner',
  closed: 'closed',
};

/** "opened 127.0.0.1:40000 → 10.0.0.1:443 ESTABLISHED", "changed … SYN_SENT → ESTABLISHED". */
export function eventSummary(event: ConnectionEvent): string {
  const c = event.connection;
  const endpoints = `${localEndpoint(c)} → ${remoteEndpoint(c)}`;
  const state = event.from && event.to ? formatTransition({ from: event.from, to: event.to }) : c.state;
  const owner = event.type === 'owner-changed' ? ` now ${c.processName ?? '?'} (${c.pid ?? '?'})` : '';
  return `${EVENT_VERBS[event.type]} ${endpoints} ${state}${owner}`;
}
