// Real kernel: run inside the test network namespace (node scripts/in-netns.mjs npx vitest run --project kernel <file>).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'rolldown';
import { describe, expect, it } from 'vitest';
import type { TcpRow } from '../../main/common/types';
import { DestroyListener } from './destroy-listener';

/** Opens one loopback connection to a fresh listener and closes both ends at once; resolves with the ports. */
async function shortConnection(host: string): Promise<{ server: number; client: number }> {
  const server = net.createServer((s) => s.on('end', () => s.end()));
  await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve));
  const port = (server.address() as net.AddressInfo).port;
  const client = await new Promise<net.Socket>((resolve) => {
    const s = net.connect({ host, port }, () => resolve(s));
  });
  const clientPort = client.localPort!;
  client.end();
  await new Promise<void>((resolve) => client.on('close', () => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { server: port, client: clientPort };
}

/** Drains until `want` holds or 2 s pass: the kernel broadcasts from a work queue, a moment after the close. */
async function drainUntil(listener: DestroyListener, want: (rows: TcpRow[]) => boolean): Promise<TcpRow[]> {
  const rows: TcpRow[] = [];
  for (let i = 0; i < 40 && !want(rows); i++) {
    rows.push(...listener.drain().rows);
    await new Promise((r) => setTimeout(r, 50));
  }
  return rows;
}

describe('DestroyListener', () => {
  // IPv4 only: on this machine's kernel (6.18) no IPv6 destroy arrived, through this listener or ss -E.
  it.each(['127.0.0.1'])('reports each freed socket of a short connection on %s, with its ports and cookie', async (host) => {
    const listener = new DestroyListener();
    try {
      const ports = await shortConnection(host);
      const isServerEnd = (r: TcpRow): boolean => r.localPort === ports.server && r.remotePort === ports.client;
      const isClientEnd = (r: TcpRow): boolean => r.localPort === ports.client && r.remotePort === ports.server;
      const isListener = (r: TcpRow): boolean => r.localPort === ports.server && r.remotePort === 0;
      const rows = await drainUntil(listener, (rs) => rs.some(isServerEnd) && rs.some(isClientEnd) && rs.some(isListener));
      const server = rows.find(isServerEnd);
      const client = rows.find(isClientEnd); // freed on entering TIME_WAIT
      expect(server).toMatchObject({ family: host === '::1' ? 'ipv6' : 'ipv4', state: 'CLOSED', pid: null });
      expect(client).toMatchObject({ state: 'CLOSED' });
      expect(server!.cookie).toBeGreaterThan(0);
      expect(server!.cookie).not.toBe(client!.cookie);
      // Listener freed too (the server closed), and nothing left over for the next drain.
      expect(rows.some(isListener)).toBe(true);
      expect(listener.drain()).toEqual({ rows: [], ids: [], lost: false });
    } finally {
      listener.close();
    }
  });

  it('says when the kernel dropped messages (ENOBUFS), and goes on receiving', async () => {
    const listener = new DestroyListener({ receiveBufferBytes: 1 }); // the kernel's minimum: a few messages
    try {
      for (let i = 0; i < 30; i++) await shortConnection('127.0.0.1');
      await new Promise((r) => setTimeout(r, 200));
      expect(listener.drain().lost).toBe(true);
      const ports = await shortConnection('127.0.0.1');
      const rows = await drainUntil(listener, (rs) =>
        rs.some((r) => r.localPort === ports.server && r.remotePort === ports.client),
      );
      expect(rows.some((r) => r.localPort === ports.server && r.remotePort === ports.client)).toBe(true);
    } finally {
      listener.close();
    }
  });

  it('works without root (as nobody), as ss -E does', async () => {
    if (process.geteuid?.() !== 0) return; // already unprivileged: the test above is this one
    // The listener bundled to plain JS (rolldown, which vite ships), run as nobody in a child.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'destroy-listener-'));
    fs.chmodSync(dir, 0o755);
    const bundle = path.join(dir, 'destroy-listener.cjs');
    await build({
      input: path.join(import.meta.dirname, 'destroy-listener.ts'),
      platform: 'node',
      external: ['koffi'],
      logLevel: 'silent',
      output: { file: bundle, format: 'cjs' },
    });
    const script = `
      const net = require('node:net');
      const { DestroyListener } = require(${JSON.stringify(bundle)});
      const l = new DestroyListener();
      const srv = net.createServer((s) => s.destroy()).listen(0, '127.0.0.1', () => {
        const port = srv.address().port;
        const c = net.connect(port, '127.0.0.1');
        c.on('close', () => { srv.close(); setTimeout(() => {
          console.log(l.drain().rows.filter((r) => r.remotePort === port || r.localPort === port).length);
        }, 300); });
      });`;
    const out = execFileSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(import.meta.dirname, '..', '..', 'node_modules') },
    });
    fs.rmSync(dir, { recursive: true });
    expect(Number(out.trim())).toBe(3); // the listener and both ends of the connection
  });
});
