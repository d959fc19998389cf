/**
 * One recorder per data directory. The lock is SQLite's own exclusive lock on a small file
 * (fcntl on POSIX, LockFileEx on Windows): held while the recorder lives and released by the OS
 * when its process dies, even by SIGKILL, so a stale lock is never left behind.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { LOCK_FILE } from './data-dir';
import { faultKind, faultReason, HistoryFault, type Db } from './history-db';

export class RecorderLock {
  private constructor(private readonly db: Db) {}

  /** Takes the lock; a HistoryFault 'locked' if another recorder holds it. */
  static acquire(dataDir: string): RecorderLock {
    const file = path.join(dataDir, LOCK_FILE);
    let db: Db | null = null;
    try {
      db = new Database(file, { timeout: 0 });
      db.pragma('journal_mode = MEMORY');
      // Exclusive locking mode keeps the lock a write takes until the connection closes.
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER)');
      db.prepare('DELETE FROM holder').run();
      db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
      return new RecorderLock(db);
    } catch (err) {
      db?.close();
      const kind = faultKind(err);
      throw new HistoryFault(
        kind,
        kind === 'locked' ? `another Sockscope is recording into ${dataDir}` : `cannot lock ${file}: ${faultReason(err)}`,
      );
    }
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}
