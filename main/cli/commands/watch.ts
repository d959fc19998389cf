import { Monitor } from '../../monitor/monitor';
import { CLI_INTERVAL_BOUNDS } from '../../monitor/poller';
import { formatEvent } from '../format';
import { parseCommandArgs, parseInterval, SOURCE_FLAGS, openSource } from '../options';

/** Prints connection events as they happen, until interrupted. */
export async function watchCommand(args: string[]): Promise<void> {
  const { values } = parseCommandArgs('watch', args, {
    json: { type: 'boolean' },
    interval: { type: 'string' },
    ...SOURCE_FLAGS,
  });
  const intervalMs = parseInterval('watch', values.interval, CLI_INTERVAL_BOUNDS);
  const source = await openSource('watch', values);
  let lastError: string | null = null;
  const monitor = new Monitor(
    source,
    {
      events: ({ events }) => {
        if (lastError !== null) process.stderr.write('sockscope watch: polling again\n');
        lastError = null;
        if (events.length === 0) return;
        const lines = events.map((e) => (values.json ? JSON.stringify(e) : formatEvent(e)));
        process.stdout.write(`${lines.join('\n')}\n`);
      },
      status: ({ error }) => {
        // Say each new failure once; the monitor keeps polling with backoff.
        if (error && error.message !== lastError) process.stderr.write(`sockscope watch: poll failed: ${error.message}\n`);
        lastError = error?.message ?? null;
      },
    },
    { intervalMs, intervalBounds: CLI_INTERVAL_BOUNDS },
  );
  if (!values.json) process.stderr.write(`sockscope watch: ${source.description}; press Ctrl-C to stop\n`);
  monitor.start();
  await new Promise<void>((resolve) => {
    const stop = () => {
      monitor.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
