// Quick search that ignores case in Cyrillic too. SQLite's LIKE and lower() fold ASCII only, so «самарская» would not
// find «Самарская»; a small SQL function folds both sides the way users expect (also ё = е).
import type { ReadableDb } from '../db/types';

const registered = new WeakSet<object>();

/** Lower case with ё→е: the form both the data and the query are compared in. */
export function foldText(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е');
}

/** Registers `mcm_fold(text)` on the connection once; safe to call before every query. */
export function ensureFoldFunction(db: ReadableDb): void {
  if (registered.has(db)) return;
  db.function('mcm_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? foldText(v) : v));
  registered.add(db);
}

/** A condition matching `search` as a substring of any of the SQL expressions, ignoring case and ё; empty → null. */
export function searchCondition(db: ReadableDb, search: string | undefined, exprs: string[]): { sql: string; params: string[] } | null {
  const s = search?.trim();
  if (!s) return null;
  ensureFoldFunction(db);
  const pattern = `%${foldText(s).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return {
    sql: '(' + exprs.map((e) => `mcm_fold(${e}) LIKE ? ESCAPE '\\'`).join(' OR ') + ')',
    params: exprs.map(() => pattern),
  };
}
