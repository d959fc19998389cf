import type { RateSample } from '../app/byte-rate';
import { liveRemoteGroups, listeningPorts, type HostNameOf } from '../app/process-summary';
import { endpointText, localEndpoint, remoteEndpoint } from '../../../main/common/endpoint-text';
import type { ConnectionGridRow } from '../sync/grid-row';
import { ByteRateChart } from './ByteRateChart';
import { RemoteHostLabel } from './HistoryBits';

/** Remote hosts listed; the grid (filtered to the process) shows them all. */
const GROUP_LIMIT = 100;
/** Connections listed one by one under "All connections". */
const CONNECTION_LIST_LIMIT = 300;

interface ProcessNowProps {
  connections: readonly ConnectionGridRow[];
  hostName: HostNameOf;
  samples: readonly RateSample[];
  hasCounters: boolean;
  rateMinutes: number;
}

/** The drill-down's "Now": traffic, where it listens, and its live connections by remote host. */
export function ProcessNow({ connections, hostName, samples, hasCounters, rateMinutes }: ProcessNowProps) {
  const rows = connections.map((c) => c.row);
  const groups = liveRemoteGroups(rows, hostName);
  const listening = listeningPorts(rows);
  return (
    <>
      {hasCounters ? (
        <ByteRateChart samples={samples} minutes={rateMinutes} />
      ) : (
        <p className="muted" data-testid="process-traffic-none">
          No byte counters: this source does not report them per connection.
        </p>
      )}

      <h4>Listening ({listening.length})</h4>
      {listening.length === 0 ? (
        <p className="muted">Not listening on any port.</p>
      ) : (
        <ul className="port-chips mono" data-testid="process-listening">
          {listening.map((l) => (
            <li key={`${l.address} ${l.port}`}>{endpointText(l.address, l.port)}</li>
          ))}
        </ul>
      )}

      <h4>Remote hosts ({groups.length})</h4>
      {groups.length === 0 ? (
        <p className="muted">No connections to other hosts now.</p>
      ) : (
        <ul className="panel-list remote-groups" data-testid="process-remote-groups">
          {groups.slice(0, GROUP_LIMIT).map((g) => (
            <li key={g.address} title={`${g.address}, remote ports ${g.ports.join(', ')}`}>
              <RemoteHostLabel address={g.address} host={g.host} />
              <span className="state-pills">
                {g.byState.map(({ state, count }) => (
                  <span key={state} className={`state-pill cell-state state-${state}`}>
                    {state} {count}
                  </span>
                ))}
              </span>
              <span className="muted mono remote-ports">:{g.ports.join(', ')}</span>
            </li>
          ))}
          {groups.length > GROUP_LIMIT && <li>… {groups.length - GROUP_LIMIT} more hosts</li>}
        </ul>
      )}

      <details className="all-connections">
        <summary>All connections ({connections.length})</summary>
        <ul className="panel-list mono" data-testid="process-connections">
          {connections.slice(0, CONNECTION_LIST_LIMIT).map((row) => (
            <li key={row.id} className={`state-${row.row.state}`}>
              <span className="state-tag">{row.row.state}</span> {localEndpoint(row.row)} → {remoteEndpoint(row.row)}
            </li>
          ))}
          {connections.length > CONNECTION_LIST_LIMIT && <li>… {connections.length - CONNECTION_LIST_LIMIT} more</li>}
        </ul>
      </details>
    </>
  );
}
