import fs from 'node:fs';
import path from 'node:path';

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** Content types of the files the renderer bundle holds (the web shell and the desktop app's app:// serve the same). */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The renderer bundle is missing: `npm run build` has not run. */
export class UiNotBuiltError extends Error {}

/**
 * The built renderer, read once into memory: URL path → file. Only files that exist at start
 * are ever served, so no request path can reach outside the bundle.
 */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new UiNotBuiltError(`the UI is not built (no ${path.join(dir, 'index.html')}): run 'npm run build' first`);
  }
  const files = new Map<string, StaticFile>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) {
        files.set(`/${rel}`, {
          body: fs.readFileSync(path.join(dir, rel)),
          contentType: CONTENT_TYPES[path.extname(entry.name)] ?? 'application/octet-stream',
        });
      }
    }
  };
  walk('');
  return files;
}
