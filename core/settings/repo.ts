import type { ReadableDb, WritableDb } from '../db/types';

/** All stored settings as a key → value map. */
export function readSettings(db: ReadableDb): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** Stores one setting. */
export function writeSetting(db: WritableDb, key: string, value: string, nowIso: string, userId: number | null): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(key, value, nowIso, userId);
}
