/**
 * The history database's schema, versioned with SQLite's `user_version`: migration N takes a
 * version N-1 database to version N, all in one transaction. A database from a newer aimux
 * (higher version) is refused rather than guessed at.
 */
import type { DatabaseSync } from 'node:sqlite';

const MIGRATIONS: readonly string[] = [
  // 1: request log (one B-tree in time order; each request a JSON row, request-row.ts), metric
  //    buckets, speed tests, audit log.
  `CREATE TABLE requests (
     at INTEGER NOT NULL,
     id TEXT NOT NULL,
     row TEXT NOT NULL,
     PRIMARY KEY (at, id)
   ) WITHOUT ROWID;
   CREATE TABLE buckets (
     tier TEXT NOT NULL,
     start INTEGER NOT NULL,
     labels TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (tier, start, labels)
   ) WITHOUT ROWID;
   CREATE TABLE speed_tests (
     id TEXT PRIMARY KEY,
     at INTEGER NOT NULL,
     result TEXT NOT NULL
   );
   CREATE INDEX speed_tests_at ON speed_tests (at);
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     detail TEXT NOT NULL
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  const version = row.user_version;
  if (version > SCHEMA_VERSION) throw new Error(`the history database is from a newer aimux (schema ${version}, this one knows ${SCHEMA_VERSION})`);
  if (version === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
