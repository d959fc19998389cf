// A stand-in poll worker for MonitorHost's own tests: speaks the worker protocol, holds no data
// source; its snapshots count how many it has served, and say the heap limit it runs with. `getProcess` with pid 999
// makes it die, as a crashed worker would; with pid 998 its thread blocks for FAKE_WORKER_BLOCK_MS (default 60 s), as one stuck in a system call would, after
// writing what it is doing to the activity board; with FAKE_WORKER_FATAL=1 in the environment it fails to start.
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

let snapshotsServed = 0;
const status = {
  source: 'proc',
  sourceDescription: 'fake',
  intervalMs: workerData.intervalMs,
  lastGoodPollAt: null,
  error: null,
  pollDurationMs: null,
  closeRefusal: { ipv4: null, ipv6: null },
  resolveNames: workerData.resolveNames,
};
if (process.env.FAKE_WORKER_FATAL === '1') {
  parentPort.postMessage({ kind: 'fatal', error: 'cannot open the data source: EACCES' });
} else {
  parentPort.postMessage({ kind: 'ready', status: JSON.stringify({ type: 'status', status }) });
  parentPort.on('message', (m) => {
    if (m.kind === 'stop') return parentPort.close();
    if (m.kind === 'ping') return parentPort.postMessage({ kind: 'pong' });
    if (m.method === 'getProcess' && m.params.pid === 999) process.exit(1);
    if (m.method === 'getProcess' && m.params.pid === 998) {
      const text = new TextEncoder().encode('reading /fake/net/tcp');
      new Uint8Array(workerData.activityBuffer, 4).set(text);
      Atomics.store(new Int32Array(workerData.activityBuffer, 0, 1), 0, text.length);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env.FAKE_WORKER_BLOCK_MS ?? 60_000));
    }
    // As the monitor does, a change of interval or resolving is announced in a status push.
    if (m.method === 'setIntervalMs') status.intervalMs = m.params.intervalMs;
    if (m.method === 'setResolveNames') status.resolveNames = m.params.resolve;
    if (m.method === 'setIntervalMs' || m.method === 'setResolveNames')
      parentPort.postMessage({ kind: 'status', json: JSON.stringify({ type: 'status', status }) });
    const result =
      m.kind === 'snapshot'
        ? [
            JSON.stringify({
              type: 'snapshot',
              epoch: 'fake',
              seq: 0,
              connections: [],
              status,
              served: ++snapshotsServed,
              heapSizeLimit: v8.getHeapStatistics().heap_size_limit,
            }),
          ]
        : { ...status };
    parentPort.postMessage({ kind: 'response', id: m.id, ok: true, result });
  });
}
