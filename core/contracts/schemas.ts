// Input schemas of the contracts commands, with Russian messages: the dispatcher shows the first one to the user.
import { z } from 'zod';
import { versionField } from '../concurrency/version';
import { gridRequest } from '../grid/request';
import { isIsoDate } from './dates';

/** An existing calendar day as `YYYY-MM-DD`. */
export const isoDate = z.string().refine(isIsoDate, { message: 'Дата должна быть в формате ГГГГ-ММ-ДД и существовать в календаре' });

const id = z.number().int().positive();
/** Money in integer kopecks, never a float. */
export const kopecks = z
  .number({ message: 'Сумма должна быть числом в копейках' })
  .int('Сумма указывается в целых копейках')
  .min(0, 'Сумма не может быть отрицательной')
  .max(1_000_000_000_00, 'Слишком большая сумма');
const code = z.string().trim().min(1, 'Пустой код').max(64);
const codes = z.array(code).max(200);
/** An opening schedule as people write it; blank means "no schedule obligation". */
export const schedule = z
  .string()
  .trim()
  .max(200, 'Слишком длинный график работы')
  .nullable()
  .transform((s) => (s === null || s === '' ? null : s));

const outletFee = z.object({ outletId: id, monthlyFee: kopecks });

/** The editable fields of a draft; `number` is generated when omitted. */
export const draftFields = z.object({
  number: z.string().trim().min(1, 'Номер договора не может быть пустым').max(50, 'Слишком длинный номер договора').optional(),
  counterpartyId: id,
  outletIds: z.array(id).min(1, 'Выберите хотя бы одну торговую точку').max(500, 'Слишком много точек в одном договоре'),
  category: code,
  managerUserId: id.nullable().optional(),
  startDate: isoDate,
  endDate: isoDate,
  monthlyFee: kopecks.refine((v) => v > 0, { message: 'Ежемесячный платёж должен быть больше нуля' }),
  skuCodes: codes.default([]),
  equipmentCodes: codes.default([]),
  schedule: schedule.optional(),
  outletFees: z.array(outletFee).max(500).optional(),
});

/** A period whose end is not before its start. */
const periodOk = (v: { startDate?: string; endDate?: string }) => !v.startDate || !v.endDate || v.endDate >= v.startDate;
const periodMessage = { message: 'Дата окончания не может быть раньше даты начала', path: ['endDate'] };

/** Input of `contracts.create`. */
export const createInput = draftFields.refine(periodOk, periodMessage);
/** Parsed input of `contracts.create`. */
export type CreateInput = z.output<typeof createInput>;

/** Changes to a draft: any subset of the fields; the rest stay as they are. */
export const updateDraftInput = draftFields
  .partial()
  .extend({ id, skuCodes: codes.optional(), equipmentCodes: codes.optional(), version: versionField })
  .refine(periodOk, periodMessage);
/** Parsed input of `contracts.updateDraft`. */
export type UpdateDraftInput = z.output<typeof updateDraftInput>;

/** Saved filters of the contracts grid: my pending approvals, contracts ending within 30 days. */
export const LIST_PRESETS = ['mineOnApproval', 'expiring30'] as const;
/** Input of `contracts.list`: a grid request plus an optional preset. */
export const listInput = gridRequest.extend({ preset: z.enum(LIST_PRESETS).optional() });
/** Parsed input of `contracts.list`. */
export type ListInput = z.output<typeof listInput>;

/** Kinds of supplementary agreements (the `supplementary_agreements.kind` CHECK). */
export const SUPPLEMENT_KINDS = [
  'fee_change',
  'sku_change',
  'equipment_change',
  'schedule_change',
  'extension',
  'termination',
  'mixed',
] as const;
/** One kind of supplementary agreement. */
export type SupplementKind = (typeof SUPPLEMENT_KINDS)[number];

/** Russian names of agreement kinds, for messages and the UI. */
export const SUPPLEMENT_KIND_NAMES_RU: Record<SupplementKind, string> = {
  fee_change: 'изменение платежа',
  sku_change: 'изменение ассортимента',
  equipment_change: 'изменение оборудования',
  schedule_change: 'изменение графика работы',
  extension: 'продление',
  termination: 'расторжение',
  mixed: 'комплексное изменение',
};

/** Input of `contracts.supplement`. */
export const supplementInput = z.object({
  id,
  kind: z.enum(SUPPLEMENT_KINDS),
  effectiveFrom: isoDate,
  monthlyFee: kopecks.optional(),
  skuCodes: codes.optional(),
  equipmentCodes: codes.optional(),
  schedule: schedule.optional(),
  /** Per-outlet fees of the new version; needed when the contract has them and the fee changes. */
  outletFees: z.array(outletFee).max(500).optional(),
  newEndDate: isoDate.optional(),
  terminationDate: isoDate.optional(),
  comment: z.string().trim().max(2000).optional(),
  version: versionField,
});
/** Parsed input of `contracts.supplement`. */
export type SupplementInput = z.output<typeof supplementInput>;

/** Which signed/active contracts a bulk change selects. */
export const bulkCriteria = z.object({
  category: code.optional(),
  federalDistrict: code.optional(),
  regionCode: code.optional(),
  status: z.enum(['signed', 'active']).optional(),
});
/** Parsed bulk-change criteria. */
export type BulkCriteria = z.output<typeof bulkCriteria>;

/** What a bulk change sets on each selected contract (one or more fields). */
export const bulkChange = z
  .object({
    skuCodes: codes.optional(),
    equipmentCodes: codes.optional(),
    monthlyFee: kopecks.refine((v) => v > 0, { message: 'Ежемесячный платёж должен быть больше нуля' }).optional(),
    schedule: schedule.optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'Укажите, что меняется: SKU, оборудование, платёж или график' });
/** Parsed bulk-change values. */
export type BulkChange = z.output<typeof bulkChange>;

/** Input of `contracts.bulkPreview`/`bulkSave`/`bulkApply` given in full. */
export const bulkInput = z.object({
  criteria: bulkCriteria,
  change: bulkChange,
  effectiveFrom: isoDate,
  description: z.string().trim().min(1, 'Опишите массовое изменение').max(500),
});
/** Parsed full bulk-change input. */
export type BulkInput = z.output<typeof bulkInput>;

/** A bulk change given in full, or the id of a saved draft. */
export const bulkApplyInput = z.union([bulkInput, z.object({ bulkChangeId: id })]);
