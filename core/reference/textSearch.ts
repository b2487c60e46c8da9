// Quick search that ignores case in Cyrillic too, through the mcm_fold() function every connection has.
import type { ReadableDb } from '../db/types';
import { escapeLike, foldText } from '../grid/fold';

/** A condition matching `search` as a substring of any of the SQL expressions, ignoring case and ё; empty → null. */
export function searchCondition(db: ReadableDb, search: string | undefined, exprs: string[]): { sql: string; params: string[] } | null {
  const s = search?.trim();
  if (!s) return null;
  const pattern = `%${escapeLike(foldText(s))}%`;
  return {
    sql: '(' + exprs.map((e) => `mcm_fold(${e}) LIKE ? ESCAPE '\\'`).join(' OR ') + ')',
    params: exprs.map(() => pattern),
  };
}
