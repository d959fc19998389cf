import type { RateSample } from '../app/byte-rate';
import { formatByteRate } from '../format/format';

const WIDTH = 300;
const HEIGHT = 48;

/** A line per direction over the samples' span, scaled to the busiest moment. */
function points(samples: readonly RateSample[], value: (s: RateSample) => number, max: number): string {
  const first = samples[0].time;
  const span = Math.max(1, samples[samples.length - 1].time - first);
  return samples
    .map((s) => `${(((s.time - first) / span) * WIDTH).toFixed(1)},${(HEIGHT - 2 - (value(s) / max) * (HEIGHT - 4)).toFixed(1)}`)
    .join(' ');
}

/** The drill-down's traffic chart: bytes sent and received per second over the last minutes. */
export function ByteRateChart({ samples, minutes }: { samples: readonly RateSample[]; minutes: number }) {
  const latest = samples.at(-1);
  const peak = Math.max(1, ...samples.map((s) => Math.max(s.sentPerSecond, s.receivedPerSecond)));
  const label = latest
    ? `Traffic over the last ${minutes} minutes: now ${formatByteRate(latest.sentPerSecond)} sent, ${formatByteRate(latest.receivedPerSecond)} received; peak ${formatByteRate(peak)}`
    : 'Traffic: measuring…';
  return (
    <figure className="rate-chart" data-testid="process-traffic">
      <figcaption>
        <span className="rate-sent">↑ {latest ? formatByteRate(latest.sentPerSecond) : '…'}</span>{' '}
        <span className="rate-received">↓ {latest ? formatByteRate(latest.receivedPerSecond) : '…'}</span>{' '}
        <span className="muted">peak {formatByteRate(peak)}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={label}>
        <title>{label}</title>
        {samples.length > 1 && (
          <>
            <polyline className="rate-line-received" points={points(samples, (s) => s.receivedPerSecond, peak)} />
            <polyline className="rate-line-sent" points={points(samples, (s) => s.sentPerSecond, peak)} />
          </>
        )}
      </svg>
    </figure>
  );
}
