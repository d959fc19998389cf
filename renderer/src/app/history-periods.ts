/** The periods a person picks to look back over, the same in the History view and the process drill-down. */
export const HISTORY_PERIODS = [
  { label: 'last 10 minutes', ms: 10 * 60_000 },
  { label: 'last hour', ms: 3_600_000 },
  { label: 'last 24 hours', ms: 86_400_000 },
  { label: 'last 7 days', ms: 7 * 86_400_000 },
] as const;
