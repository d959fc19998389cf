import path from 'node:path';
import { MonitorHost } from '../../monitor/monitor-host';
import { UiNotBuiltError } from '../../server/static-files';
import { ListenError, startWebShell } from '../../server/web-shell';
import { Fanout } from '../../transport/fanout';
import { SockscopeMetrics } from '../../server/metrics/sockscope-metrics';
import { readTokenFile } from '../token-file';
import { readTlsFiles } from '../tls-files';
import { errorMessage } from '../../common/errors';
import {
  historyOptionsFrom,
  parseCommandArgs,
  parseIntegerOption,
  parseInterval,
  RECORDING_FLAGS,
  SOURCE_FLAGS,
  sourceOptionsFrom,
} from '../options';
import { CliError } from '../cli-errors';
import { sayHistoryNotes } from '../history-notes';

export const DEFAULT_PORT = 7878;

/** The headless web shell: the monitor on a worker thread, the UI over HTTP + WebSocket. */
export async function serveCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs('serve', args, {
    host: { type: 'string' },
    port: { type: 'string' },
    interval: { type: 'string' },
    'allow-actions': { type: 'boolean' },
    'no-resolve': { type: 'boolean' },
    'no-history': { type: 'boolean' },
    'metrics-token-file': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    ...RECORDING_FLAGS,
    ...SOURCE_FLAGS,
  });
  const port = parseIntegerOption('serve', 'port', values.port, 0, 65535) ?? DEFAULT_PORT;
  const intervalMs = parseInterval('serve', values.interval);
  const history = values['no-history'] ? null : historyOptionsFrom('serve', values);
  const tokenFile = values['metrics-token-file'];
  const token = tokenFile === undefined ? undefined : readTokenFile('serve', tokenFile);
  const tls = readTlsFiles('serve', values['tls-cert'], values['tls-key']);
  const fanout = new Fanout();
  let host: MonitorHost;
  try {
    host = await MonitorHost.start(sayHistoryNotes('serve', fanout), {
      intervalMs,
      resolveNames: !values['no-resolve'],
      history,
      ...sourceOptionsFrom(values),
    });
  } catch (err) {
    throw new CliError(`sockscope serve: cannot start the monitor: ${errorMessage(err)}`);
  }
  const metrics = new SockscopeMetrics(host);
  fanout.attach(metrics);
  let shell;
  try {
    shell = await startWebShell(host, fanout, {
      host: values.host ?? '127.0.0.1',
      port,
      rendererDir: path.join(__dirname, '..', 'renderer'),
      allowActions: values['allow-actions'] ?? false,
      token,
      metrics,
      tls,
    });
  } catch (err) {
    await host.stop();
    if (err instanceof ListenError || err instanceof UiNotBuiltError) {
      throw new CliError(`sockscope serve: ${err.message}`);
    }
    throw err;
  }
  const listenHost = values.host ?? '127.0.0.1';
  // Beyond loopback without TLS, anyone on the path reads every socket and the token, in plain HTTP.
  if (!['127.0.0.1', '::1', 'localhost'].includes(listenHost) && !listenHost.startsWith('127.') && !tls)
    process.stderr.write(
      `sockscope serve: warning: --host ${listenHost} is reachable beyond this machine; traffic is unencrypted (see --tls-cert)\n`,
    );
  process.stdout.write(`Sockscope UI: ${shell.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      // A worker stuck in a read that never returns cannot end: exit anyway, a moment later.
      setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
      void Promise.all([shell.close(), host.stop()]).then(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

const STOP_GRACE_MS = 3_000;
