import { HISTORY_PERIODS } from '../app/history-periods';

/** The period picker of the History view and the drill-down's Before. */
export function PeriodSelect({ testId, value, onChange }: { testId: string; value: number; onChange: (ms: number) => void }) {
  return (
    <select data-testid={testId} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {HISTORY_PERIODS.map((p) => (
        <option key={p.ms} value={p.ms}>
          {p.label}
        </option>
      ))}
    </select>
  );
}

/** A remote host in the drill-down: its name where known, with the address beside it; else the address. */
export function RemoteHostLabel({ address, host }: { address: string; host: string | null }) {
  return (
    <span className="remote-host">
      {host ?? <span className="mono">{address}</span>}
      {host && <span className="muted mono"> {address}</span>}
    </span>
  );
}
