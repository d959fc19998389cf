/**
 * What the menus, the toolbar and the keys do with rows: copy them, save them, filter by them.
 * Every outcome reaches the user: a notice on success, a one-line reason on failure.
 */
import { remoteEndpoint, scopedAddress } from '../../../main/common/endpoint-text';
import { errorMessage } from '../../../main/common/errors';
import type { AppServices } from './app-context';
import type { ConnectionGridRow } from '../sync/grid-row';

/** `sockscope-2024-05-01-140327`: a file name that sorts by time. */
export function exportFileName(now: Date, extension: 'csv' | 'json', what = 'sockscope'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${what}-${stamp}.${extension}`;
}

async function copyText(services: AppServices, text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    services.store.setState({ notice: `Copied ${what}`, actionError: null });
  } catch (error) {
    services.store.setState({ actionError: `Copy failed: ${errorMessage(error)}` });
  }
}

export function copySelectedRows(services: AppServices): Promise<void> {
  const rows = services.grid.selectedRows();
  if (rows.length === 0) return Promise.resolve();
  return copyText(services, services.grid.rowsAsText(rows), rows.length === 1 ? '1 row' : `${rows.length} rows`);
}

export function copyRemoteEndpoint(services: AppServices, row: ConnectionGridRow): Promise<void> {
  return copyText(services, remoteEndpoint(row.row), 'the remote endpoint');
}

export async function copyExecutablePath(services: AppServices, row: ConnectionGridRow): Promise<void> {
  const pid = row.row.pid;
  if (pid === null) return;
  try {
    const info = await services.connection.api.getProcess({ pid });
    if (!info) throw new Error(`process ${pid} has exited`);
    if (!info.exePath) throw new Error(`the executable of process ${pid} cannot be read (access denied)`);
    await copyText(services, info.exePath, 'the executable path');
  } catch (error) {
    services.store.setState({ actionError: `Copy failed: ${errorMessage(error)}` });
  }
}

export function showOnlyProcess(services: AppServices, row: ConnectionGridRow): void {
  if (row.row.pid === null) return;
  services.store.getState().showOnlyProcess({ pid: row.row.pid, name: row.row.processName });
}

export function showOnlyRemoteHost(services: AppServices, row: ConnectionGridRow): void {
  services.store.getState().setViewFilter({ remoteHost: scopedAddress(row.row.remoteAddress, row.row.remoteScopeId) });
}

export function saveCsv(services: AppServices): void {
  download(new Blob([services.grid.rowsAsCsv()], { type: 'text/csv' }), exportFileName(new Date(), 'csv'));
}

export function saveJson(services: AppServices): void {
  const blob = new Blob([JSON.stringify(services.grid.rowsAsJson())], { type: 'application/json' });
  download(blob, exportFileName(new Date(), 'json'));
}

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
