import { z } from 'zod';
import { mutation } from '../command';
import { DomainError } from '../errors';
import { countUsers } from '../users/repo';
import { rolesGrant } from '../users/roles';
import { insertBudgetPlan } from './budget';
import { generateDemo } from './generate';
import { rebuildAll } from '../penalties/recompute';

export const demoCommands = {
  // Public so that a brand-new installation can be filled before anyone exists to sign in;
  // once there are users, only a holder of `demo.load` may do it.
  'demo.load': mutation({
    access: 'public',
    input: z.object({
      scale: z.enum(['small', 'large']).default('small'),
      seed: z.number().int().optional(),
    }),
    handler: (ctx, input) => {
      if (countUsers(ctx.db) > 0 && !(ctx.user && rolesGrant(ctx.user.roles, 'demo.load'))) {
        throw new DomainError('forbidden', 'Демо-данные может загрузить только администратор');
      }
      const hasData = ctx.db
        .prepare('SELECT EXISTS (SELECT 1 FROM contracts) OR EXISTS (SELECT 1 FROM counterparties)')
        .pluck()
        .get() as number;
      if (hasData) {
        throw new DomainError('conflict', 'В базе уже есть данные: демо-данные загружаются только в пустую базу');
      }
      const today = ctx.clock.now().toISOString().slice(0, 10);
      const summary = generateDemo(ctx.db, { scale: input.scale, seed: input.seed, today });
      // Demo visits come in without matching: match them and fill the contract-month cache like an import would.
      rebuildAll(ctx.db, ctx.clock.now().toISOString());
      // The plan follows payouts, so it can only be laid out once the penalties are known.
      summary.rows.budget_plan = insertBudgetPlan(ctx.db, { seed: summary.seed, today, from: summary.visitsFrom });
      ctx.audit({ entity: 'demo', after: summary });
      return summary;
    },
  }),
};

export type DemoCommands = typeof demoCommands;
