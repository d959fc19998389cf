/** Display text for grid cells and the status bar. Pure: every "now" is passed in. */
import type { Transition } from '../../../main/common/contract/events';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1536 → "1.5 KiB"; blank when the source does not report byte counts. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** Bytes per second: 1536 → "1.50 KiB/s"; whole bytes below a KiB. */
export function formatByteRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** A round-trip time with precision that matches its magnitude: loopback RTTs are tens of µs. */
export function formatRtt(rttMs: number | null | undefined): string {
  if (rttMs === null || rttMs === undefined || !Number.isFinite(rttMs)) return '';
  if (rttMs < 1) return `${Math.round(rttMs * 1000)} µs`; // loopback: tens of µs, short enough for a narrow column
  const digits = rttMs >= 100 ? 0 : rttMs >= 10 ? 1 : 2;
  return `${rttMs.toFixed(digits)} ms`;
}

/** "SYN_SENT → ESTABLISHED". */
export function formatTransition(transition: Pick<Transition, 'from' | 'to'>): string {
  return `${transition.from} → ${transition.to}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time, "14:03:27"; blank for null or unparseable input. */
export function formatClockTime(iso: string | null | undefined): string {
  const date = parseIso(iso);
  if (!date) return '';
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** Local date and time, "2024-05-01 14:03:27"; blank for null or unparseable input. */
export function formatDateTime(iso: string | null | undefined): string {
  const date = parseIso(iso);
  if (!date) return '';
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${formatClockTime(iso)}`;
}

/** "just now", "42s ago", "5m ago", "3h ago", "2d ago". */
export function formatAge(iso: string | null | undefined, nowMs: number): string {
  const date = parseIso(iso);
  if (!date) return '';
  const seconds = Math.max(0, Math.floor((nowMs - date.getTime()) / 1000));
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** "SYN_SENT → ESTABLISHED · 5s ago". */
export function formatTransitionWithAge(transition: Transition | null, nowMs: number): string {
  if (!transition) return '';
  return `${formatTransition(transition)} · ${formatAge(transition.at, nowMs)}`;
}

/** "250 ms", "1 s", "2.5 s". */
export function formatInterval(intervalMs: number): string {
  return intervalMs < 1000 ? `${intervalMs} ms` : `${intervalMs / 1000} s`;
}

/** Poll duration for the status bar: "3.4 ms", "120 ms". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

function parseIso(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
