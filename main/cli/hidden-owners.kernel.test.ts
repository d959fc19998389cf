// A monitor without root cannot see other users' fd tables: it says so instead of leaving owners blank.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TcpRow } from '../common/types';
import { SocketActor } from '../../e2e/support/socket-actor';
import { SOCKSCOPE_BIN } from '../../e2e/support/watch-process';

const asNobody = (args: string[]) =>
  spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, SOCKSCOPE_BIN, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('owners hidden from an unprivileged monitor', () => {
  let actor: SocketActor;
  let port: number;

  beforeAll(async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    expect(process.getuid?.(), 'this test drops from root to nobody').toBe(0);
    actor = new SocketActor(60); // runs as root, like this test
    port = (await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' })).port!;
  });
  afterAll(() => actor.stop());

  it('marks root-owned sockets as hidden and says so on stderr, as root sees them owned', () => {
    const nobody = asNobody(['list', '--json']);
    expect(nobody.status).toBe(0);
    const seen = (JSON.parse(nobody.stdout) as TcpRow[]).find((r) => r.localPort === port);
    expect(seen).toMatchObject({ pid: null, ownerHidden: true, user: 'root' });
    expect(nobody.stderr).toMatch(
      /^sockscope list: \d+ connections?'s? owners? (is|are) hidden: run Sockscope as root to see them\n$/,
    );

    const root = spawnSync(process.execPath, [SOCKSCOPE_BIN, 'list', '--json'], { encoding: 'utf8' });
    const owned = (JSON.parse(root.stdout) as TcpRow[]).find((r) => r.localPort === port);
    expect(owned).toMatchObject({ pid: actor.pid, user: 'root' });
    expect(owned?.ownerHidden).toBeUndefined();
    expect(root.stderr).toBe('');
  });
});
