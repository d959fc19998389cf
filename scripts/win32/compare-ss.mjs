#!/usr/bin/env node
// Compares rows a Windows table reader produced under Wine with what Linux says (`ss -tanH`):
//   compare-ss.mjs SS_FILE HELPER_JSON [--family ipv4|ipv6|all] ROWS_JSON [[--family F] ROWS_JSON...]
// Each ROWS_JSON is a JSON array in the row format (`sockscope list --json`, `sockscope decode`).
// Identity (family, endpoints) and state must match as multisets; scope ids are not compared (Wine
// reports 4096 for ::1). Then the helper's own sockets (linux-sockets.mjs) must be there with the
// states it set up, owned by PID 0 ("System Idle Process"): Wine's view of a Linux process's socket.
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

function endpoint(text) {
  const i = text.lastIndexOf(':');
  let addr = text.slice(0, i);
  const port = text.slice(i + 1);
  const v6 = addr.startsWith('[');
  addr = addr.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (addr === '*') addr = v6 ? '::' : '0.0.0.0';
  return { family: v6 || addr.includes(':') ? 'ipv6' : 'ipv4', addr, port: port === '*' ? 0 : Number(port) };
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
  }
}
console.log(failures === 0 ? 'compare-ss: all match' : `compare-ss: ${failures} mismatch(es)`);
process.exit(failures === 0 ? 0 : 1);
