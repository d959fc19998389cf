/**
 * A monitor over a table the test sets, recording into a real history database as the poll
 * worker does (its JSON, to a Recording), all on this thread: for tests of the store and queries.
 */
import type { TrackedConnection } from '../../../common/contract/events';
import type { DataSource, TcpRow } from '../../../common/types';
import type { RecorderState } from '../recorder-protocol';
import { Monitor } from '../../monitor';
import { Recording } from '../recording';
import { DEFAULT_RETENTION, type Retention } from '../store-writer';

/** A JSON round trip, as every message between threads makes. */
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface RecordedMonitor {
  monitor: Monitor;
  recording: Recording;
  states: RecorderState[];
  /** Sets the table, polls once; resolves with that poll's time and the table after it. */
  poll(rows: TcpRow[]): Promise<{ time: string; table: TrackedConnection[] }>;
  stop(): void;
}

export function recordedMonitor(dataDir: string, retention: Retention = DEFAULT_RETENTION): RecordedMonitor {
  let rows: TcpRow[] = [];
  const source: DataSource = {
    kind: 'fixture',
    description: 'test table',
    snapshot: async () => rows,
    processInfo: async () => null,
  };
  const states: RecorderState[] = [];
  const recording = new Recording({ dataDir, retention }, (s) => states.push(s));
  const continueFrom = recording.open();
  let started = false;
  const monitor: Monitor = new Monitor(
    source,
    {
      events: (message) => {
        if (started) return recording.poll(viaJson(message), monitor.nextConnectionNumber);
        started = true;
        recording.startRun(viaJson(monitor.snapshot()));
      },
    },
    { continueFrom: continueFrom ?? undefined },
  );
  return {
    monitor,
    recording,
    states,
    poll: async (next) => {
      rows = next;
      const { time } = await monitor.pollOnce();
      return { time, table: viaJson(monitor.snapshot().connections) };
    },
    stop: () => {
      monitor.stop();
      recording.close();
    },
  };
}
