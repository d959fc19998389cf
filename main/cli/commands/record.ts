import { MonitorHost } from '../../monitor/monitor-host';
import { errorMessage } from '../../common/errors';
import { CliError } from '../cli-errors';
import { sayHistoryNotes } from '../history-notes';
import {
  historyOptionsFrom,
  parseCommandArgs,
  parseInterval,
  RECORDING_FLAGS,
  SOURCE_FLAGS,
  sourceOptionsFrom,
} from '../options';

const NO_CLIENTS = { events: () => undefined, status: () => undefined, names: () => undefined, reset: () => undefined };

const sizeText = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;

/** Records the history headless (a server, a systemd unit) until SIGINT or SIGTERM. */
export async function recordCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs('record', args, {
    interval: { type: 'string' },
    ...RECORDING_FLAGS,
    ...SOURCE_FLAGS,
  });
  const intervalMs = parseInterval('record', values.interval);
  const history = historyOptionsFrom('record', values);
  const days = history.retention.maxAgeMs / 86_400_000;
  const recording = `sockscope record: recording into ${history.dataDir} (keeping ${days} days, at most ${sizeText(history.retention.maxBytes)}); stop with Ctrl-C or SIGTERM`;
  let host: MonitorHost;
  try {
    host = await MonitorHost.start(sayHistoryNotes('record', NO_CLIENTS, recording), {
      intervalMs,
      resolveNames: false,
      history,
      ...sourceOptionsFrom(values),
    });
  } catch (err) {
    throw new CliError(`sockscope record: cannot start the monitor: ${errorMessage(err)}`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => void host.stop().then(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
