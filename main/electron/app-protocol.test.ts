import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appProtocolHandler, CSP, isAppUrl, resolveAppPath } from './app-protocol';

const ROOT = path.resolve('/opt/Sockscope/out/renderer');
const inRoot = (...parts: string[]) => path.join(ROOT, ...parts);

describe('resolveAppPath', () => {
  it.each([
    ['app://sockscope/index.html', inRoot('index.html')],
    ['app://sockscope/', inRoot('index.html')],
    ['app://sockscope/assets/index-abc.js', inRoot('assets', 'index-abc.js')],
    ['app://sockscope/assets/index-abc.js?v=2#top', inRoot('assets', 'index-abc.js')],
    ['app://sockscope/assets/a%20b.css', inRoot('assets', 'a b.css')],
    // The URL parser folds plain and encoded dot segments before we see them: they stay inside.
    ['app://sockscope/assets/../index.html', inRoot('index.html')],
    ['app://sockscope/%2e%2e/%2e%2e/etc/passwd', inRoot('etc', 'passwd')],
    // An absolute path is a path inside the root, not the machine's.
    ['app://sockscope//etc/passwd', inRoot('etc', 'passwd')],
  ])('maps %s inside the renderer folder', (url, file) => {
    expect(resolveAppPath(ROOT, url)).toBe(file);
  });

  it.each([
    ['an encoded slash climbing out', 'app://sockscope/..%2f..%2fetc%2fpasswd'],
    ['an encoded slash climbing out of a subfolder', 'app://sockscope/assets/..%2F..%2F..%2Fsecret'],
    ['a sibling folder that starts with the same name', 'app://sockscope/..%2frenderer-other%2fx.js'],
    ['an encoded backslash', 'app://sockscope/..%5c..%5cwindows%5cwin.ini'],
    ['a NUL byte', 'app://sockscope/index.html%00.png'],
    ['broken percent-encoding', 'app://sockscope/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///opt/Sockscope/out/renderer/index.html'],
    ['no URL at all', 'index.html'],
  ])('refuses %s', (_what, url) => {
    expect(resolveAppPath(ROOT, url)).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('accepts our own pages only', () => {
    expect(isAppUrl('app://sockscope/index.html')).toBe(true);
    expect(isAppUrl('app://sockscope/index.html?x=1')).toBe(true);
    expect(isAppUrl('file:///opt/Sockscope/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('app://sockscope.evil/index.html')).toBe(false);
    expect(isAppUrl('https://sockscope/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});

describe('appProtocolHandler', () => {
  /** A renderer folder in memory: what the handler was asked to read, and what it holds. */
  function fakeFiles(files: Record<string, string>) {
    const reads: string[] = [];
    const readFile = async (file: string) => {
      reads.push(file);
      const text = files[path.relative(ROOT, file)];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    };
    return { reads, handler: appProtocolHandler(ROOT, readFile) };
  }

  it('serves a file with its content type, the CSP and nosniff', async () => {
    const { handler } = fakeFiles({ 'index.html': '<!doctype html>', [path.join('assets', 'app.js')]: 'run()' });
    const page = await handler(new Request('app://sockscope/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html>');
    const script = await handler(new Request('app://sockscope/assets/app.js?cache=1'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('run()');
  });

  it('answers 404, still with the CSP, for a missing file, and never reads outside the folder', async () => {
    const { handler, reads } = fakeFiles({ 'index.html': 'x' });
    const missing = await handler(new Request('app://sockscope/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
    const climbing = await handler(new Request('app://sockscope/..%2f..%2f..%2fetc%2fpasswd'));
    expect(climbing.status).toBe(404);
    expect(reads).toEqual([inRoot('nope.js')]);
  });

  it('refuses anything but GET and HEAD', async () => {
    const { handler, reads } = fakeFiles({ 'index.html': 'x' });
    const posted = await handler(new Request('app://sockscope/index.html', { method: 'POST', body: 'x' }));
    expect(posted.status).toBe(404);
    expect(reads).toEqual([]);
  });

  it('csp forbids what the renderer never needs: scripts from elsewhere, eval, connections', () => {
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("connect-src 'none'");
    expect(CSP).not.toContain('unsafe-eval');
  });
});
