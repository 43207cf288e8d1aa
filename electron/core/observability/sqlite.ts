/**
 * Opening the history database with Node's built-in SQLite (`node:sqlite`: unflagged since Node
 * 22.13, and in Electron since electron/electron#47706). Loaded on first use, never at import time,
 * and without the one-time ExperimentalWarning that Node prints for it (aimux's output stays clean).
 * The file is created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';

type SqliteModule = typeof import('node:sqlite');
let cached: SqliteModule | null | undefined;

function loadSqlite(): SqliteModule | null {
  if (cached !== undefined) return cached;
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    if (String(typeof warning === 'string' ? warning : warning?.message).includes('SQLite')) return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    cached = (process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined) ?? null;
  } catch {
    cached = null;
  } finally {
    process.emitWarning = emit;
  }
  return cached;
}

/** SQLite's primary result code of an error thrown by node:sqlite, if it is one. */
export function sqliteCode(err: unknown): number | undefined {
  const c = (err as { errcode?: unknown } | null)?.errcode;
  return typeof c === 'number' ? c & 0xff : undefined;
}

/** SQLITE_BUSY: another connection (another process) holds the lock. */
export const isBusy = (err: unknown) => sqliteCode(err) === 5;

/** SQLITE_CORRUPT and SQLITE_NOTADB: the file cannot be read as a database. */
export const isCorrupt = (err: unknown) => sqliteCode(err) === 11 || sqliteCode(err) === 26;

export function openDatabase(path: string): DatabaseSync {
  const sqlite = loadSqlite();
  if (sqlite === null) throw new Error('this runtime has no node:sqlite (Node 22.13 or newer has it)');
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
  const db = new sqlite.DatabaseSync(path);
  try {
    // WAL: readers in other processes never wait for the batch writer; no busy wait: a locked file fails at once (the
    // event loop never blocks on it) and history falls back to memory until it is free again. A 256 KB page cache:
    // appends touch the newest pages only, and queries read through the OS's file cache (docs/benchmarks.md).
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 0; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -256;');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
