// Real sockets, real kernel: run inside the test network namespace
// (node scripts/in-netns.mjs npx vitest run --project kernel).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource, TcpRow } from '../../main/common/types';
import { createLinuxSource } from './source';
import { parseSs, rowKey, tableKeys, type SsRow } from './testing/ss';

interface Scenario {
  pid: number;
  heldListenerPid: number;
  deferredListenerPid: number;
  ports: Record<'v4' | 'v6' | 'dual' | 'halfOpen' | 'closer' | 'held' | 'deferred', number>;
}

let child: ChildProcess;
let scenario: Scenario;

beforeAll(async () => {
  if (process.env.SOCKSCOPE_NETNS !== '1')
    throw new Error(
      'kernel tests run inside the test network namespace: node scripts/in-netns.mjs npx vitest run --project kernel',
    );
  child = spawn(process.execPath, [path.join(import.meta.dirname, 'testing', 'scenario.mjs'), '--hold-seconds', '60'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  scenario = await new Promise<Scenario>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`scenario exited early (${code})`)));
    child.stdout?.once('data', (d) => resolve(JSON.parse(String(d)) as Scenario));
  });
});

afterAll(() => {
  child?.kill();
});

function ss(): SsRow[] {
  return parseSs(execFileSync('ss', ['-tanpH'], { encoding: 'utf8' }));
}

/** Takes a snapshot and ss's view right after; retried once in case a socket changed in between. */
async function snapshotWithSs(source: DataSource): Promise<{ rows: TcpRow[]; reference: SsRow[] }> {
  for (let attempt = 0; ; attempt++) {
    const rows = await source.snapshot();
    const reference = ss();
    if (attempt === 1 || JSON.stringify(tableKeys(rows)) === JSON.stringify(tableKeys(reference))) return { rows, reference };
  }
}

function expectSameAsSs(rows: TcpRow[], reference: SsRow[]): void {
  expect(tableKeys(rows)).toEqual(tableKeys(reference));
  const byKey = new Map(rows.map((r) => [rowKey(r), r]));
  for (const want of reference) {
    const row = byKey.get(rowKey(want));
    // ss names every process holding the socket; we name one of them, or none when ss names none.
    if (want.pids.length === 0) expect({ key: rowKey(want), pid: row?.pid }).toEqual({ key: rowKey(want), pid: null });
    else expect({ key: rowKey(want), pid: want.pids.includes(row?.pid ?? -1) }).toEqual({ key: rowKey(want), pid: true });
  }
}

describe.each([
  ['netlink', {}],
  ['/proc/net/tcp', { forceProc: true }],
] as const)('Linux source via %s', (_name, options) => {
  let source: DataSource;
  beforeAll(async () => {
    source = await createLinuxSource(options);
  });
  afterAll(() => source?.close?.());

  it('uses the implementation asked for', () => {
    expect(source.kind).toBe('forceProc' in options ? 'proc' : 'netlink');
  });

  it('lists exactly what ss lists: families, addresses, ports, states, owners', async () => {
    const { rows, reference } = await snapshotWithSs(source);
    expectSameAsSs(rows, reference);
  });

  it('stays right on a second, cached poll', async () => {
    const { rows, reference } = await snapshotWithSs(source);
    expectSameAsSs(rows, reference);
  });

  it('shows each scenario case the way a user expects', async () => {
    const rows = await source.snapshot();
    const { ports, pid, heldListenerPid } = scenario;
    const at = (port: number): TcpRow[] => rows.filter((r) => r.localPort === port || r.remotePort === port);

    expect(
      at(ports.v4)
        .map((r) => r.state)
        .sort(),
    ).toEqual(['ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
    expect(at(ports.v6).every((r) => r.family === 'ipv6' && r.localAddress === '::1')).toBe(true);
    // Dual-stack listener on :: with an IPv4 client: the accepted socket is IPv4-mapped IPv6.
    expect(at(ports.dual).find((r) => r.state === 'LISTEN')).toMatchObject({ family: 'ipv6', localAddress: '::' });
    expect(at(ports.dual).find((r) => r.localPort === ports.dual && r.state === 'ESTABLISHED')).toMatchObject({
      family: 'ipv6',
      localAddress: '::ffff:127.0.0.1',
      remoteAddress: '::ffff:127.0.0.1',
      pid,
    });
    expect(
      at(ports.halfOpen)
        .map((r) => r.state)
        .sort(),
    ).toEqual(['CLOSE_WAIT', 'FIN_WAIT_2', 'LISTEN']);
    expect(at(ports.closer).find((r) => r.state === 'TIME_WAIT')).toMatchObject({ pid: null, processName: null, inode: 0 });

    const held = at(ports.held);
    expect(held.find((r) => r.state === 'LISTEN')).toMatchObject({ pid: heldListenerPid, processName: 'node' });
    expect(held.filter((r) => r.state === 'SYN_SENT').length).toBeGreaterThan(0);
    // Connections waiting in the accept queue of the listener that never accepts: nobody holds them yet.
    const queued = held.filter((r) => r.localPort === ports.held && r.state === 'ESTABLISHED');
    expect(queued.length).toBeGreaterThan(0);
    for (const r of queued) expect(r).toMatchObject({ pid: null, inode: 0 });

    // TCP_DEFER_ACCEPT: the client that sent nothing is ESTABLISHED, the server side a request socket.
    const deferred = at(ports.deferred);
    expect(deferred.find((r) => r.state === 'LISTEN')).toMatchObject({
      pid: scenario.deferredListenerPid,
      processName: expect.stringMatching(/^python/),
    });
    expect(deferred.find((r) => r.localPort === ports.deferred && r.state !== 'LISTEN')).toMatchObject({
      state: 'SYN_RECEIVED',
      pid: null,
      inode: 0,
    });
    expect(deferred.find((r) => r.remotePort === ports.deferred)).toMatchObject({
      state: 'ESTABLISHED',
      pid,
      processName: 'node',
    });

    for (const r of rows.filter((x) => x.pid === pid)) expect(r.processName).toBe('node');
    if (source.kind === 'netlink') {
      const established = rows.filter((r) => r.state === 'ESTABLISHED' && r.inode !== 0);
      expect(established.every((r) => typeof r.bytesSent === 'number' && (r.rttMs ?? 0) > 0)).toBe(true);
    }
  });

  it('describes the owning process', async () => {
    const info = await source.processInfo(scenario.pid);
    expect(info).toMatchObject({ pid: scenario.pid, name: 'node', exePath: fs.realpathSync(process.execPath), user: 'root' });
    expect(info?.commandLine).toContain('scenario.mjs --hold-seconds 60');
    const age = Date.now() - Date.parse(info?.startedAt ?? '');
    expect(age).toBeGreaterThanOrEqual(-1000); // boot time is whole seconds
    expect(age).toBeLessThan(60_000);
    expect(await source.processInfo(2 ** 22 + 1)).toBeNull(); // above any pid_max: no such process
  });
});

describe.each([[['list', '--json']], [['list', '--json', '--proc']]])('bin/sockscope %j as a process', (args) => {
  const bin = path.join(import.meta.dirname, '..', '..', 'bin', 'sockscope');

  it('agrees with ss -tanpH row for row: family, addresses, ports, state, pid', () => {
    // The same retry as for the source: a socket may change between the two commands.
    for (let attempt = 0; ; attempt++) {
      const rows = JSON.parse(execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8' })) as TcpRow[];
      const reference = ss();
      if (attempt === 1 || JSON.stringify(tableKeys(rows)) === JSON.stringify(tableKeys(reference))) {
        expectSameAsSs(rows, reference);
        // Every case of the scenario is in it: dual-stack v4-mapped, half-close, TIME_WAIT, SYN_SENT, SYN_RECEIVED.
        const states = new Set(rows.map((r) => r.state));
        for (const s of ['LISTEN', 'ESTABLISHED', 'FIN_WAIT_2', 'CLOSE_WAIT', 'TIME_WAIT', 'SYN_SENT', 'SYN_RECEIVED'] as const)
          expect(states).toContain(s);
        expect(rows.some((r) => r.localAddress === '::ffff:127.0.0.1')).toBe(true);
        return;
      }
    }
  });
});
