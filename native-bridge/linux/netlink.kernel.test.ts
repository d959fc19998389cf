// Real kernel: run inside the test network namespace (see source.kernel.test.ts).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TcpRow } from '../../main/common/types';
import { decodeInetDiag } from './inet-diag-decode';
import { SockDiagClient } from './netlink';
import { collectRows } from './tcp-row';
import { rowKey } from './testing/ss';

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];

beforeAll(async () => {
  for (const host of ['127.0.0.1', '::1']) {
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve));
    servers.push(server);
    const { port } = server.address() as net.AddressInfo;
    sockets.push(
      await new Promise<net.Socket>((resolve) => {
        const s = net.connect({ host, port }, () => resolve(s));
      }),
    );
  }
});

afterAll(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
});

function dump(client: SockDiagClient): TcpRow[] {
  const rows: TcpRow[] = [];
  client.dumpTcp((chunk, length) => decodeInetDiag(chunk, length, collectRows(rows)) > 0);
  return rows;
}

describe('SockDiagClient', () => {
  it('lists the same sockets with one walk for both families as with one request per family', () => {
    const single = new SockDiagClient();
    const perFamily = new SockDiagClient({ perFamily: true });
    single.probe();
    perFamily.probe();
    const identity = (rows: TcpRow[]): string[] => rows.map((r) => `${rowKey(r)} inode=${r.inode}`).sort();
    const a = dump(single);
    expect(a.length).toBeGreaterThanOrEqual(6); // 2 listeners, 2 × 2 connected ends
    expect(identity(a)).toEqual(identity(dump(perFamily)));
    single.close();
    perFamily.close();
  });

  it('keeps working across many polls on one socket and after a close', () => {
    const client = new SockDiagClient();
    client.probe();
    const first = dump(client).length;
    for (let i = 0; i < 20; i++) expect(dump(client)).toHaveLength(first);
    client.close();
    expect(dump(client)).toHaveLength(first); // reopens on demand
    client.close();
  });
});
