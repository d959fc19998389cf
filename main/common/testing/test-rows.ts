import type { TcpRow } from '../types';

/** A row for tests in any layer: an ESTABLISHED IPv4 loopback connection unless overridden. */
export function row(overrides: Partial<TcpRow> = {}): TcpRow {
  return {
    family: 'ipv4',
    localAddress: '127.0.0.1',
    localPort: 40000,
    remoteAddress: '127.0.0.1',
    remotePort: 8080,
    state: 'ESTABLISHED',
    pid: 100,
    processName: 'client',
    offloadState: null,
    createdAt: null,
    inode: 1000,
    ...overrides,
  };
}
