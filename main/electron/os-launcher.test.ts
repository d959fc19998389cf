import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnPath, launchDetached } from './os-launcher';

describe.runIf(process.platform !== 'win32')('findOnPath and launchDetached', () => {
  it('finds an executable in the PATH folders, skipping ones that are not executable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockscope-path-'));
    writeFileSync(path.join(dir, 'plain'), '', { mode: 0o644 });
    writeFileSync(path.join(dir, 'runnable'), '#!/bin/sh\n', { mode: 0o755 });
    const pathVariable = ['/nonexistent', dir].join(path.delimiter);
    expect(findOnPath('runnable', pathVariable)).toBe(path.join(dir, 'runnable'));
    expect(findOnPath('plain', pathVariable)).toBeNull();
    expect(findOnPath('sh', '/bin')).toBe('/bin/sh');
  });

  it('reports the exit code and stderr of the launcher, and refuses one that cannot start', async () => {
    await expect(launchDetached('/bin/sh', ['-c', 'echo declined >&2; exit 126'])).resolves.toEqual({
      code: 126,
      stderr: 'declined\n',
    });
    await expect(launchDetached('/nonexistent/pkexec', [])).rejects.toThrow(/ENOENT/);
  });
});
