/**
 * The history database: its file, schema and pragmas, and the faults opening or writing it can
 * meet, each told in one line. SQLite through better-sqlite3 (docs/history-storage.md says why).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { errorMessage } from '../../common/errors';
import { ROW_COLUMN_DEFS } from './row-codec';
import { HISTORY_FILE } from './data-dir';

export type Db = Database.Database;

/** Bump when the tables change incompatibly; an older file is then kept aside like a damaged one. */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
-- seq: the monitor's (it continues across runs, so it names an event for the life of this file).
-- owner_pid / owner_name: the row's process, or the last one seen once it has none (TIME_WAIT, closed).
CREATE TABLE events (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, type INTEGER NOT NULL, conn NOT NULL,
  owner_pid INTEGER, owner_name TEXT, from_state INTEGER, ${ROW_COLUMN_DEFS});
CREATE INDEX events_time ON events (time);
CREATE INDEX events_owner ON events (owner_pid);
-- One row per poll that had events: how many events were stored before it (for the timeline's counts).
CREATE TABLE polls (time INTEGER NOT NULL, before INTEGER NOT NULL, PRIMARY KEY (time, before)) WITHOUT ROWID;
-- The whole table at a moment: seq is the last event it includes.
CREATE TABLE keyframes (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, seq INTEGER NOT NULL, rows INTEGER NOT NULL);
CREATE INDEX keyframes_time ON keyframes (time);
CREATE TABLE keyframe_rows (keyframe INTEGER NOT NULL, conn NOT NULL, first_seen INTEGER NOT NULL, opened_at INTEGER,
  transition_from INTEGER, transition_to INTEGER, transition_at INTEGER, last_owner_pid INTEGER, last_owner_name TEXT,
  owner_pid INTEGER, ${ROW_COLUMN_DEFS});
CREATE INDEX keyframe_rows_owner ON keyframe_rows (keyframe, owner_pid);
`;

/** What went wrong with the history database, as far as what to do about it goes. */
export type FaultKind = 'corrupt' | 'full' | 'read-only' | 'locked' | 'other';

/** A fault with its one-line description. */
export class HistoryFault extends Error {
  constructor(
    readonly kind: FaultKind,
    message: string,
    /** What went wrong, without where (SQLite's own words). */
    readonly reason: string = message,
  ) {
    super(message);
  }
}

const codeOf = (err: unknown): string => (err as { code?: unknown })?.code?.toString() ?? '';

export function faultKind(err: unknown): FaultKind {
  if (err instanceof HistoryFault) return err.kind;
  const code = codeOf(err);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || code === 'ENOSPC') return 'full';
  if (code.startsWith('SQLITE_READONLY') || ['EROFS', 'EACCES', 'EPERM', 'SQLITE_CANTOPEN', 'SQLITE_PERM'].includes(code))
    return 'read-only';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  return 'other';
}

/** A short reason for the fault (SQLite's own message, on one line). */
export const faultReason = (err: unknown): string =>
  err instanceof HistoryFault ? err.reason : errorMessage(err).split('\n')[0];

export const historyFile = (dataDir: string): string => path.join(dataDir, HISTORY_FILE);

/**
 * SQLite's page cache per connection, in KiB (a negative cache_size). better-sqlite3 builds with
 * SQLITE_DEFAULT_CACHE_SIZE=-16000 (16 MB), and a recorder's file soon outgrows that, so the
 * cache filled up over the first minutes of recording: 16 MB of the serve process's RSS growth
 * at 200 connections/s (malloc's arena holding it, 19 MB in use). Writes append at the right
 * edge of each B-tree and prune at the left, so their pages are few; a read that misses is
 * served from the OS's file cache. 2 MiB is SQLite's own default.
 */
export const PAGE_CACHE_KIB = 2_048;

function configure(db: Db, writing: boolean): void {
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  // A reader never blocks the writer, nor the writer a reader.
  if (writing) db.pragma('journal_mode = WAL');
  // Durable against a crash of this process (SIGKILL): a commit is in the WAL file; only a
  // power loss may take the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('journal_size_limit = 16777216');
}

/** Creates the data directory where it is missing; a HistoryFault where it cannot be. */
export function makeDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (err) {
    const reason = ERRNO_WORDS[codeOf(err)] ?? faultReason(err);
    throw new HistoryFault(faultKind(err) === 'other' ? 'other' : 'read-only', `cannot write to ${dataDir}: ${reason}`, reason);
  }
}

const ERRNO_WORDS: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
};

/**
 * Opens (creating if need be) the database for recording. Throws a HistoryFault: 'corrupt' for
 * a file that is not a history database (or is damaged), 'read-only' where the directory or
 * file cannot be written, 'other' else.
 */
export function openForWriting(dataDir: string): Db {
  makeDataDir(dataDir);
  const file = historyFile(dataDir);
  let db: Db;
  try {
    db = new Database(file, { timeout: 2_000 });
  } catch (err) {
    throw new HistoryFault(faultKind(err), `cannot open ${file}: ${faultReason(err)}`, faultReason(err));
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n === 0) {
      // Set before the first table: the file can then give back the room pruning frees.
      db.pragma('auto_vacuum = INCREMENTAL');
      configure(db, true);
      db.transaction(() => {
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } else if (version !== SCHEMA_VERSION) {
      throw new HistoryFault('corrupt', `${file} is not a Sockscope history database of this version (user_version ${version})`);
    } else {
      configure(db, true);
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof HistoryFault) throw err;
    throw new HistoryFault(faultKind(err), `cannot use ${file}: ${faultReason(err)}`, faultReason(err));
  }
}

/** Opens the database to read it (the CLI): a missing or damaged file is a HistoryFault saying so. */
export function openForReading(dataDir: string): Db {
  const file = historyFile(dataDir);
  if (!fs.existsSync(file))
    throw new HistoryFault(
      'other',
      `no history recorded in ${dataDir} (run 'sockscope record', or serve / the desktop app, to record it)`,
    );
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2_000 });
  } catch (err) {
    throw new HistoryFault(faultKind(err), `cannot open ${file}: ${faultReason(err)}`, faultReason(err));
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION)
      throw new HistoryFault('corrupt', `${file} is not a Sockscope history database of this version`);
    configure(db, false);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof HistoryFault) throw err;
    throw new HistoryFault(faultKind(err), `cannot read ${file}: ${faultReason(err)}`, faultReason(err));
  }
}

/** `history.db` → `history.corrupt-20261101T140231Z.db` (with its -wal and -shm): kept, never deleted. */
export function moveAside(dataDir: string, now: Date = new Date()): string {
  const file = historyFile(dataDir);
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const aside = path.join(dataDir, `history.corrupt-${stamp}.db`);
  fs.renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
  }
  return aside;
}
