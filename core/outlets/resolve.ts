// Names in forms and files → ids: regions by name or code, managers by id, login or full name.
import type { ReadableDb } from '../db/types';
import { listRegions } from '../reference/repo';
import { matchRegion } from '../reference/regionMatch';

/** A region as resolved for an outlet. */
export interface RegionHit {
  code: string;
  name: string;
  federalDistrict: string;
}

/** Resolves region names for one command, loading the regions table once. */
export function regionResolver(db: ReadableDb): (text: string) => RegionHit | null {
  const regions = listRegions(db);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  return (text) => {
    const code = matchRegion(text, regions);
    return code === null ? null : (byCode.get(code) ?? null);
  };
}

/** A user an outlet can be assigned to. */
export interface ManagerHit {
  id: number;
  login: string;
  fullName: string;
}

const fold = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

/**
 * Resolves a manager for one command: by user id, by login (any case) or by full name (any case, ё=е).
 * Returns the user or the reason it cannot be used. Blocked users and the CLI account are not offered.
 */
export function managerResolver(db: ReadableDb): (ref: string | number) => ManagerHit | { error: string } {
  const users = db
    .prepare("SELECT id, login, full_name AS fullName FROM users WHERE is_active = 1 AND login <> 'system'")
    .all() as ManagerHit[];
  const byId = new Map(users.map((u) => [u.id, u]));
  const byLogin = new Map(users.map((u) => [u.login.toLowerCase(), u]));
  const byName = new Map<string, ManagerHit[]>();
  for (const u of users) byName.set(fold(u.fullName), [...(byName.get(fold(u.fullName)) ?? []), u]);
  return (ref) => {
    if (typeof ref === 'number') return byId.get(ref) ?? { error: `Пользователь с id ${ref} не найден или заблокирован` };
    const hit = byLogin.get(ref.trim().toLowerCase());
    if (hit) return hit;
    const named = byName.get(fold(ref)) ?? [];
    if (named.length === 1) return named[0];
    if (named.length > 1) return { error: `Несколько пользователей с именем «${ref}»: укажите логин` };
    return { error: `Пользователь «${ref}» не найден (укажите логин или ФИО) или заблокирован` };
  };
}
