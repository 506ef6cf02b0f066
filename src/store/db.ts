// Opening the one SQLite connection the process shares, and the forward-only migration runner.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const migrationsDir = join(projectRoot, 'db/migrations');

/** Opens (creating if needed) the database with the pragmas the design relies on. */
export function openDb(path: string): Db {
  const fresh = path !== ':memory:' && !existsSync(path);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  // It holds subscribers' addresses and the key that signs their links: readable by its owner only.
  if (fresh) chmodSync(path, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL'); // safe with WAL: a crash may lose the last commit, never corrupt
  db.pragma('cache_size = -32000'); // 32 MB of page cache: the FTS index stays hot while a crawl writes
  db.pragma('temp_store = MEMORY');
  return db;
}

export interface Migration { version: number; name: string; sql: string }

export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.split('_')[0]), name: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies every migration newer than PRAGMA user_version, each in its own transaction with
 * the version bump, so a failure leaves the database at the last good version.
 */
export function migrate(db: Db, migrations = loadMigrations()): number[] {
  const applied: number[] = [];
  for (const m of migrations) {
    // The version is read again inside a write transaction: a second process starting on the
    // same new database waits for the first (busy_timeout) and then finds the step done.
    db.transaction(() => {
      if (Number(db.pragma('user_version', { simple: true })) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}

/** Opens and migrates: what main, the CLI and tests all want. */
export function openDatabase(path: string): Db {
  const db = openDb(path);
  migrate(db);
  return db;
}
