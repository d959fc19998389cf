#!/usr/bin/env node
// A scriptable socket owner for tests: reads JSON commands on stdin, one per line, and answers
// each with one JSON line on stdout. Bounded: it exits by itself after --max-seconds (default 120)
// or when stdin closes, so it can never outlive a test run.
//
//   {"op":"listen","id":"L","host":"127.0.0.1","port":0}      → {"ok":true,"port":N}
//   {"op":"connect","id":"C","host":"127.0.0.1","port":N}      → {"ok":true,"localPort":M} once established
//       the listener's side of it is named "<listener id>:<client localPort>"
//   {"op":"connect","id":"C",...,"wait":false}                 → {"ok":true} at once (for SYN_SENT)
//   {"op":"connect","id":"C",...,"localAddress":"127.1.0.9"}   → from that source address
//   {"op":"end","id":"C"}                                      → half-close: send FIN, keep reading
//   {"op":"write","id":"C","data":"x"}                         → sends data
//   {"op":"destroy","id":"C"}  {"op":"close","id":"L"}         → close a socket / a listener
//   {"op":"wait-end","id":"C"}                                 → {"ok":true,"ended":HOW} once the socket's peer
//       has gone (at once if it already has): HOW is the error code (ECONNRESET, ECONNABORTED), or EOF
//   {"op":"stuck-listener","id":"S","host":"127.0.0.1"}       → a listener that never accepts (backlog 0),
//       run by python3 so its accept queue fills: later connects stay in SYN_SENT
//   {"op":"accept-one","id":"S"}                               → the stuck listener accepts once
//   {"op":"reuseport","id":"R","host":"127.0.0.1","count":3}  → {"ok":true,"port":N,"pid":P}: count
//       listeners sharing one port (SO_REUSEPORT), run by python3 (Node 20 cannot open them)
//   {"op":"reuseport-close","id":"R","index":1}                → closes listener #index of that group
//   {"op":"deferred-listener","id":"D","host":"127.0.0.1"}    → {"ok":true,"port":N,"pid":P}: a listener with
//       TCP_DEFER_ACCEPT (python3): a client that sends nothing leaves its side in SYN_RECEIVED
//   {"op":"pid"}                                               → {"ok":true,"pid":P}
import net from 'node:net';
import readline from 'node:readline';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const maxSeconds = Number(process.argv[process.argv.indexOf('--max-seconds') + 1]) || 120;
setTimeout(() => process.exit(0), maxSeconds * 1000).unref();

const sockets = new Map();
const servers = new Map();
const stuck = new Map();
const reply = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

/** Keeps how a socket ended (its error code, or EOF) for wait-end; also keeps errors from throwing. */
function trackEnd(socket) {
  const waiters = [];
  socket.ended = null;
  const end = (how) => {
    if (socket.ended) return;
    socket.ended = how;
    for (const wake of waiters.splice(0)) wake(how);
  };
  socket.on('error', (err) => end(err.code ?? 'error'));
  socket.on('end', () => end('EOF'));
  socket.whenEnded = (wake) => (socket.ended ? wake(socket.ended) : waiters.push(wake));
}

/** Replies with the port a python3 helper prints first, or with an error if it dies before that. */
function answerWithPort(py, what) {
  let answered = false;
  const once = (answer) => {
    if (!answered) reply(answer);
    answered = true;
  };
  py.once('error', (err) => once({ ok: false, error: `${what}: ${err.message}` }));
  py.once('exit', (code) => once({ ok: false, error: `${what} exited before listening (${code})` }));
  readline.createInterface({ input: py.stdout }).once('line', (port) => once({ ok: true, port: Number(port), pid: py.pid }));
}

const commands = {
  pid: () => reply({ ok: true, pid: process.pid }),
  listen: ({ id, host = '127.0.0.1', port = 0, ipv6Only = false }) => {
    // allowHalfOpen: the accepted side stays in CLOSE_WAIT until told to end.
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      trackEnd(socket);
      socket.resume();
      sockets.set(`${id}:${socket.remotePort}`, socket);
    });
    server.on('error', (err) => reply({ ok: false, error: err.message }));
    server.listen({ host, port, ipv6Only }, () => {
      servers.set(id, server);
      reply({ ok: true, port: server.address().port });
    });
  },
  connect: ({ id, host = '127.0.0.1', port, wait = true, localAddress }) => {
    const socket = net.connect({ host, port, localAddress, allowHalfOpen: true });
    trackEnd(socket);
    socket.resume();
    sockets.set(id, socket);
    if (!wait) return reply({ ok: true });
    socket.once('connect', () => reply({ ok: true, localPort: socket.localPort }));
  },
  write: ({ id, data }) => {
    sockets.get(id).write(data, () => reply({ ok: true }));
  },
  end: ({ id }) => {
    sockets.get(id).end();
    reply({ ok: true });
  },
  'wait-end': ({ id }) => {
    sockets.get(id).whenEnded((ended) => reply({ ok: true, ended }));
  },
  destroy: ({ id }) => {
    sockets.get(id).destroy();
    sockets.delete(id);
    reply({ ok: true });
  },
  close: ({ id }) => {
    servers.get(id).close();
    servers.delete(id);
    reply({ ok: true });
  },
  'stuck-listener': ({ id, host = '127.0.0.1' }) => {
    const py = spawn('python3', ['-c', STUCK_LISTENER, host, String(maxSeconds)], { stdio: ['pipe', 'pipe', 'inherit'] });
    stuck.set(id, py);
    answerWithPort(py, 'the stuck listener');
  },
  'deferred-listener': ({ id, host = '127.0.0.1' }) => {
    const script = fileURLToPath(new URL('../../native-bridge/linux/testing/deferred-listener.py', import.meta.url));
    const py = spawn('python3', [script, host, String(maxSeconds)], { stdio: ['pipe', 'pipe', 'inherit'] });
    stuck.set(id, py);
    answerWithPort(py, 'deferred-listener.py');
  },
  'accept-one': ({ id }) => {
    stuck.get(id).stdin.write('accept\n');
    reply({ ok: true });
  },
  reuseport: ({ id, host = '127.0.0.1', count = 2 }) => {
    const py = spawn('python3', ['-c', REUSEPORT_LISTENERS, host, String(count), String(maxSeconds)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    stuck.set(id, py);
    const lines = readline.createInterface({ input: py.stdout });
    py.pending = [];
    lines.on('line', (line) =>
      line.startsWith('closed') ? py.pending.shift()?.() : reply({ ok: true, port: Number(line), pid: py.pid }),
    );
  },
  'reuseport-close': ({ id, index }) => {
    const py = stuck.get(id);
    py.pending.push(() => reply({ ok: true }));
    py.stdin.write(`${index}\n`);
  },
};

const REUSEPORT_LISTENERS = `
import socket, sys, time, threading
family = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
listeners = []
port = 0
for i in range(int(sys.argv[2])):
    s = socket.socket(family)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind((sys.argv[1], port)); s.listen(8)
    port = s.getsockname()[1]
    listeners.append(s)
print(port, flush=True)
def close_on_request():
    for line in sys.stdin:
        listeners[int(line)].close()
        print('closed', flush=True)
threading.Thread(target=close_on_request, daemon=True).start()
time.sleep(float(sys.argv[3]))
`;

const STUCK_LISTENER = `
import socket, sys, threading, time
s = socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)
s.bind((sys.argv[1], 0)); s.listen(0)
print(s.getsockname()[1], flush=True)
held = []
def accept_on_request():
    for line in sys.stdin:
        held.append(s.accept()[0])
threading.Thread(target=accept_on_request, daemon=True).start()
time.sleep(float(sys.argv[2]))
`;

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let cmd;
  try {
    cmd = JSON.parse(line);
    commands[cmd.op](cmd);
  } catch (err) {
    reply({ ok: false, error: `bad command ${line}: ${err.message}` });
  }
});
lines.on('close', () => {
  for (const py of stuck.values()) py.kill();
  process.exit(0);
});
