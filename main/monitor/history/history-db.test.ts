import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openForReading, openForWriting, PAGE_CACHE_KIB } from './history-db';

describe('history database connections', () => {
  let dir = '';
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // better-sqlite3's build default (16 MB) grew the recorder's memory for minutes as the file grew.
  it('bound the page cache of writer and reader to PAGE_CACHE_KIB', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-db-'));
    const writer = openForWriting(dir);
    const reader = openForReading(dir);
    try {
      expect(writer.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
      expect(reader.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    } finally {
      reader.close();
      writer.close();
    }
  });
});
