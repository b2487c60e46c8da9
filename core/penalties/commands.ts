import { z } from 'zod';
import { mutation, query } from '../command';
import { DomainError } from '../errors';
import { gridRequest } from '../grid/request';
import { WHOLE_COUNTRY } from '../users/scope';
import { explainContractMonth } from './explain';
import { rebuildAll } from './recompute';
import { contractInScope, listContractMonths, payoutLines } from './repo';

/** A month written `YYYY-MM`. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Месяц в формате ГГГГ-ММ');

/** Commands of the penalties domain: the contract-month cache, its explanation, the payout listing, a full rebuild. */
export const penaltiesCommands = {
  /** Grid of the contract_months cache joined with contract number and counterparty; optional month filter. */
  'penalties.contractMonths': query({
    access: 'penalties.read',
    input: gridRequest.extend({ month: monthSchema.optional() }),
    handler: (ctx, input) => listContractMonths(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input, input.month),
  }),
  /** Every signal of a contract-month with its rule, counted/repeat, percent, cap, and fee/penalty/payout/VAT. */
  'penalties.explain': query({
    access: 'penalties.read',
    input: z.object({ contractId: z.number().int().positive(), month: monthSchema }),
    handler: (ctx, input) => {
      if (!contractInScope(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input.contractId)) {
        throw new DomainError('not_found', 'Договор не найден или недоступен', { contractId: input.contractId });
      }
      return explainContractMonth(ctx.db, input.contractId, input.month);
    },
  }),
  /** The payout listing of a month (one line per contract with a month fee), sorted by contract number. */
  'penalties.payouts': query({
    access: 'penalties.read',
    input: z.object({ month: monthSchema }),
    handler: (ctx, input) => ({ month: input.month, lines: payoutLines(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input.month) }),
  }),
  /** Re-matches every signal and rebuilds the whole contract-month cache (after a rule or rate change). */
  'penalties.recompute': mutation({
    access: 'penalties.manageRules',
    input: z.object({}).default({}),
    handler: (ctx) => {
      const started = performance.now();
      const summary = rebuildAll(ctx.db, ctx.clock.now().toISOString());
      const result = { ...summary, ms: Math.round(performance.now() - started) };
      ctx.audit({ entity: 'contract_months', after: result });
      return result;
    },
  }),
};

export type PenaltiesCommands = typeof penaltiesCommands;
