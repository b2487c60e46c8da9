// The approval cycle-time distribution: how many contract submissions that ended approved took 0–1 h, 1–2 h, … from
// submission to final approval (the measure of core/approvals/metrics.ts), counted in SQL.
import { contractScopeSql } from '../approvals/repo';
import { MOSCOW_OFFSET_MS } from '../approvals/workingHours';
import type { ReadableDb } from '../db/types';
import type { Scope } from '../users/scope';
import { CYCLE_GOAL_HOURS } from './kpis';
import { shiftMonth } from './months';

/** Upper bounds (hours, exclusive) of the buckets; the last bucket is open-ended. */
export const CYCLE_BUCKETS = [1, 2, 3, 4, 8, 24, 48] as const;

/** One bar of the histogram. */
export interface CycleBucket {
  label: string;
  fromHours: number;
  toHours: number | null;
  count: number;
  /** True for the buckets within the 3-hour goal. */
  withinGoal: boolean;
}

function moscowMonthStartIso(month: string): string {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) - MOSCOW_OFFSET_MS).toISOString();
}

/** Histogram of cycle hours of approvals finished in the `months` Moscow months ending with `to`. */
export function cycleTimeHistogram(db: ReadableDb, scope: Scope, to: string, months: number): { from: string; to: string; total: number; buckets: CycleBucket[] } {
  const from = shiftMonth(to, -(months - 1));
  const sc = contractScopeSql(scope, 'i.contract_id');
  const caseSql = CYCLE_BUCKETS.map((b, i) => `WHEN h < ${b} THEN ${i}`).join(' ');
  const rows = db
    .prepare(
      `SELECT b, count(*) AS n FROM (
         SELECT CASE ${caseSql} ELSE ${CYCLE_BUCKETS.length} END AS b FROM (
           SELECT (julianday(i.finished_at) - julianday(i.submitted_at)) * 24 AS h FROM approval_instances i
           WHERE i.status = 'approved' AND i.finished_at >= ? AND i.finished_at < ? AND ${sc.sql}))
       GROUP BY b`,
    )
    .all(moscowMonthStartIso(from), moscowMonthStartIso(shiftMonth(to, 1)), ...sc.params) as { b: number; n: number }[];
  const counts = new Map(rows.map((r) => [r.b, r.n]));
  const buckets: CycleBucket[] = [];
  let lo = 0;
  for (let i = 0; i <= CYCLE_BUCKETS.length; i++) {
    const hi = i < CYCLE_BUCKETS.length ? CYCLE_BUCKETS[i] : null;
    buckets.push({ label: hi === null ? `≥ ${lo} ч` : `${lo}–${hi} ч`, fromHours: lo, toHours: hi, count: counts.get(i) ?? 0, withinGoal: hi !== null && hi <= CYCLE_GOAL_HOURS });
    if (hi !== null) lo = hi;
  }
  return { from, to, total: buckets.reduce((s, b) => s + b.count, 0), buckets };
}
