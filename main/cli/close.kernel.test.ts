// `sockscope close` against real connections, in a private network namespace (run as root there).
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection, ssLists } from '../../e2e/support/actor-connection';
import { runCli } from '../../e2e/support/serve-process';
import { SocketActor } from '../../e2e/support/socket-actor';
import { SOCKSCOPE_BIN } from '../../e2e/support/watch-process';

const lines = (text: string) => text.trimEnd().split('\n');

describe('sockscope close', () => {
  let actor: SocketActor;

  beforeAll(() => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    actor = new SocketActor(60);
  });
  afterAll(() => actor.stop());

  it.each([
    ['IPv4', '127.0.0.1', 'TCP'],
    ['IPv6', '::1', 'TCPv6'],
  ])(
    'closes an %s connection: one line, exit 0; the peer sees the reset and ss no longer lists it',
    async (_family, host, proto) => {
      const c = await openConnection(actor, host);
      expect(ssLists(c)).toBe(true);
      const r = runCli(['close', c.local, c.remote]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(lines(r.stdout)).toEqual([`closed ${proto} ${c.local} → ${c.remote} ESTABLISHED node(${actor.pid})`]);
      const peer = await actor.send({ op: 'wait-end', id: c.peerId });
      expect(['ECONNRESET', 'EOF']).toContain(peer.ended);
      // The owner's own socket is aborted under it.
      expect((await actor.send({ op: 'wait-end', id: c.clientId })).ended).toBe('ECONNABORTED');
      expect(ssLists(c)).toBe(false);
    },
  );

  it('refuses an unprivileged user with the CAP_NET_ADMIN line and exit 1; the connection stays', async () => {
    const c = await openConnection(actor, '127.0.0.1');
    const r = spawnSync(
      'setpriv',
      ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, SOCKSCOPE_BIN, 'close', c.local, c.remote],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.status).toBe(1);
    expect(lines(r.stderr)).toEqual(['sockscope close: needs administrator rights (CAP_NET_ADMIN)']);
    expect(r.stdout).toBe('');
    expect(ssLists(c)).toBe(true);
  });

  it('says there is no such connection, on one line of its own, exit 1', () => {
    const missing = runCli(['close', '127.0.0.1:1', '127.0.0.1:2']);
    expect({ code: missing.code, stdout: missing.stdout }).toEqual({ code: 1, stdout: '' });
    expect(lines(missing.stderr)).toEqual(['sockscope close: no such connection: TCP 127.0.0.1:1 → 127.0.0.1:2']);
  });

  it('says why the /proc source cannot close, exit 1, and leaves the connection', async () => {
    const c = await openConnection(actor, '::1');
    const r = runCli(['close', '--proc', c.local, c.remote]);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      'sockscope close: closing connections needs netlink sock_diag, which is unavailable here: the /proc source was asked for (--proc)',
    ]);
    expect(ssLists(c)).toBe(true);
  });

  it.each([
    [['close'], /LOCAL and REMOTE are required/],
    [['close', '127.0.0.1:80'], /LOCAL and REMOTE are required/],
    [['close', '127.0.0.1', '127.0.0.1:80'], /LOCAL '127\.0\.0\.1': it needs a port/],
    [['close', '127.0.0.1:80', '::1:80'], /REMOTE '::1:80': an IPv6 address goes in brackets/],
    [['close', '127.0.0.1:80', '127.0.0.1:99999'], /REMOTE '127\.0\.0\.1:99999': the port must be a number from 0 to 65535/],
    [['close', '127.0.0.1:1', '[::1]:2'], /LOCAL and REMOTE must both be IPv4 or both IPv6/],
  ])('sockscope %j is a usage error (exit 2) naming what was wrong', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: sockscope');
  });
});
