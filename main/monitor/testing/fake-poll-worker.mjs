// A stand-in poll worker for MonitorHost's own tests: speaks the worker protocol, holds no data
// source; its snapshots count how many it has served. `getProcess` with pid 999 makes it die, as a crashed worker would; with
// FAKE_WORKER_FATAL=1 in the environment it fails to start.
import { parentPort, workerData } from 'node:worker_threads';

let snapshotsServed = 0;
const status = {
  source: 'proc',
  sourceDescription: 'fake',
  paused: workerData.paused ?? false,
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
    if (m.method === 'getProcess' && m.params.pid === 999) process.exit(1);
    // As the monitor does, a change of pause, interval or resolving is announced in a status push.
    if (m.method === 'setPaused') status.paused = m.params.paused;
    if (m.method === 'setIntervalMs') status.intervalMs = m.params.intervalMs;
    if (m.method === 'setResolveNames') status.resolveNames = m.params.resolve;
    if (m.method === 'setPaused' || m.method === 'setIntervalMs' || m.method === 'setResolveNames')
      parentPort.postMessage({ kind: 'status', json: JSON.stringify({ type: 'status', status }) });
    const result =
      m.kind === 'snapshot'
        ? JSON.stringify({ type: 'snapshot', epoch: 'fake', seq: 0, connections: [], status, served: ++snapshotsServed })
        : { ...status };
    parentPort.postMessage({ kind: 'response', id: m.id, ok: true, result });
  });
}
