// Imports look records up row by row; compiling the same SQL 20 000 times costs more than running it, so each
// connection keeps its compiled statements.
import type { Statement } from 'better-sqlite3';
import type { ReadableDb } from '../db/types';

const caches = new WeakMap<object, Map<string, Statement>>();

/** The compiled statement for `sql` on this connection, compiled once. */
export function prepared(db: ReadableDb, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
