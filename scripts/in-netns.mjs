#!/usr/bin/env node
// Runs a command inside a private network namespace with only `lo` up, so tests and the
// benchmark see only their own sockets and can send traffic to nothing but loopback.
// Already inside one (SOCKSCOPE_NETNS=1)? Runs the command as it is.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: in-netns.mjs COMMAND [ARG...]');
  process.exit(2);
}

// Local binaries (vitest, playwright) first, as npm scripts have them.
const bin = path.resolve(import.meta.dirname, '..', 'node_modules', '.bin');
const env = { ...process.env, SOCKSCOPE_NETNS: '1', PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
if (process.env.SOCKSCOPE_NETNS === '1') {
  process.exit(spawnSync(args[0], args.slice(1), { stdio: 'inherit', env, shell: false }).status ?? 1);
}
const isRoot = process.getuid?.() === 0;
// Not root: a user namespace maps us to root inside, which is enough to own a network namespace.
const unshare = isRoot ? ['-n'] : ['-r', '-n'];
const script = 'ip link set lo up && exec "$@"';
const r = spawnSync('unshare', [...unshare, 'sh', '-c', script, 'in-netns', ...args], { stdio: 'inherit', env });
if (r.error) {
  console.error(`in-netns: cannot run unshare: ${r.error.message}`);
  process.exit(2);
}
process.exit(r.status ?? 1);
