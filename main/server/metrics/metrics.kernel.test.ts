// `sockscope serve`'s /metrics, scraped by a real Prometheus (Debian's package) in a private
// network namespace, and checked through Prometheus's own HTTP API with PromQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SocketActor } from '../../../e2e/support/socket-actor';
import { ServeProcess } from '../../../e2e/support/serve-process';
import { RecordProcess } from '../../../e2e/support/record-process';

const PROMETHEUS = '/usr/bin/prometheus';
const havePrometheus = fs.existsSync(PROMETHEUS);
// CI installs it (.ci/run): there a missing Prometheus fails instead of skipping.
if (!havePrometheus && process.env.SOCKSCOPE_REQUIRE_PROMETHEUS === '1') throw new Error(`${PROMETHEUS} is required here`);
if (!havePrometheus) console.log(`skipped: ${PROMETHEUS} is not installed (apt-get install prometheus)`);

/** Polls `check` until it returns a value, at most `ms`. */
async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('/metrics', () => {
  let serve: ServeProcess;
  let actor: SocketActor;
  let prometheus: ChildProcess | null = null;
  let promUrl = '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-prometheus-'));
  const tokenFile = path.join(dir, 'token');
  const token = 'metrics-test-token-0123456789';

  /** The one value PromQL `query` gives now, or undefined while there is none. */
  async function promValue(query: string): Promise<number | undefined> {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
    const result = body.data?.result ?? [];
    return result.length === 1 ? Number(result[0].value[1]) : undefined;
  }

  beforeAll(async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    actor = new SocketActor(90);
    for (const id of ['A', 'B', 'C']) await actor.send({ op: 'listen', id, host: '127.0.0.1' });
    await actor.send({ op: 'listen', id: 'V6', host: '::1' });
    fs.writeFileSync(tokenFile, `${token}\n`);
    serve = await ServeProcess.start(['--port', '0', '--interval', '250', '--no-history', '--metrics-token-file', tokenFile]);
    if (!havePrometheus) return;
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    const config = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(
      config,
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: sockscope',
        '    scrape_interval: 1s',
        '    scrape_timeout: 1s',
        `    authorization: { credentials_file: ${JSON.stringify(tokenFile)} }`,
        `    static_configs: [{ targets: ["${serve.url.host}"] }]`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`],
      { stdio: 'ignore' },
    );
    await waitFor('Prometheus to answer', 20_000, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
  }, 40_000);

  afterAll(async () => {
    actor?.stop();
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (prometheus.exitCode === null) prometheus.kill('SIGKILL');
    }
    expect(await serve?.stop()).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without the token, with a wrong one, and with it as a query string', async () => {
    const url = `${serve.origin}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    expect((await fetch(`${url}?token=${token}`)).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toMatch(/^sockscope_connections\{state="LISTEN",family="ipv6"\} 1$/m);
  });

  it.skipIf(!havePrometheus)(
    'Prometheus sees as many IPv4 listeners as ss -tlnH',
    async () => {
      const ssCount = () => execFileSync('ss', ['-tlnH', '-4'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
      // Prometheus's own listener is among them: counted once it is up, which it is by now.
      const expected = ssCount();
      expect(expected).toBeGreaterThanOrEqual(5); // the actor's three, serve, Prometheus
      const seen = await waitFor('the IPv4 LISTEN count in Prometheus', 15_000, async () => {
        const v = await promValue('sockscope_connections{state="LISTEN",family="ipv4"}');
        return v === expected ? v : undefined;
      }).catch(async (err: Error) => {
        throw new Error(
          `${err.message}: Prometheus has ${await promValue('sockscope_connections{state="LISTEN",family="ipv4"}')}, ss ${expected}`,
        );
      });
      expect(seen).toBe(ssCount());
      expect(await promValue('sockscope_listening_ports{family="ipv6"}')).toBe(1);
    },
    30_000,
  );

  it.skipIf(!havePrometheus)(
    'sockscope_events_total{type="opened"} rises by the connections opened',
    async () => {
      const query = 'sockscope_events_total{type="opened"}';
      const before = await waitFor('a first scrape', 15_000, () => promValue(query));
      const { port } = await actor.send({ op: 'listen', id: 'E', host: '127.0.0.1' });
      const connections = 5;
      for (let i = 0; i < connections; i++) await actor.send({ op: 'connect', id: `E${i}`, host: '127.0.0.1', port });
      // Each connection is two sockets (the client's end and the accepted one), plus the listener.
      const opened = 2 * connections + 1;
      const after = await waitFor('the opened events in Prometheus', 15_000, async () => {
        const v = await promValue(query);
        return v !== undefined && v >= before + opened ? v : undefined;
      });
      // Scrapes and queries may open a connection or two of their own, no more.
      expect(after - before).toBeGreaterThanOrEqual(opened);
      expect(after - before).toBeLessThanOrEqual(opened + 3);
    },
    30_000,
  );
});

describe('record --metrics-port', () => {
  it('serves /metrics with the token from the file, 401 without it', async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-record-metrics-'));
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'record-metrics-token\n');
    const record = new RecordProcess(path.join(dir, 'data'), [
      '--interval',
      '250',
      '--metrics-port',
      '0',
      '--metrics-token-file',
      tokenFile,
    ]);
    try {
      const url = /metrics at (http:\/\/\S+\/metrics)$/.exec(await record.line(/metrics at /))?.[1] ?? '';
      // The token came from the file: it is not printed.
      expect(record.stderr.join('\n')).not.toContain('record-metrics-token');
      expect((await fetch(url)).status).toBe(401);
      const text = await waitFor('a first poll in /metrics', 10_000, async () => {
        const res = await fetch(url, { headers: { authorization: 'Bearer record-metrics-token' } });
        const body = await res.text();
        return res.status === 200 && /^sockscope_poll_duration_seconds_count [1-9]/m.test(body) ? body : undefined;
      });
      // Its own metrics listener, at least.
      expect(text).toMatch(/^sockscope_connections\{state="LISTEN",family="ipv4"\} [1-9]/m);
    } finally {
      expect((await record.stop()).code).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
