// Saved column mappings for signals files whose headers differ from the canonical ones (one per data source).
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { mapColumns, normalizeHeader, type ColumnSpec } from '../import';
import { SIGNAL_COLUMNS } from './columns';

/** import_profiles.kind of signals profiles. */
export const PROFILE_KIND = 'signals';

/** A saved profile: canonical column key → header in the file. */
export interface SignalsProfile {
  name: string;
  mapping: Record<string, string>;
  updatedAt: string;
}

/** All signals profiles, by name. */
export function listProfiles(db: ReadableDb): SignalsProfile[] {
  const rows = db
    .prepare('SELECT name, mapping_json AS mappingJson, updated_at AS updatedAt FROM import_profiles WHERE kind = ? ORDER BY name')
    .all(PROFILE_KIND) as { name: string; mappingJson: string; updatedAt: string }[];
  return rows.map((r) => ({ name: r.name, mapping: JSON.parse(r.mappingJson) as Record<string, string>, updatedAt: r.updatedAt }));
}

/** One profile by name, or a not_found error in Russian. */
export function getProfile(db: ReadableDb, name: string): SignalsProfile {
  const p = listProfiles(db).find((x) => x.name === name);
  if (!p) throw new DomainError('not_found', `Профиль сопоставления колонок «${name}» не найден`, { field: 'profile' });
  return p;
}

/** Creates or replaces a profile after checking its keys; returns the before/after for the audit. */
export function saveProfile(
  db: WritableDb,
  name: string,
  mapping: Record<string, string>,
  userId: number | null,
  nowIso: string,
): { before: SignalsProfile | null; after: SignalsProfile } {
  const clean: Record<string, string> = {};
  for (const [key, header] of Object.entries(mapping)) {
    if (!SIGNAL_COLUMNS.some((c) => c.key === key)) {
      throw new DomainError('validation', `Неизвестная колонка в профиле: ${key}`, { field: `mapping.${key}` });
    }
    const h = header.trim();
    if (h !== '') clean[key] = h;
  }
  if (Object.keys(clean).length === 0) throw new DomainError('validation', 'Профиль не сопоставляет ни одной колонки', { field: 'mapping' });
  const other = db.prepare('SELECT kind FROM import_profiles WHERE name = ?').pluck().get(name) as string | undefined;
  if (other !== undefined && other !== PROFILE_KIND) {
    throw new DomainError('conflict', `Имя «${name}» уже занято профилем другого импорта`, { field: 'name' });
  }
  const before = other === undefined ? null : getProfile(db, name);
  db.prepare(
    `INSERT INTO import_profiles (name, kind, mapping_json, created_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET mapping_json = excluded.mapping_json, updated_at = excluded.updated_at`,
  ).run(name, PROFILE_KIND, JSON.stringify(clean), userId, nowIso);
  return { before, after: { name, mapping: clean, updatedAt: nowIso } };
}

/** Where each column is: a profile's headers first, the canonical names and aliases for the rest. */
export interface ResolvedMapping {
  index: Record<string, number>;
  /** Required columns the file lacks. */
  missing: ColumnSpec[];
  /** Profile entries whose header the file does not have. */
  profileMisses: { key: string; header: string }[];
}

/** Resolves the file's headers to column keys, with an optional saved profile taking precedence. */
export function resolveColumns(headers: string[], profile: SignalsProfile | null): ResolvedMapping {
  const index: Record<string, number> = {};
  const profileMisses: { key: string; header: string }[] = [];
  const taken = new Set<number>();
  if (profile) {
    for (const [key, header] of Object.entries(profile.mapping)) {
      const want = normalizeHeader(header);
      const i = headers.findIndex((h, j) => !taken.has(j) && normalizeHeader(h) === want);
      if (i === -1) profileMisses.push({ key, header });
      else {
        index[key] = i;
        taken.add(i);
      }
    }
  }
  // Columns the profile does not name are still found under their usual headers.
  const rest = SIGNAL_COLUMNS.filter((c) => !(c.key in index));
  const masked = headers.map((h, j) => (taken.has(j) ? '' : h));
  const auto = mapColumns(masked, rest);
  Object.assign(index, auto.index);
  const missing = SIGNAL_COLUMNS.filter((c) => c.required && !(c.key in index));
  return { index, missing, profileMisses };
}
