// Dashboard results kept in memory while the store is unchanged. The dashboard asks the same aggregates again and
// again — the what-if panel once per slider move, the export right after the screen loaded its charts — and on the
// large demo each costs tens of milliseconds of SQL. A result is reused only while the store's data version is the one
// it was computed at, so nothing stale is ever served: any write, by this connection or another, drops every entry.
import type { ReadableDb } from '../db/types';

/** Entries kept per connection; the dashboard asks for a handful of views at a time. */
const MAX_ENTRIES = 16;

interface Memo {
  version: string;
  entries: Map<string, unknown>;
}

const memos = new WeakMap<ReadableDb, Memo>();

/**
 * The store's data version: total_changes() counts every row this connection wrote (triggers included, rolled-back
 * writes too, so it only ever moves forward) and PRAGMA data_version moves with each commit of another connection.
 */
function dataVersion(db: ReadableDb): string {
  const v = db.prepare('SELECT total_changes() AS t, (SELECT data_version FROM pragma_data_version) AS d').get() as { t: number; d: number };
  return `${v.t}|${v.d}`;
}

/**
 * `compute()`, or its result from an earlier call with the same key at the same data version. The result is shared
 * between callers: treat it as read-only. Inside a transaction nothing is reused or kept (its writes may be rolled back).
 */
export function memoized<T>(db: ReadableDb, key: string, compute: () => T): T {
  if (db.inTransaction) return compute();
  const version = dataVersion(db);
  let memo = memos.get(db);
  if (!memo || memo.version !== version) {
    memo = { version, entries: new Map() };
    memos.set(db, memo);
  }
  if (memo.entries.has(key)) return memo.entries.get(key) as T;
  const value = compute();
  // Read again: a commit of another connection during compute() may have mixed two versions; such a value is not kept.
  if (dataVersion(db) !== version) return value;
  if (memo.entries.size >= MAX_ENTRIES) memo.entries.delete(memo.entries.keys().next().value as string);
  memo.entries.set(key, value);
  return value;
}

/** A memo key from a name and the arguments of the computation (scopes, months, …). */
export function memoKey(name: string, ...args: unknown[]): string {
  return `${name}|${JSON.stringify(args)}`;
}
