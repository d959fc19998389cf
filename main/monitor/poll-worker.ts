/**
 * The poll worker: runs the monitor on its own thread, so reading and diffing a large table
 * never stalls the thread that serves the UI. Everything it sends is already JSON text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource } from '../../native-bridge';
import type { NamesMessage, StatusMessage } from '../common/contract/messages';
import { encodeJson } from '../common/contract/messages';
import { encodeSnapshot } from '../common/contract/snapshot-parts';
import { errorMessage } from '../common/errors';
import { ActivityBoard } from './activity-board';
import { Monitor } from './monitor';
import { Recorder } from './history/recorder';
import type { HistoryStatus } from '../common/contract/messages';
import { runWorkerRequest, type WorkerContext } from './worker-methods';
import type { HostToWorker, WorkerOptions, WorkerToHost } from './worker-protocol';

/** The event ring's size where a recorder keeps the history (the ring then only stands in if it fails). */
const EVENT_LOG_WHILE_RECORDING = 10_000;

function requireParentPort(): NonNullable<typeof parentPort> {
  if (!parentPort) throw new Error('poll-worker must run as a worker thread');
  return parentPort;
}
const port = requireParentPort();
const post = (message: WorkerToHost) => port.postMessage(message);

async function main(options: WorkerOptions): Promise<void> {
  const board = options.activityBuffer ? new ActivityBoard(options.activityBuffer) : null;
  let activity: string | null = null;
  const onActivity = (what: string | null) => {
    activity = what;
    board?.write(what);
  };
  let source;
  try {
    source = await createDataSource({ forceProc: options.forceProc, procRoot: options.procRoot, onActivity });
  } catch (err) {
    post({ kind: 'fatal', error: errorMessage(err) });
    return;
  }
  // The recorder opens its database first: the monitor's seq and connection ids continue after
  // the ones recorded, so none repeats in the history.
  let recorderStatusTo: Monitor | null = null;
  const recorder = options.history
    ? await Recorder.start(options.history, (status) => recorderStatusTo?.setHistoryStatus(status))
    : null;
  const historyOff: HistoryStatus = { recording: false, note: 'not recording: history is off (--no-history)', since: null };
  let runStarted = false;
  // A snapshot served while no poll had yet succeeded is empty, and the first good poll is the
  // starting table (no events): clients holding such a snapshot must be resynced.
  let servedEmptySnapshot = false;
  const monitor: Monitor = new Monitor(
    source,
    {
      events: (message) => {
        const json = encodeJson(message);
        post({ kind: 'events', json });
        if (recorder) {
          // The recorder follows the table from the same JSON; the starting table goes first, whole.
          if (runStarted) recorder.record(json, monitor.nextConnectionNumber);
          else if (monitor.hasTable) {
            runStarted = true;
            recorder.startRun(encodeJson(monitor.snapshot()));
          }
        }
        if (servedEmptySnapshot && monitor.hasTable) {
          servedEmptySnapshot = false;
          post({ kind: 'reset' });
        }
      },
      status: (status) => post({ kind: 'status', json: encodeJson<StatusMessage>({ type: 'status', status }) }),
      names: (names) => post({ kind: 'names', json: encodeJson<NamesMessage>({ type: 'names', names }) }),
    },
    {
      ...options,
      // Recorded, the history is read from the database: the memory ring is only its stand-in
      // should the recorder fail, and at 100 000 events it held ~250 MB for nothing.
      eventLogCapacity: recorder ? Math.min(options.eventLogCapacity, EVENT_LOG_WHILE_RECORDING) : options.eventLogCapacity,
      activity: () => activity,
      continueFrom: recorder?.continueFrom ?? undefined,
      history: recorder?.status ?? historyOff,
    },
  );
  recorderStatusTo = monitor;
  const context: WorkerContext = {
    monitor,
    history: () => (recorder?.readable ? recorder : monitor.memoryHistory),
  };
  const serialisedSnapshot = async () => {
    // Before the first poll there is no table yet: a snapshot then would be empty.
    await monitor.firstPoll;
    if (!monitor.hasTable) servedEmptySnapshot = true;
    return encodeSnapshot(monitor.snapshot());
  };
  port.on('message', (message: HostToWorker) => {
    if (message.kind === 'stop') {
      monitor.stop();
      void (recorder?.stop() ?? Promise.resolve()).then(() => {
        post({ kind: 'stopped' });
        port.close();
      });
      return;
    }
    if (message.kind === 'ping') return post({ kind: 'pong' });
    const answer = message.kind === 'snapshot' ? serialisedSnapshot() : runWorkerRequest(context, message);
    answer.then(
      (result) => post({ kind: 'response', id: message.id, ok: true, result }),
      (err: unknown) => post({ kind: 'response', id: message.id, ok: false, error: errorMessage(err) }),
    );
  });
  post({ kind: 'ready', status: encodeJson<StatusMessage>({ type: 'status', status: monitor.status() }) });
  monitor.start();
}

void main(workerData as WorkerOptions);
