// Management dashboard: KPIs, charts, timelines and what-if (issue 8).
import { z } from 'zod';
import { budgetView } from '../budget/view';
import { query, type QueryCtx } from '../command';
import { DomainError } from '../errors';
import { gridRequest } from '../grid/request';
import { monthSchema } from '../penalties/commands';
import { listContractMonths } from '../penalties/repo';
import { listSignalsWithPhotos } from '../signals/repo';
import { rolesGrant, type Permission } from '../users/roles';
import { WHOLE_COUNTRY, type Scope } from '../users/scope';
import { areaInput, areaScope, type Area } from './area';
import { dashboardXlsx } from './exportXlsx';
import { computeKpis } from './kpis';
import { memoized, memoKey } from './memo';
import { BUDGET_MONTHS_AHEAD, monthOf, shiftMonth } from './months';
import { buildTimeline } from './timeline';
import { keptByDistrict, keptCycleTimes, keptTrend, keptViolations } from './views';
import { whatIf } from './whatIf';

const userScope = (ctx: QueryCtx): Scope => ctx.user?.scope ?? WHOLE_COUNTRY;
const scopeOf = (ctx: QueryCtx, area: Area): Scope => areaScope(ctx.db, userScope(ctx), area);
const monthsCount = z.number().int().min(1).max(36).default(12);
const percentBp = z.number().int().min(0, 'Процент не может быть отрицательным').max(100_000, 'Не больше 1000 %');

/** Refuses unless the user also holds the permission of the grid a drill-through opens. */
function requirePermission(ctx: QueryCtx, permission: Permission): void {
  if (!ctx.user || !rolesGrant(ctx.user.roles, permission)) throw new DomainError('forbidden', 'Недостаточно прав для этого списка', { permission });
}

/** The budget chart's months, kept while the data is unchanged (memo.ts); the current month picks the forecast months. */
function budgetByMonth(ctx: QueryCtx, to: string, months: number, federalDistrict: string | undefined) {
  const scope = userScope(ctx);
  const today = monthOf(ctx.clock.now());
  return memoized(ctx.db, memoKey('budget', scope, to, months, federalDistrict, today), () => {
    const view = budgetView(ctx.db, scope, { from: shiftMonth(to, -(months - 1)), to, federalDistrict }, today);
    return { lastFactMonth: view.lastFactMonth, forecastFrom: view.forecastFrom, byMonth: view.byMonth, totals: view.totals };
  });
}

/** Commands of the dashboard: every number is an aggregate in SQL over the user's scope narrowed to the chosen area. */
export const dashboardCommands = {
  /** KPI tiles of a month (with the previous month and the change) for the scope, a federal district or a region. */
  'dashboard.kpis': query({
    access: 'dashboard.read',
    input: areaInput.extend({ month: monthSchema }),
    handler: (ctx, input) => computeKpis(ctx.db, scopeOf(ctx, input), input.month, ctx.clock.now().toISOString()),
  }),
  /** Fees, penalties, amnesties and payouts per month for the `months` months ending with `to`. */
  'dashboard.trend': query({
    access: 'dashboard.read',
    input: areaInput.extend({ to: monthSchema, months: monthsCount }),
    handler: (ctx, input) => keptTrend(ctx.db, scopeOf(ctx, input), input.to, input.months),
  }),
  /** A month's money per federal district (a contract counts in each district where it has an outlet). */
  'dashboard.byDistrict': query({
    access: 'dashboard.read',
    input: z.object({ month: monthSchema }),
    handler: (ctx, input) => keptByDistrict(ctx.db, userScope(ctx), input.month),
  }),
  /** Signals by violation type and visits per month for the `months` months ending with `to`. */
  'dashboard.violations': query({
    access: 'dashboard.read',
    input: areaInput.extend({ to: monthSchema, months: monthsCount }),
    handler: (ctx, input) => keptViolations(ctx.db, scopeOf(ctx, input), input.to, input.months),
  }),
  /** Budget plan, fact and forecast per month (from the budget domain); by federal district only, not by region. */
  'dashboard.budget': query({
    access: 'budget.read',
    input: z.object({ to: monthSchema, months: monthsCount, federalDistrict: z.string().trim().min(1).max(10).optional() }),
    handler: (ctx, input) => budgetByMonth(ctx, input.to, input.months, input.federalDistrict),
  }),
  /** Distribution of approval cycle hours (submission → final approval) over the `months` months ending with `to`. */
  'dashboard.cycleTimes': query({
    access: 'dashboard.read',
    input: areaInput.extend({ to: monthSchema, months: monthsCount }),
    handler: (ctx, input) => keptCycleTimes(ctx.db, scopeOf(ctx, input), input.to, input.months),
  }),
  /** Chronological events of one outlet or one counterparty. */
  'dashboard.timeline': query({
    access: 'dashboard.read',
    input: z.union([z.object({ outletId: z.number().int().positive() }), z.object({ counterpartyId: z.number().int().positive() })]),
    handler: (ctx, input) => buildTimeline(ctx.db, userScope(ctx), input),
  }),
  /** Effect of other rule percents or another cap on a month's payouts by district, computed without writing. */
  'dashboard.whatIf': query({
    access: 'dashboard.read',
    input: z.object({
      month: monthSchema,
      rules: z.object({ OOS: percentBp.optional(), EQUIPMENT: percentBp.optional(), SCHEDULE: percentBp.optional() }).default({}),
      capBp: z.number().int().min(1, 'Предел должен быть больше нуля').max(10_000, 'Предел не больше 100 %').optional(),
    }),
    handler: (ctx, input) => whatIf(ctx.db, userScope(ctx), input.month, { rules: input.rules, capBp: input.capBp }),
  }),
  /** The contract-months grid behind the money tiles, narrowed to a district or region (drill-through). */
  'dashboard.contractMonths': query({
    access: 'dashboard.read',
    input: gridRequest.extend(areaInput.shape).extend({ month: monthSchema.optional() }),
    handler: (ctx, input) => {
      requirePermission(ctx, 'penalties.read');
      return listContractMonths(ctx.db, scopeOf(ctx, input), input, input.month);
    },
  }),
  /** The signals grid behind the signals tile, narrowed to a district or region (drill-through). */
  'dashboard.signals': query({
    access: 'dashboard.read',
    input: gridRequest.extend(areaInput.shape).extend({ month: monthSchema.optional() }),
    handler: (ctx, input) => {
      requirePermission(ctx, 'signals.read');
      // Same rows as signals.list, photo links included.
      return listSignalsWithPhotos(ctx.db, scopeOf(ctx, input), input, input.month);
    },
  }),
  /** The dashboard's data for a month and area as an XLSX workbook (base64). */
  'dashboard.exportXlsx': query({
    access: 'dashboard.read',
    input: areaInput.extend({ month: monthSchema }),
    handler: (ctx, input) => {
      const scope = scopeOf(ctx, input);
      const area = input.regionCode ? `регион ${input.regionCode}` : input.federalDistrict ? input.federalDistrict : 'все регионы';
      const bytes = dashboardXlsx({
        title: `Дашборд MCM за ${input.month}, ${area}`,
        kpis: computeKpis(ctx.db, scope, input.month, ctx.clock.now().toISOString()),
        trend: keptTrend(ctx.db, scope, input.month, 12),
        districts: keptByDistrict(ctx.db, userScope(ctx), input.month),
        violations: keptViolations(ctx.db, scope, input.month, 12),
        cycle: keptCycleTimes(ctx.db, scope, input.month, 12).buckets,
        budget: ctx.user && rolesGrant(ctx.user.roles, 'budget.read') ? budgetByMonth(ctx, shiftMonth(input.month, BUDGET_MONTHS_AHEAD), 12, input.federalDistrict).byMonth : undefined,
      });
      return { fileName: `dashboard_${input.month}${input.federalDistrict ? '_' + input.federalDistrict : ''}${input.regionCode ? '_' + input.regionCode : ''}.xlsx`, base64: Buffer.from(bytes).toString('base64') };
    },
  }),
};

export type DashboardCommands = typeof dashboardCommands;
