import { execFileSync } from 'node:child_process';
import { endpointText } from '../../main/common/endpoint-text';
import { parseSs } from '../../native-bridge/linux/testing/ss';
import type { SocketActor } from './socket-actor';

/** A loopback connection the socket actor holds both ends of, for tests that close it. */
export interface ActorConnection {
  host: string;
  /** The listener's port. */
  port: number;
  /** The client's port. */
  localPort: number;
  /** The client end's endpoints, as `list` (and `ss`) write them. */
  local: string;
  remote: string;
  /** The actor's ids of the client end and of the listener's end (the peer of the client). */
  clientId: string;
  peerId: string;
}

let next = 0;

/** Opens a listener on `host` and connects to it, both in the actor. */
export async function openConnection(actor: SocketActor, host: string): Promise<ActorConnection> {
  const n = next++;
  const { port } = await actor.send({ op: 'listen', id: `L${n}`, host });
  const { localPort } = await actor.send({ op: 'connect', id: `C${n}`, host, port });
  return {
    host,
    port: port!,
    localPort: localPort!,
    local: endpointText(host, localPort!),
    remote: endpointText(host, port!),
    clientId: `C${n}`,
    peerId: `L${n}:${localPort}`,
  };
}

/** Whether `ss -tanH` lists the client end of the connection. */
export function ssLists(c: ActorConnection): boolean {
  const rows = parseSs(execFileSync('ss', ['-tanH'], { encoding: 'utf8' }));
  return rows.some(
    (r) => r.localAddress === c.host && r.localPort === c.localPort && r.remoteAddress === c.host && r.remotePort === c.port,
  );
}
