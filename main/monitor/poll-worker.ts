/**
 * The poll worker: runs the monitor on its own thread, so reading and diffing a large table
 * never stalls the thread that serves the UI. Everything it sends is already JSON text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource } from '../../native-bridge';
import type { StatusMessage } from '../contract/messages';
import { encodeJson } from '../contract/messages';
import { describeError, Monitor } from './monitor';
import { runWorkerMethod } from './worker-methods';
import type { HostToWorker, WorkerOptions, WorkerToHost } from './worker-protocol';

function requireParentPort(): NonNullable<typeof parentPort> {
  if (!parentPort) throw new Error('poll-worker must run as a worker thread');
  return parentPort;
}
const port = requireParentPort();
const post = (message: WorkerToHost) => port.postMessage(message);

async function main(options: WorkerOptions): Promise<void> {
  let source;
  try {
    source = await createDataSource({ forceProc: options.forceProc, procRoot: options.procRoot });
  } catch (err) {
    post({ kind: 'fatal', error: describeError(err) });
    return;
  }
  // A snapshot served while no poll had yet succeeded is empty, and the first good poll is the
  // starting table (no events): clients holding such a snapshot must be resynced.
  let servedEmptySnapshot = false;
  const monitor = new Monitor(
    source,
    {
      events: (message) => {
        post({ kind: 'events', json: encodeJson(message) });
        if (servedEmptySnapshot && monitor.hasTable) {
          servedEmptySnapshot = false;
          post({ kind: 'reset' });
        }
      },
      status: (status) => post({ kind: 'status', json: encodeJson<StatusMessage>({ type: 'status', status }) }),
    },
    options,
  );
  port.on('message', (message: HostToWorker) => {
    if (message.kind === 'stop') {
      monitor.stop();
      port.close();
      return;
    }
    runWorkerMethod(monitor, message.method, message.params).then(
      (result) => {
        if (message.method === 'snapshot' && !monitor.hasTable) servedEmptySnapshot = true;
        post({ kind: 'response', id: message.id, ok: true, result });
      },
      (err: unknown) => post({ kind: 'response', id: message.id, ok: false, error: describeError(err) }),
    );
  });
  post({ kind: 'ready', status: encodeJson<StatusMessage>({ type: 'status', status: monitor.status() }) });
  monitor.start();
  if (options.paused) void monitor.firstPoll.then(() => monitor.pause());
}

void main(workerData as WorkerOptions);
