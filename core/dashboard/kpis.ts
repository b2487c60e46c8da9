// The KPI tiles of the dashboard for one month and area, each with the previous month's value and the change.
import { approvalMetrics } from '../approvals/metrics';
import type { ReadableDb } from '../db/types';
import type { Scope } from '../users/scope';
import { shiftMonth } from './months';
import { activityByMonth, amnestiesByMonth, moneyByMonth, noMoney } from './sources';

/** The company's goal for the median approval cycle (DOMAIN.md "Approval workflow"). */
export const CYCLE_GOAL_HOURS = 3;

export type KpiKey =
  | 'activeContracts'
  | 'monthFees'
  | 'penalties'
  | 'amnesties'
  | 'netPayouts'
  | 'penaltyShare'
  | 'signalsPer100Visits'
  | 'cycleMedian'
  | 'cycleP90'
  | 'overdueSteps';

/** One tile. Money in kopecks, shares in basis points, hours with one decimal, rates with two. */
export interface Kpi {
  key: KpiKey;
  label: string;
  unit: 'count' | 'money' | 'bp' | 'hours' | 'rate';
  value: number | null;
  previous: number | null;
  /** value − previous, null when either is unknown. */
  delta: number | null;
  /** A second line under the number, plain text. */
  hint?: string;
  /** A second number under the main one (e.g. the payouts incl. VAT), in the given unit. */
  secondary?: { label: string; value: number; unit: 'count' | 'money' };
  /** For the cycle-time tiles: the goal and whether the value meets it. */
  goal?: number;
  meetsGoal?: boolean | null;
}

/** The tiles of a month. */
export interface KpisResult {
  month: string;
  previousMonth: string;
  tiles: Kpi[];
}

/** Rate with two decimals, half up; null without a denominator. */
function per100(n: number, d: number): number | null {
  return d > 0 ? Math.round((n * 10_000) / d) / 100 : null;
}

/** Share in basis points, half up; null without a fee. */
function shareBp(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 10_000) / whole) : null;
}

function tile(key: KpiKey, label: string, unit: Kpi['unit'], value: number | null, previous: number | null, extra: Partial<Kpi> = {}): Kpi {
  const delta = value === null || previous === null ? null : Math.round((value - previous) * 100) / 100;
  return { key, label, unit, value, previous, delta, ...extra };
}

/** Computes the KPI tiles for `month` and the month before, in `scope` (already narrowed to the chosen area). */
export function computeKpis(db: ReadableDb, scope: Scope, month: string, nowIso: string): KpisResult {
  const prev = shiftMonth(month, -1);
  const money = moneyByMonth(db, scope, prev, month);
  const cur = money.get(month) ?? noMoney(month);
  const old = money.get(prev) ?? noMoney(prev);
  const amn = amnestiesByMonth(db, scope, prev, month);
  const amnCur = amn.get(month) ?? { count: 0, effect: 0 };
  const amnOld = amn.get(prev) ?? { count: 0, effect: 0 };
  const act = activityByMonth(db, scope, prev, month);
  const count = (m: string, visits: boolean) => act.filter((r) => r.month === m && (r.kind === '') === visits).reduce((s, r) => s + r.n, 0);
  const cycle = approvalMetrics(db, scope, { from: month, to: month }, nowIso);
  const cycleOld = approvalMetrics(db, scope, { from: prev, to: prev }, nowIso);
  const meets = (h: number | null) => (h === null ? null : h <= CYCLE_GOAL_HOURS);
  const visitsCur = count(month, true);
  const signalsCur = count(month, false);

  return {
    month,
    previousMonth: prev,
    tiles: [
      tile('activeContracts', 'Действующие договоры', 'count', cur.contracts, old.contracts, { hint: 'с вознаграждением за месяц' }),
      tile('monthFees', 'Вознаграждение за месяц', 'money', cur.monthFee, old.monthFee, { hint: 'без НДС' }),
      tile('penalties', 'Штрафы', 'money', cur.penalty, old.penalty, { hint: 'после амнистий' }),
      tile('amnesties', 'Амнистии', 'money', amnCur.effect, amnOld.effect, { hint: `применено: ${amnCur.count}` }),
      tile('netPayouts', 'К выплате', 'money', cur.payout, old.payout, { secondary: { label: 'с НДС', value: cur.payoutTotal, unit: 'money' } }),
      tile('penaltyShare', 'Доля штрафов', 'bp', shareBp(cur.penalty, cur.monthFee), shareBp(old.penalty, old.monthFee)),
      tile('signalsPer100Visits', 'Сигналов на 100 визитов', 'rate', per100(signalsCur, visitsCur), per100(count(prev, false), count(prev, true)), {
        hint: `${signalsCur} сигн. / ${visitsCur} виз.`,
      }),
      tile('cycleMedian', 'Согласование: медиана', 'hours', cycle.overall.medianHours, cycleOld.overall.medianHours, {
        goal: CYCLE_GOAL_HOURS,
        meetsGoal: meets(cycle.overall.medianHours),
        hint: `договоров: ${cycle.overall.count}`,
      }),
      tile('cycleP90', 'Согласование: 90-й перцентиль', 'hours', cycle.overall.p90Hours, cycleOld.overall.p90Hours, {
        goal: CYCLE_GOAL_HOURS,
        meetsGoal: meets(cycle.overall.p90Hours),
      }),
      // Overdue steps are a "right now" measure: there is no previous month to compare with.
      tile('overdueSteps', 'Просроченные шаги', 'count', cycle.overduePending, null, { hint: 'сейчас' }),
    ],
  };
}
