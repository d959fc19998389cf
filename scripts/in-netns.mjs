#!/usr/bin/env node
// Runs a command inside a private network namespace with only `lo` up, so tests and the
// benchmark see only their own sockets and can send traffic to nothing but loopback; and in a
// private mount namespace with the test names (e2e/support/test-names.json): a hosts file and
// a resolv.conf (nameserver 127.0.0.1) bind-mounted over /etc's, and Debian's dnsmasq answering
// PTR queries on 127.0.0.1:53 where it is installed, stopped when the command ends.
// Already inside one (SOCKSCOPE_NETNS=1)? Runs the command as it is.
//
// The command sees SOCKSCOPE_NETNS=1, XDG_DATA_HOME in a temporary folder, and SOCKSCOPE_TEST_DNS=1 with SOCKSCOPE_TEST_DNS_LOG (the
// file dnsmasq logs each query to) while dnsmasq answers.
import { spawn, spawnSync } from 'node:child_process';
import dns from 'node:dns';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import names from '../e2e/support/test-names.json' with { type: 'json' };

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: in-netns.mjs COMMAND [ARG...]');
  process.exit(2);
}

// Local binaries (vitest, playwright) first, as npm scripts have them.
const bin = path.resolve(import.meta.dirname, '..', 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };

/** dnsmasq gets this long to answer its first query. */
const DNS_READY_MS = 5_000;

if (process.env.SOCKSCOPE_NETNS === '1') {
  process.exit(spawnSync(args[0], args.slice(1), { stdio: 'inherit', env, shell: false }).status ?? 1);
} else if (process.env.SOCKSCOPE_NETNS === 'setup') {
  // Second stage, inside the new namespaces.
  process.exit(await insideNamespaces());
} else {
  const isRoot = process.getuid?.() === 0;
  // Not root: a user namespace maps us to root inside, which is enough to own a network and a mount namespace.
  const unshare = isRoot ? ['-n', '-m'] : ['-r', '-n', '-m'];
  const r = spawnSync('unshare', [...unshare, process.execPath, import.meta.filename, ...args], {
    stdio: 'inherit',
    env: { ...env, SOCKSCOPE_NETNS: 'setup' },
  });
  if (r.error) {
    console.error(`in-netns: cannot run unshare: ${r.error.message}`);
    process.exit(2);
  }
  process.exit(r.status ?? 1);
}

function run(command, ...argv) {
  const r = spawnSync(command, argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`);
}

/** The hosts file: the standard localhost lines, this machine's name, then the test names. */
function hostsFile() {
  return [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    `127.0.1.1\t${os.hostname()}`,
    ...names.hostsFile.map(({ address, name }) => `${address}\t${name}`),
    '',
  ].join('\n');
}

/** Binds `text`, written to a file in `dir`, over `target` (this mount namespace only). */
function bindOver(dir, target, text) {
  const file = path.join(dir, path.basename(target));
  fs.writeFileSync(file, text);
  run('mount', '--bind', file, target);
}

function findDnsmasq() {
  const dirs = ['/usr/sbin', '/sbin', ...(process.env.PATH ?? '').split(path.delimiter)];
  return dirs.map((d) => path.join(d, 'dnsmasq')).find((p) => fs.existsSync(p));
}

/**
 * dnsmasq on 127.0.0.1:53, answering from its command line only: a PTR name for every address
 * of the synthesized range, the test records, and NXDOMAIN for any other reverse query (so a
 * lookup gets "no name" at once rather than a refusal).
 */
async function startDnsmasq(dnsmasq, dir) {
  const { range, prefix, domain } = names.synthesized;
  const log = path.join(dir, 'dnsmasq-queries.log');
  const options = [
    // In the foreground, as who we are: a user namespace (not root) maps no other user or
    // group, and refuses the setgroups() that dropping privileges starts with.
    '--no-daemon',
    '--no-hosts',
    '--no-resolv',
    '--no-poll',
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    '--port=53',
    '--local=/in-addr.arpa/',
    '--local=/ip6.arpa/',
    `--synth-domain=${domain},${range},${prefix}`,
    ...names.dnsRecords.map(({ address, name }) => `--host-record=${name},${address}`),
    '--log-queries',
    `--log-facility=${log}`,
  ];
  // Killed by the kernel when this process ends, however it ends (prctl PR_SET_PDEATHSIG).
  // --no-daemon also copies the log to stderr: that goes to a file, shown only if dnsmasq fails.
  const stderrFile = path.join(dir, 'dnsmasq-stderr.log');
  const stderr = fs.openSync(stderrFile, 'w');
  const server = spawn('setpriv', ['--pdeathsig', 'SIGTERM', dnsmasq, ...options], { stdio: ['ignore', 'ignore', stderr] });
  fs.closeSync(stderr);
  const failure = (why) => {
    const said = fs.readFileSync(stderrFile, 'utf8').trim().split('\n').slice(-3).join(' / ');
    return new Error(`${why}${said ? `: ${said}` : ''}`);
  };
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const resolver = new dns.promises.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers(['127.0.0.1']);
  const deadline = Date.now() + DNS_READY_MS;
  for (;;) {
    try {
      await resolver.reverse(names.dnsRecords[0].address);
      return { log, stop: () => (server.kill(), exited) };
    } catch (err) {
      if (server.exitCode !== null || server.signalCode !== null) throw failure('dnsmasq exited');
      if (Date.now() > deadline) {
        server.kill();
        throw failure(`dnsmasq did not answer in ${DNS_READY_MS} ms (${err.code ?? err.message})`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function insideNamespaces() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-netns-'));
  let dnsmasq;
  try {
    run('ip', 'link', 'set', 'lo', 'up');
    bindOver(dir, '/etc/hosts', hostsFile());
    bindOver(dir, '/etc/resolv.conf', 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    // The hosts file, then DNS, whatever this machine's nsswitch.conf says (e.g. systemd-resolved's module, which would bypass resolv.conf).
    if (fs.existsSync('/etc/nsswitch.conf')) {
      const rest = fs
        .readFileSync('/etc/nsswitch.conf', 'utf8')
        .split('\n')
        .filter((l) => !/^\s*hosts\s*:/.test(l));
      bindOver(dir, '/etc/nsswitch.conf', ['hosts: files dns', ...rest].join('\n'));
    }
  } catch (err) {
    console.error(`in-netns: cannot set up the test namespace: ${err.message}`);
    fs.rmSync(dir, { recursive: true, force: true });
    return 2;
  }
  // Whatever records history in here (serve, record, the bench) writes into this run's own
  // folder, removed at the end, never into the user's data directory.
  const childEnv = { ...env, SOCKSCOPE_NETNS: '1', XDG_DATA_HOME: path.join(dir, 'data') };
  const binary = findDnsmasq();
  if (binary) {
    try {
      dnsmasq = await startDnsmasq(binary, dir);
      Object.assign(childEnv, { SOCKSCOPE_TEST_DNS: '1', SOCKSCOPE_TEST_DNS_LOG: dnsmasq.log });
    } catch (err) {
      console.error(`in-netns: no test DNS server: ${err.message}`);
    }
  }
  const child = spawn(args[0], args.slice(1), { stdio: 'inherit', env: childEnv });
  // A terminal's Ctrl-C reaches the command too: wait for it to finish, then clean up.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`in-netns: cannot run ${args[0]}: ${err.message}`);
      resolve(127);
    });
    child.on('exit', (status, signal) => resolve(status ?? 128 + (os.constants.signals[signal] ?? 0)));
  });
  await dnsmasq?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return code;
}
