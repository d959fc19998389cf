import type { ActivityReporter, DataSource } from '../main/common/types';

export type { DataSource, TcpRow, TcpState, OffloadState, ProcessInfo, SourceKind } from '../main/common/types';

export interface SourceOptions {
  /** Linux: skip netlink and read /proc/net/tcp{,6} (also chosen automatically when netlink is refused). */
  forceProc?: boolean;
  /** Linux: where procfs is mounted (default /proc), e.g. a host's /proc seen from a container. */
  procRoot?: string;
  /** Told what the source is doing when it could block. */
  onActivity?: ActivityReporter;
}

/** The data source for this OS. */
export async function createDataSource(options: SourceOptions = {}): Promise<DataSource> {
  if (process.platform === 'win32') {
    const { createWin32Source } = await import('./win32/source');
    return createWin32Source();
  }
  if (process.platform === 'linux') {
    const { createLinuxSource } = await import('./linux/source');
    return createLinuxSource(options);
  }
  throw new Error(`Sockscope has no TCP table source for platform '${process.platform}'`);
}
