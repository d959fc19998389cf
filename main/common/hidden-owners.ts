import type { SourceKind } from './types';

/** Who can see every owner on this OS. */
const PRIVILEGED: Record<SourceKind, string> = { netlink: 'root', proc: 'root', win32: 'administrator', fixture: 'root' };

/** "312 connections' owners are hidden: run Sockscope as root to see them"; null for none. */
export function hiddenOwnersText(count: number, source: SourceKind): string | null {
  if (count === 0) return null;
  const whose = count === 1 ? "1 connection's owner is" : `${count} connections' owners are`;
  return `${whose} hidden: run Sockscope as ${PRIVILEGED[source]} to see them`;
}
