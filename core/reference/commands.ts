import { z } from 'zod';
import { mutation, query, type MutationCtx } from '../command';
import { DomainError } from '../errors';
import { importInput, runImport } from '../import/result';
import { enumCodeProblem, itemCodeProblem, nameProblem } from './codes';
import { equipmentImport, skuImport } from './imports';
import {
  findAmnestyReason,
  findCategory,
  findEquipment,
  findSku,
  upsertAmnestyReason,
  upsertCategory,
  upsertEquipment,
  upsertSku,
} from './repo';
import { readTemplate, TEMPLATE_KINDS, type TemplateKind } from './templates';

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

const text = (max: number) => z.string().max(max).transform((s) => s.replace(/\s+/g, ' ').trim());

/** Refuses with every problem at once, the first one in the message. */
function refuse(issues: { path: string; message: string }[]): never {
  const first = issues[0];
  throw new DomainError('validation', first.message, { issues, field: first.path });
}

function check(pairs: [string, string | null][]): void {
  const issues = pairs.filter((p): p is [string, string] => p[1] !== null).map(([path, message]) => ({ path, message }));
  if (issues.length) refuse(issues);
}

/** Audits a reference save; unchanged values are not written again. */
function saveAudited<T>(ctx: MutationCtx, entity: string, code: string, before: T | undefined, next: T, write: () => T): T {
  const same = before !== undefined && JSON.stringify(before) === JSON.stringify(next);
  const after = same ? before : write();
  ctx.audit({ entity, entityId: code, before: before ?? null, after });
  return after;
}

export const referenceCommands = {
  'reference.list': query({
    access: 'reference.read',
    input: z.object({ kind: z.enum(REFERENCE_KINDS as [ReferenceKind, ...ReferenceKind[]]) }),
    handler: (ctx, input) => ctx.db.prepare(LISTS[input.kind]).all() as Record<string, string | number | null>[],
  }),

  /** Creates or updates an SKU by code; `isActive: false` deactivates it (contracts keep their history). */
  'reference.saveSku': mutation({
    access: 'reference.write',
    input: z.object({ code: text(64), name: text(300), brand: text(100).nullish(), isActive: z.boolean().optional() }),
    handler: (ctx, input) => {
      check([['code', itemCodeProblem(input.code)], ['name', nameProblem(input.name)]]);
      const old = findSku(ctx.db, input.code);
      const next = { id: old?.id ?? 0, code: input.code, name: input.name, brand: input.brand || null, isActive: input.isActive ?? old?.isActive ?? true };
      return saveAudited(ctx, 'sku', input.code, old, next, () => upsertSku(ctx.db, next));
    },
  }),

  /** Creates or updates an equipment type by code; `isActive: false` deactivates it. */
  'reference.saveEquipment': mutation({
    access: 'reference.write',
    input: z.object({ code: text(64), name: text(300), isActive: z.boolean().optional() }),
    handler: (ctx, input) => {
      check([['code', itemCodeProblem(input.code)], ['name', nameProblem(input.name)]]);
      const old = findEquipment(ctx.db, input.code);
      const next = { id: old?.id ?? 0, code: input.code, name: input.name, isActive: input.isActive ?? old?.isActive ?? true };
      return saveAudited(ctx, 'equipment_type', input.code, old, next, () => upsertEquipment(ctx.db, next));
    },
  }),

  /** Creates or updates an amnesty reason by code (`IR_ERROR`); `isActive: false` hides it from new amnesties. */
  'reference.saveAmnestyReason': mutation({
    access: 'reference.write',
    input: z.object({ code: text(64), name: text(300), isActive: z.boolean().optional() }),
    handler: (ctx, input) => {
      check([['code', enumCodeProblem(input.code)], ['name', nameProblem(input.name)]]);
      const old = findAmnestyReason(ctx.db, input.code);
      const next = { code: input.code, name: input.name, isActive: input.isActive ?? old?.isActive ?? true };
      return saveAudited(ctx, 'amnesty_reason', input.code, old, next, () => upsertAmnestyReason(ctx.db, next));
    },
  }),

  /** Creates or updates a contract category with its monthly fee limits in kopecks. */
  'reference.saveCategory': mutation({
    access: 'reference.write',
    input: z.object({
      code: text(64),
      name: text(300),
      minMonthlyFee: z.number().int().min(0),
      maxMonthlyFee: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    }),
    handler: (ctx, input) => {
      check([
        ['code', enumCodeProblem(input.code)],
        ['name', nameProblem(input.name)],
        ['maxMonthlyFee', input.maxMonthlyFee < input.minMonthlyFee ? 'Максимальная абонентская плата меньше минимальной' : null],
      ]);
      const old = findCategory(ctx.db, input.code);
      const next = { code: input.code, name: input.name, minMonthlyFee: input.minMonthlyFee, maxMonthlyFee: input.maxMonthlyFee };
      return saveAudited(ctx, 'contract_category', input.code, old, next, () => upsertCategory(ctx.db, next));
    },
  }),

  /** Turns an SKU, equipment type or amnesty reason on or off without touching its other fields. */
  'reference.setActive': mutation({
    access: 'reference.write',
    input: z.object({ kind: z.enum(['sku', 'equipment', 'amnestyReason']), code: z.string().trim().min(1).max(64), isActive: z.boolean() }),
    handler: (ctx, input) => {
      const [table, entity] = (
        { sku: ['skus', 'sku'], equipment: ['equipment_types', 'equipment_type'], amnestyReason: ['amnesty_reasons', 'amnesty_reason'] } as const
      )[input.kind];
      const before = ctx.db.prepare(`SELECT is_active FROM ${table} WHERE code = ?`).pluck().get(input.code) as number | undefined;
      if (before === undefined) throw new DomainError('not_found', `Запись с кодом «${input.code}» не найдена`);
      if ((before === 1) !== input.isActive) ctx.db.prepare(`UPDATE ${table} SET is_active = ? WHERE code = ?`).run(input.isActive ? 1 : 0, input.code);
      ctx.audit({ entity, entityId: input.code, before: { isActive: before === 1 }, after: { isActive: input.isActive } });
      return { kind: input.kind, code: input.code, isActive: input.isActive };
    },
  }),

  /** Imports SKUs (sku_code, name, brand): preview or all-or-nothing commit. */
  'reference.importSkus': mutation({
    access: 'reference.write',
    input: importInput,
    handler: (ctx, input) => runImport(ctx, input, skuImport(ctx)),
  }),

  /** Imports equipment types (equipment_code, name): preview or all-or-nothing commit. */
  'reference.importEquipment': mutation({
    access: 'reference.write',
    input: importInput,
    handler: (ctx, input) => runImport(ctx, input, equipmentImport(ctx)),
  }),

  /** An import template or sample file by kind, for the user to download and fill. */
  'reference.template': query({
    access: 'signedIn',
    input: z.object({ kind: z.enum(TEMPLATE_KINDS as [TemplateKind, ...TemplateKind[]]) }),
    handler: (_ctx, input) => readTemplate(input.kind),
  }),
};
