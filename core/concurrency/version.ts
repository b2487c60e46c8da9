// Optimistic concurrency: an editing command carries the version its form was opened at, and a stale one is refused
// before anything is written. Versions are bumped by triggers (migration *_versions.sql) on every UPDATE of the row.
import { z } from 'zod';
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { moscowDateTime } from './moscowTime';

/** The rows that carry a version, by the entity name their audit records use. */
const ENTITIES = {
  contract: { table: 'contracts', changed: 'Договор изменён' },
  counterparty: { table: 'counterparties', changed: 'Контрагент изменён' },
  outlet: { table: 'outlets', changed: 'Торговая точка изменена' },
} as const;

export type VersionedEntity = keyof typeof ENTITIES;

/** The optional `version` field of editing commands: the renderer always sends it, the CLI and imports may not. */
export const versionField = z.number().int().positive('Неверная версия записи').optional();

/** The stored version of a row, or undefined when the row does not exist. */
export function currentVersion(db: ReadableDb, entity: VersionedEntity, id: number): number | undefined {
  return db.prepare(`SELECT version FROM ${ENTITIES[entity].table} WHERE id = ?`).pluck().get(id) as number | undefined;
}

/** Who changed a row last and when, from the audit log (the row itself keeps no author). */
export function lastChange(db: ReadableDb, entity: VersionedEntity, id: number): { by: string | null; at: string } | null {
  const row = db
    .prepare(
      `SELECT a.at, coalesce(u.full_name, a.user_login) AS by FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id DESC LIMIT 1`,
    )
    .get(entity, String(id)) as { at: string; by: string | null } | undefined;
  return row ?? null;
}

/**
 * Refuses with 'conflict' when the caller's version is not the stored one; `expected` undefined skips the check
 * (callers that do not edit through a form). Run it before any write, so a refused save changes nothing.
 */
export function expectVersion(db: ReadableDb, entity: VersionedEntity, id: number, expected: number | undefined): void {
  if (expected === undefined) return;
  const actual = currentVersion(db, entity, id);
  if (actual === undefined || actual === expected) return;
  const change = lastChange(db, entity, id);
  const who = change?.by ? `пользователем ${change.by}` : 'другим пользователем';
  const when = change ? ` в ${moscowDateTime(change.at)}` : '';
  throw new DomainError('conflict', `${ENTITIES[entity].changed} ${who}${when}; обновите`, {
    entity,
    id,
    expectedVersion: expected,
    version: actual,
    changedBy: change?.by ?? null,
    changedAt: change?.at ?? null,
  });
}
