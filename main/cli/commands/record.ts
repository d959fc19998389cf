import { MonitorHost } from '../../monitor/monitor-host';
import { errorMessage } from '../../common/errors';
import { CliError } from '../cli-errors';
import { newAccessToken } from '../../server/access-token';
import { startMetricsServer, type MetricsServer } from '../../server/metrics/metrics-server';
import { SockscopeMetrics } from '../../server/metrics/sockscope-metrics';
import { Fanout } from '../../transport/fanout';
import { readTokenFile } from '../token-file';
import { sayHistoryNotes } from '../history-notes';
import {
  historyOptionsFrom,
  parseCommandArgs,
  parseIntegerOption,
  parseInterval,
  RECORDING_FLAGS,
  SOURCE_FLAGS,
  sourceOptionsFrom,
} from '../options';

const sizeText = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;

/** Records the history headless (a server, a systemd unit) until SIGINT or SIGTERM. */
export async function recordCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs('record', args, {
    interval: { type: 'string' },
    'metrics-port': { type: 'string' },
    'metrics-host': { type: 'string' },
    'metrics-token-file': { type: 'string' },
    ...RECORDING_FLAGS,
    ...SOURCE_FLAGS,
  });
  const intervalMs = parseInterval('record', values.interval);
  const history = historyOptionsFrom('record', values);
  const days = history.retention.maxAgeMs / 86_400_000;
  const recording = `sockscope record: recording into ${history.dataDir} (keeping ${days} days, at most ${sizeText(history.retention.maxBytes)}); stop with Ctrl-C or SIGTERM`;
  const metricsPort = parseIntegerOption('record', 'metrics-port', values['metrics-port'], 0, 65535);
  const tokenFile = values['metrics-token-file'];
  const token = tokenFile === undefined ? undefined : readTokenFile('record', tokenFile);
  // No clients but the metrics, when asked for: record has no UI.
  const fanout = new Fanout();
  let host: MonitorHost;
  try {
    host = await MonitorHost.start(sayHistoryNotes('record', fanout, recording), {
      intervalMs,
      resolveNames: false,
      history,
      ...sourceOptionsFrom(values),
    });
  } catch (err) {
    throw new CliError(`sockscope record: cannot start the monitor: ${errorMessage(err)}`);
  }
  let metricsServer: MetricsServer | null = null;
  if (metricsPort !== undefined) {
    const metrics = new SockscopeMetrics(host);
    fanout.attach(metrics);
    const metricsHost = values['metrics-host'] ?? '127.0.0.1';
    const metricsToken = token ?? newAccessToken();
    try {
      metricsServer = await startMetricsServer(metrics, metricsToken, metricsHost, metricsPort);
    } catch (err) {
      await host.stop();
      throw new CliError(`sockscope record: --metrics-port: ${errorMessage(err)}`);
    }
    const shown = metricsHost.includes(':') ? `[${metricsHost}]` : metricsHost;
    const tokenNote = token === undefined ? `, token ${metricsToken}` : '';
    process.stderr.write(`sockscope record: metrics at http://${shown}:${metricsServer.port}/metrics${tokenNote}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => void Promise.all([host.stop(), metricsServer?.close()]).then(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
