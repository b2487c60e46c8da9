// The area a dashboard query looks at — the whole scope, one federal district or one region — narrowed to the
// user's own regional scope, so every number and the grid behind it read the same rows.
import { z } from 'zod';
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { isWholeCountry, type Scope } from '../users/scope';

/** Optional narrowing of a dashboard query to a federal district or a region. */
export const areaInput = z.object({
  federalDistrict: z.string().trim().min(1).max(10).optional(),
  regionCode: z.string().trim().regex(/^\d{2}$/, 'Код региона — две цифры').optional(),
});
export type Area = z.output<typeof areaInput>;

// No region has an empty code: a scope naming only it selects nothing (an empty list would mean "everything").
const NOTHING: Scope = { districts: [], regions: [''] };

/**
 * The scope of a query: the user's scope intersected with the chosen district or region. The intersection is written
 * as a list of regions when the user's scope only partly covers the area.
 */
export function areaScope(db: ReadableDb, userScope: Scope, area: Area): Scope {
  const { federalDistrict: fd, regionCode: rc } = area;
  if (!fd && !rc) return userScope;
  if (fd && !db.prepare('SELECT 1 FROM federal_districts WHERE code = ?').get(fd)) {
    throw new DomainError('validation', `Неизвестный федеральный округ: ${fd}`, { field: 'federalDistrict' });
  }
  let regions: { code: string; fd: string }[];
  if (rc) {
    const r = db.prepare('SELECT code, federal_district AS fd FROM regions WHERE code = ?').get(rc) as { code: string; fd: string } | undefined;
    if (!r) throw new DomainError('validation', `Неизвестный регион: ${rc}`, { field: 'regionCode' });
    if (fd && r.fd !== fd) return NOTHING;
    regions = [r];
  } else {
    regions = db.prepare('SELECT code, federal_district AS fd FROM regions WHERE federal_district = ? ORDER BY code').all(fd) as { code: string; fd: string }[];
  }
  if (isWholeCountry(userScope)) return rc ? { districts: [], regions: [rc] } : { districts: [fd!], regions: [] };
  if (!rc && userScope.districts.includes(fd!)) return { districts: [fd!], regions: [] };
  const inside = regions.filter((r) => userScope.regions.includes(r.code) || userScope.districts.includes(r.fd)).map((r) => r.code);
  return inside.length ? { districts: [], regions: inside } : NOTHING;
}
