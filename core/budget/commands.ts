// The payout budget: plan per federal district and month (imported), fact from registries, forecast (issue 6).
import { z } from 'zod';
import { mutation, query } from '../command';
import { DomainError } from '../errors';
import { importInput, runImport } from '../import/result';
import { monthSchema } from '../penalties/commands';
import { readTemplate } from '../reference/templates';
import { WHOLE_COUNTRY } from '../users/scope';
import { budgetPlanImport } from './import';
import { budgetView } from './view';

/** Longest range the view builds at once: three years of months. */
export const MAX_VIEW_MONTHS = 36;

const viewInput = z
  .object({
    from: monthSchema,
    to: monthSchema,
    federalDistrict: z.string().trim().min(1).max(16).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.from > v.to) ctx.addIssue({ code: 'custom', message: 'Начало периода позже его конца', path: ['to'] });
    const span = (Number(v.to.slice(0, 4)) - Number(v.from.slice(0, 4))) * 12 + Number(v.to.slice(5)) - Number(v.from.slice(5)) + 1;
    if (span > MAX_VIEW_MONTHS) ctx.addIssue({ code: 'custom', message: `Период не длиннее ${MAX_VIEW_MONTHS} месяцев`, path: ['to'] });
  });

export const budgetCommands = {
  /** Imports the plan (Федеральный округ, Месяц, Сумма, ₽): preview or all-or-nothing commit, upserting budget_plan. */
  'budget.importPlan': mutation({
    access: 'budget.import',
    input: importInput,
    handler: (ctx, input) => {
      const touched: { federalDistrict: string; month: string }[] = [];
      const result = runImport(ctx, input, budgetPlanImport(ctx, touched));
      if (result.committed && touched.length > 0) {
        // runImport records the batch after the rows are written; stamp the rows with it now.
        const batchId = ctx.db.prepare("SELECT max(id) FROM import_batches WHERE kind = 'budget_plan'").pluck().get() as number | null;
        const stamp = ctx.db.prepare('UPDATE budget_plan SET batch_id = ? WHERE federal_district = ? AND month = ?');
        for (const t of touched) stamp.run(batchId, t.federalDistrict, t.month);
      }
      return result;
    },
  }),

  /** The plan template to fill (XLSX). */
  'budget.template': query({
    access: 'budget.read',
    input: z.object({}),
    handler: () => readTemplate('budget'),
  }),

  /** Plan, fact and forecast per federal district and month, with per-month sums and totals. */
  'budget.view': query({
    access: 'budget.read',
    input: viewInput,
    handler: (ctx, input) => {
      const known = input.federalDistrict === undefined || ctx.db.prepare('SELECT 1 FROM federal_districts WHERE code = ?').get(input.federalDistrict);
      if (!known) throw new DomainError('validation', 'Неизвестный федеральный округ', { field: 'federalDistrict' });
      const today = ctx.clock.now().toISOString().slice(0, 7);
      return budgetView(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input, today);
    },
  }),
};
