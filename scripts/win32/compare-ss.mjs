#!/usr/bin/env node
// Compares rows a Windows table reader produced under Wine with what Linux says (`ss -tanH`):
//   compare-ss.mjs SS_FILE HELPER_JSON [--family ipv4|ipv6|all] ROWS_JSON [[--family F] ROWS_JSON...]
// Each ROWS_JSON is a JSON array in the row format (`sockscope list --json`, `sockscope decode`).
// Identity (family, endpoints) and state must match as multisets. Then the helper's own sockets
// (linux-sockets.mjs) must be there with the states it set up, owned by PID 0 ("System Idle
// Process"): Wine's view of a Linux process's socket. The scope ids of its link-local sockets are
// checked against the interface ss names and its index: Windows reports the interface index; Wine
// reports htons() of the address's /proc/net/if_inet6 scope (0x20 for link-local: 8192), which it
// looks up for every IPv6 address (::1 reads 4096). Either passes, and the output says which;
// a byte-swapped read of either (docs/windows-scope-ids.md) does not.
import fs from 'node:fs';

const [ssFile, helperFile, ...rest] = process.argv.slice(2);
if (!ssFile || !helperFile || rest.length === 0) {
  console.error('usage: compare-ss.mjs SS_FILE HELPER_JSON [--family F] ROWS_JSON...');
  process.exit(2);
}

const SS_STATES = {
  LISTEN: 'LISTEN',
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECEIVED',
  'FIN-WAIT-1': 'FIN_WAIT_1',
  'FIN-WAIT-2': 'FIN_WAIT_2',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST_ACK',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSED',
  CLOSE: 'CLOSED',
};

/** `addr:port`, `[v6]:port`, with ss's `%iface` after the address (`[fe80::1]%eth0:22`). */
function endpoint(text) {
  const i = text.lastIndexOf(':');
  const port = text.slice(i + 1);
  const [, bracketed, bare, iface] = /^(?:\[([^\]]*)\]|([^%]*))(?:%(.+))?$/.exec(text.slice(0, i));
  let addr = bracketed ?? bare;
  const v6 = bracketed !== undefined;
  if (addr === '*') addr = v6 ? '::' : '0.0.0.0';
  return {
    family: v6 || addr.includes(':') ? 'ipv6' : 'ipv4',
    addr,
    port: port === '*' ? 0 : Number(port),
    iface: iface ?? null,
  };
}

const ssRows = fs
  .readFileSync(ssFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((line) => {
    const [state, , , local, peer] = line.trim().split(/\s+/);
    const l = endpoint(local);
    const p = endpoint(peer);
    if (!(state in SS_STATES)) throw new Error(`unknown ss state in: ${line}`);
    return {
      family: l.family,
      localAddress: l.addr,
      localPort: l.port,
      localInterface: l.iface,
      remoteAddress: p.addr,
      remotePort: p.port,
      state: SS_STATES[state],
    };
  });

const key = (r) => `${r.family} ${r.localAddress}:${r.localPort} ${r.remoteAddress}:${r.remotePort} ${r.state}`;
const count = (rows) => rows.reduce((m, r) => m.set(key(r), (m.get(key(r)) ?? 0) + 1), new Map());
const helper = JSON.parse(fs.readFileSync(helperFile, 'utf8'));

let failures = 0;
const fail = (msg) => {
  failures++;
  console.log(`  FAIL ${msg}`);
};

/** The 32 hex digits /proc/net/if_inet6 writes for an IPv6 address. */
function ipv6Hex(text) {
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join('');
}

/** The link-local address's interface index and Wine's scope id for it, from the kernel's own view. */
function linkLocalScopes(ll) {
  const hex = ipv6Hex(ll.address);
  const line = fs
    .readFileSync('/proc/net/if_inet6', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[0] === hex && f[5] === ll.interface);
  if (!line) throw new Error(`compare-ss: ${ll.address} on ${ll.interface} is not in /proc/net/if_inet6`);
  const index = parseInt(line[1], 16);
  const scope = parseInt(line[3], 16);
  const wine = ((scope & 0xff) << 8) | ((scope >> 8) & 0xff);
  return { index, scope, wine };
}

const ll = helper.linkLocal;
const scopes = ll ? linkLocalScopes(ll) : null;
if (ll) {
  const listed = ssRows.find((r) => r.localAddress === ll.address && r.localPort === ll.port && r.state === 'LISTEN');
  if (!listed) fail(`ss does not list the link-local listener [${ll.address}]:${ll.port}`);
  else if (listed.localInterface !== ll.interface)
    fail(`ss puts the link-local listener on ${listed.localInterface}, not ${ll.interface}`);
  console.log(
    `link-local ${ll.address} on ${ll.interface}: interface index ${scopes.index} (ss: %${listed?.localInterface}), ` +
      `/proc/net/if_inet6 scope 0x${scopes.scope.toString(16)} (Wine reports htons of it: ${scopes.wine})`,
  );
}
const seenScopes = new Set();

/** The scope ids of the link-local rows: the interface index (Windows) or Wine's value. */
function checkScope(what, field, value, listener) {
  const want = listener && field === 'remoteScopeId' ? [0] : [scopes.index, scopes.wine];
  if (!want.includes(value)) fail(`${what}: ${field} ${value}, expected ${want.join(' or ')}`);
  else if (!(listener && field === 'remoteScopeId'))
    seenScopes.add(value === scopes.index ? 'the interface index' : "Wine's if_inet6 scope");
}

let family = 'all';
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--family') {
    family = rest[++i];
    continue;
  }
  const file = rest[i];
  const rows = JSON.parse(fs.readFileSync(file, 'utf8'));
  const want = ssRows.filter((r) => family === 'all' || r.family === family);
  console.log(`${file} (${family}): ${rows.length} rows; ss: ${want.length}`);
  const a = count(rows);
  const b = count(want);
  for (const [k, n] of b) if ((a.get(k) ?? 0) !== n) fail(`ss has ${n} × ${k}, the rows have ${a.get(k) ?? 0}`);
  for (const [k, n] of a) if (!b.has(k)) fail(`the rows have ${n} × ${k}, ss has none`);

  // The helper's sockets, where this file covers their family.
  const expect = [
    ['ipv4', '127.0.0.1', helper.v4port, '0.0.0.0', 0, 'LISTEN'],
    ['ipv4', '0.0.0.0', helper.idlePort, '0.0.0.0', 0, 'LISTEN'],
    ['ipv4', '127.0.0.1', helper.established4, '127.0.0.1', helper.v4port, 'ESTABLISHED'],
    ['ipv4', '127.0.0.1', helper.half4, '127.0.0.1', helper.v4port, 'FIN_WAIT_2'],
    ['ipv4', '127.0.0.1', helper.v4port, '127.0.0.1', helper.half4, 'CLOSE_WAIT'],
    ['ipv6', '::1', helper.v6port, '::', 0, 'LISTEN'],
    ['ipv6', '::1', helper.established6, '::1', helper.v6port, 'ESTABLISHED'],
    ['ipv6', '::1', helper.v6port, '::1', helper.established6, 'ESTABLISHED'],
    ...(ll
      ? [
          ['ipv6', ll.address, ll.port, '::', 0, 'LISTEN'],
          ['ipv6', ll.address, ll.client, ll.address, ll.port, 'ESTABLISHED'],
          ['ipv6', ll.address, ll.port, ll.address, ll.client, 'ESTABLISHED'],
        ]
      : []),
  ].filter(([f]) => family === 'all' || f === family);
  for (const [f, la, lp, ra, rp, state] of expect) {
    const hit = rows.filter(
      (r) => r.family === f && r.localAddress === la && r.localPort === lp && r.remoteAddress === ra && r.remotePort === rp,
    );
    const what = `${f} ${la}:${lp} → ${ra}:${rp}`;
    if (hit.length !== 1) {
      fail(`${what}: ${hit.length} rows`);
      continue;
    }
    const r = hit[0];
    if (r.state !== state) fail(`${what}: state ${r.state}, expected ${state}`);
    // Rows from `list` are resolved: a Linux process's socket is PID 0 under Wine.
    if ('pid' in r && r.pid !== null && r.pid !== 0) fail(`${what}: pid ${r.pid}, expected 0 (a Linux process under Wine)`);
    if (r.processName !== null && r.processName !== 'System Idle Process') fail(`${what}: processName ${r.processName}`);
    if ('offloadState' in r && r.offloadState !== null && r.offloadState !== 'InHost')
      fail(`${what}: offloadState ${r.offloadState}`);
    if ('user' in r && r.user !== null) fail(`${what}: user ${r.user}, expected null (PID 0)`);
    if (ll && la === ll.address) {
      checkScope(what, 'localScopeId', r.localScopeId, state === 'LISTEN');
      checkScope(what, 'remoteScopeId', r.remoteScopeId, state === 'LISTEN');
    }
  }
}
if (ll) console.log(`link-local scope ids read as: ${[...seenScopes].join(', ') || 'none'}`);
console.log(failures === 0 ? 'compare-ss: all match' : `compare-ss: ${failures} mismatch(es)`);
process.exit(failures === 0 ? 0 : 1);
