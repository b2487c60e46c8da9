import type { ReadableDb } from '../db/types';

/** Federal districts and regions a user works in; both empty means the whole country. */
export interface Scope {
  districts: string[];
  regions: string[];
}

export const WHOLE_COUNTRY: Scope = { districts: [], regions: [] };

/** Loads a user's scope. */
export function loadScope(db: ReadableDb, userId: number): Scope {
  const rows = db.prepare('SELECT kind, code FROM user_scopes WHERE user_id = ? ORDER BY kind, code').all(userId) as {
    kind: 'district' | 'region';
    code: string;
  }[];
  return {
    districts: rows.filter((r) => r.kind === 'district').map((r) => r.code),
    regions: rows.filter((r) => r.kind === 'region').map((r) => r.code),
  };
}

/** True when the scope has no limits. */
export function isWholeCountry(scope: Scope): boolean {
  return scope.districts.length === 0 && scope.regions.length === 0;
}

/**
 * A SQL condition limiting rows to a scope, given the SQL expression holding a region code.
 * Every query of scoped data uses it, so grids, exports and counts agree.
 */
export function scopeCondition(scope: Scope, regionCodeSql: string): { sql: string; params: string[] } {
  if (isWholeCountry(scope)) return { sql: '1', params: [] };
  const parts: string[] = [];
  const params: string[] = [];
  if (scope.regions.length) {
    parts.push(`${regionCodeSql} IN (${scope.regions.map(() => '?').join(', ')})`);
    params.push(...scope.regions);
  }
  if (scope.districts.length) {
    parts.push(
      `${regionCodeSql} IN (SELECT code FROM regions WHERE federal_district IN (${scope.districts.map(() => '?').join(', ')}))`,
    );
    params.push(...scope.districts);
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/** True when a region code lies inside a scope (for checks on single records). */
export function regionInScope(db: ReadableDb, scope: Scope, regionCode: string): boolean {
  if (isWholeCountry(scope)) return true;
  if (scope.regions.includes(regionCode)) return true;
  const fd = db.prepare('SELECT federal_district FROM regions WHERE code = ?').pluck().get(regionCode) as string | undefined;
  return fd !== undefined && scope.districts.includes(fd);
}
