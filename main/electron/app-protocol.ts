/**
 * The desktop window's UI comes from `app://sockscope/…`, a privileged (standard, secure) scheme
 * served from `out/renderer` only, instead of `file://`: a page loaded from file:// may read any
 * file the user can, and every file:// page shares one origin. Plain Node: the Electron glue
 * (`protocol.handle`) is in main.ts, so this is tested without Electron.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CONTENT_TYPES } from '../server/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sockscope';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The renderer's content security policy, sent with every response of the scheme. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // AG Grid injects its theme as <style> elements
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Whether a URL is one of our own renderer's pages (the only frames IPC answers). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The file under `rootDir` that an app:// URL names, or null where it names none: another
 * scheme or host, a path that is not valid percent-encoding, holds a NUL or a backslash, or
 * resolves outside `rootDir` (`..`, encoded or not). The query and fragment are ignored.
 */
export function resolveAppPath(rootDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  // A backslash is a separator on Windows: refused everywhere, so no OS reads the path differently.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Reads a file's bytes; rejects (ENOENT, EISDIR, …) where there is none. */
export type ReadFile = (file: string) => Promise<Uint8Array>;

const SECURITY_HEADERS = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };

const notFound = (): Response =>
  new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

/** The handler `protocol.handle('app', …)` is given: files of `rootDir` with the CSP, 404 for anything else. */
export function appProtocolHandler(rootDir: string, readFile: ReadFile = fs.readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    const file = resolveAppPath(rootDir, request.url);
    if (file === null) return notFound();
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    const contentType = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': contentType },
    });
  };
}
