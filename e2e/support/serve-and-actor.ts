import { expect, type test as base } from '@playwright/test';
import { failOnPageProblems } from './page-problems';
import { ServeProcess } from './serve-process';
import { SocketActor } from './socket-actor';

/** What a spec file gets: its own `serve` (with these arguments) and a socket actor, both stopped after it. */
export interface ServeAndActor {
  serve: ServeProcess;
  actor: SocketActor;
}

/**
 * The set-up most browser specs share: `serve` started before the file's tests, a socket actor
 * that stops by itself after `actorSeconds`, both stopped after them (serve must exit 0), and
 * page problems failing the test.
 */
export function serveAndActor(test: typeof base, serveArgs: string[], actorSeconds = 60): ServeAndActor {
  const shared = {} as ServeAndActor;
  test.beforeAll(async () => {
    shared.serve = await ServeProcess.start(['--port', '0', ...serveArgs]);
    shared.actor = new SocketActor(actorSeconds);
  });
  test.afterAll(async () => {
    shared.actor?.stop();
    expect(await shared.serve?.stop()).toBe(0);
  });
  failOnPageProblems(test);
  return shared;
}
