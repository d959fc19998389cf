#!/usr/bin/env node
// Run by Linux node inside the test's network namespace: opens sockets that a Linux process owns
// (so Wine reports them with PID 0), writes their ports to the file given, and stays until killed.
//   v4: a listener with an established pair, a half-closed pair (FIN_WAIT_2 / CLOSE_WAIT),
//       and a listener on 0.0.0.0 with nothing connected; v6: a listener on ::1 with a pair;
//   with --link-local ADDR%IFACE: a listener on that link-local address with a pair.
import fs from 'node:fs';
import net from 'node:net';

const out = process.argv[2];
const linkLocalAt = process.argv.indexOf('--link-local');
const linkLocal = linkLocalAt < 0 ? null : process.argv[linkLocalAt + 1];
const sockets = [];

function listen(host) {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: true }, (s) => {
      sockets.push(s);
      s.on('end', () => {}); // never answer a FIN: the half-closed pair stays put
    });
    server.listen(0, host, () => resolve(server)).once('error', reject);
  });
}

function connect(host, port) {
  return new Promise((resolve, reject) => {
    const c = net.connect({ host, port, allowHalfOpen: true }, () => resolve(c)).once('error', reject);
    sockets.push(c);
  });
}

const v4 = await listen('127.0.0.1');
const v4port = v4.address().port;
const established4 = await connect('127.0.0.1', v4port);
const half4 = await connect('127.0.0.1', v4port);
half4.end();
const idle = await listen('0.0.0.0');
const v6 = await listen('::1');
const v6port = v6.address().port;
const established6 = await connect('::1', v6port);
let linkLocalInfo = null;
if (linkLocal) {
  const [address, iface] = linkLocal.split('%');
  const server = await listen(linkLocal);
  const port = server.address().port;
  const client = await connect(linkLocal, port);
  linkLocalInfo = { address, interface: iface, port, client: client.localPort };
}
await new Promise((r) => setTimeout(r, 300));

fs.writeFileSync(
  `${out}.tmp`,
  JSON.stringify({
    pid: process.pid,
    v4port,
    idlePort: idle.address().port,
    v6port,
    established4: established4.localPort,
    half4: half4.localPort,
    established6: established6.localPort,
    linkLocal: linkLocalInfo,
  }),
);
fs.renameSync(`${out}.tmp`, out);
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1 << 30);
