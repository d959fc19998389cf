/**
 * The history worker: the recorder on its own thread, fed by the poll worker with the JSON it
 * already makes for the UI, so writing never costs the poll or the UI a thing. It also answers
 * the history queries while the database is open.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeJson } from '../../common/contract/messages';
import { errorMessage } from '../../common/errors';
import { Recording } from './recording';
import type { FromRecorder, HistoryOptions, ToRecorder } from './recorder-protocol';

/** While paused (a full disk, a failing write), recording is tried again this often. */
const RETRY_MS = 5_000;

function requireParentPort(): NonNullable<typeof parentPort> {
  if (!parentPort) throw new Error('history-worker must run as a worker thread');
  return parentPort;
}
const port = requireParentPort();
const post = (message: FromRecorder) => port.postMessage(message);

let opened = false;
const recording = new Recording(workerData as HistoryOptions, (state) => {
  // What opening found goes with 'opened'.
  if (!opened) return;
  post({ kind: 'state', ...state });
  if (recording.paused) scheduleRetry();
});

let retryTimer: NodeJS.Timeout | null = null;
function scheduleRetry(): void {
  retryTimer ??= setTimeout(() => {
    retryTimer = null;
    if (!recording.retry() && recording.paused) scheduleRetry();
  }, RETRY_MS);
}

function answer(message: Extract<ToRecorder, { kind: 'query' }>): void {
  const reader = recording.reader;
  try {
    if (!reader) throw new Error('the history database is not open');
    // Each method takes its own request's parameters: the poll worker sends them so.
    const method = reader[message.method].bind(reader) as (params: unknown) => unknown;
    post({ kind: 'answer', id: message.id, ok: true, result: method(message.params) });
  } catch (err) {
    post({ kind: 'answer', id: message.id, ok: false, error: errorMessage(err).split('\n')[0] });
  }
}

const continueFrom = recording.open();
post({ kind: 'opened', continueFrom, ...recording.state });
opened = true;

port.on('message', (message: ToRecorder) => {
  switch (message.kind) {
    case 'run':
      recording.startRun(decodeJson(message.snapshot));
      break;
    case 'poll':
      recording.poll(decodeJson(message.json), message.nextConn);
      break;
    case 'query':
      answer(message);
      break;
    case 'stop':
      if (retryTimer) clearTimeout(retryTimer);
      recording.close();
      post({ kind: 'stopped' });
      port.close();
      break;
  }
});
