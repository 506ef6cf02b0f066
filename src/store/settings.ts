// Values generated once and kept in the database (e.g. the key that signs email links).
import type { Db } from './db.js';
import { stmt } from './statements.js';

/** The stored value for `key`; on first use, stores `make()` and returns it (concurrent callers agree). */
export function ensureSetting(db: Db, key: string, make: () => string, now = new Date().toISOString()): string {
  // INSERT OR IGNORE then SELECT: two processes starting together end up with the same value.
  stmt(db, 'INSERT OR IGNORE INTO settings (key, value, created_at) VALUES (?, ?, ?)').run(key, make(), now);
  return (stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value;
}
