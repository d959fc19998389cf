// `serve --tls-cert --tls-key`: HTTPS and WSS with a self-signed certificate made by openssl,
// trusted by one client (its `ca`) and by no one else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ServeProcess } from '../../e2e/support/serve-process';
import { connectFrames } from '../../e2e/support/ws-frames';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS GET that trusts `ca` only (none: the system's store, which does not hold our certificate). */
function httpsGet(url: string, ca: Buffer | undefined, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe('sockscope serve over TLS', () => {
  let dir: string;
  let cert: Buffer;
  let serve: ServeProcess;

  beforeAll(async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-tls-'));
    const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    // prettier-ignore
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'pipe' });
    cert = fs.readFileSync(certFile);
    serve = await ServeProcess.start(['--port', '0', '--tls-cert', certFile, '--tls-key', keyFile]);
  });
  afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints an https URL in the same form', () => {
    expect(serve.url.protocol).toBe('https:');
    expect(serve.url.hostname).toBe('127.0.0.1');
    expect(serve.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('a client trusting its certificate gets the 303 with a Secure cookie, then the page by cookie', async () => {
    const traded = await httpsGet(serve.url.href, cert);
    expect(traded.status).toBe(303);
    expect(traded.headers.location).toBe('/');
    const cookie = String(traded.headers['set-cookie']);
    expect(cookie).toBe(
      `sockscope_token_${serve.url.port}=${encodeURIComponent(serve.token)}; HttpOnly; SameSite=Strict; Path=/; Secure`,
    );
    const page = await httpsGet(`${serve.origin}/`, cert, { Cookie: cookie.split(';')[0] });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(String(page.headers['content-security-policy'])).toContain(`wss://${serve.url.host}`);
  });

  it('and the snapshot over WSS', async () => {
    expect(serve.wsUrl).toBe(`wss://${serve.url.host}/ws`);
    const client = await connectFrames({ wsUrl: serve.wsUrl, wsOptions: { ...serve.wsOptions, ca: cert } });
    const snapshot = await client.next((f) => f.type === 'snapshot');
    expect(snapshot).toMatchObject({ type: 'snapshot', status: { source: expect.stringMatching(/^(netlink|proc)$/) } });
    client.ws.close();
  });

  it('a client that trusts nothing but the system store is refused, page and WebSocket', async () => {
    await expect(httpsGet(serve.url.href, undefined)).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/),
    });
    const ws = new WebSocket(serve.wsUrl, serve.wsOptions);
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => ws.once('error', resolve));
    expect(error.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
  });
});
