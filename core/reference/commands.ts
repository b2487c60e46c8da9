import { z } from 'zod';
import { query } from '../command';

// Each list is a fixed SQL text chosen by key, so the input never reaches the SQL.
const LISTS = {
  federalDistricts: 'SELECT code, name FROM federal_districts ORDER BY rowid',
  regions:
    'SELECT r.code, r.name, r.federal_district AS federalDistrict FROM regions r ORDER BY r.federal_district, r.name',
  skus: 'SELECT id, code, name, brand, is_active = 1 AS isActive FROM skus ORDER BY code',
  equipmentTypes: 'SELECT id, code, name, is_active = 1 AS isActive FROM equipment_types ORDER BY code',
  violationTypes: 'SELECT code, name FROM violation_types ORDER BY rowid',
  amnestyReasons: 'SELECT code, name, is_active = 1 AS isActive FROM amnesty_reasons ORDER BY rowid',
  contractCategories:
    'SELECT code, name, min_monthly_fee AS minMonthlyFee, max_monthly_fee AS maxMonthlyFee FROM contract_categories ORDER BY name',
} as const;

export type ReferenceKind = keyof typeof LISTS;
export const REFERENCE_KINDS = Object.keys(LISTS) as ReferenceKind[];

export const referenceCommands = {
  'reference.list': query({
    access: 'reference.read',
    input: z.object({ kind: z.enum(REFERENCE_KINDS as [ReferenceKind, ...ReferenceKind[]]) }),
    handler: (ctx, input) => ctx.db.prepare(LISTS[input.kind]).all() as Record<string, string | number | null>[],
  }),
};
