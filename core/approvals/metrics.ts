// Approval cycle-time measures of DOMAIN.md ("time from submission to final approval", goal ≤ 3 h median) and the
// count of overdue steps, for users and the dashboard.
import type { Scope } from '../users/scope';
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { median, percentile } from './quorum';
import { contractScopeSql } from './repo';
import { MOSCOW_OFFSET_MS, moscowMonth } from './workingHours';

/** Count, median and 90th percentile of cycle times, in wall-clock hours with one decimal (null when no data). */
export interface CycleStats {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/** The measures for a range of months of final approval. */
export interface ApprovalMetrics {
  from: string | null;
  to: string | null;
  byCategoryMonth: (CycleStats & { month: string; category: string; categoryName: string })[];
  byMonth: (CycleStats & { month: string })[];
  overall: CycleStats;
  /** Pending steps past their due time right now (in the user's scope). */
  overduePending: number;
}

const MS_PER_TENTH_HOUR = 360_000;

/** Milliseconds → hours rounded half up to one decimal. */
function hours(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / MS_PER_TENTH_HOUR) / 10;
}

function stats(durations: number[]): CycleStats {
  return { count: durations.length, medianHours: hours(median(durations)), p90Hours: hours(percentile(durations, 90)) };
}

/** The first instant (UTC ISO) of a Moscow month `YYYY-MM`, or of the month after it. */
function monthStartIso(month: string, next = false): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + (next ? 1 : 0), 1) - MOSCOW_OFFSET_MS).toISOString();
}

/**
 * Cycle time per contract submission that ended approved: from that submission to its final approval, grouped by
 * the Moscow month of the final approval and the category. Earlier submissions that were returned or recalled are
 * not added: the measure is of the approvers' cycle, the rework time sits with the initiator.
 */
export function approvalMetrics(db: ReadableDb, scope: Scope, range: { from?: string; to?: string }, nowIso: string): ApprovalMetrics {
  if (range.from && range.to && range.from > range.to) {
    throw new DomainError('validation', 'Начало периода позже его окончания', { field: 'from' });
  }
  const sc = contractScopeSql(scope, 'i.contract_id');
  const conds = ["i.status = 'approved'", sc.sql];
  const params: unknown[] = [...sc.params];
  if (range.from) {
    conds.push('i.finished_at >= ?');
    params.push(monthStartIso(range.from));
  }
  if (range.to) {
    conds.push('i.finished_at < ?');
    params.push(monthStartIso(range.to, true));
  }
  const rows = db
    .prepare(
      `SELECT c.category, k.name AS categoryName, i.submitted_at AS submittedAt, i.finished_at AS finishedAt
       FROM approval_instances i JOIN contracts c ON c.id = i.contract_id
       JOIN contract_categories k ON k.code = c.category
       WHERE ${conds.join(' AND ')}`,
    )
    .all(...params) as { category: string; categoryName: string; submittedAt: string; finishedAt: string }[];

  const byCell = new Map<string, { month: string; category: string; categoryName: string; ms: number[] }>();
  const byMonth = new Map<string, number[]>();
  const all: number[] = [];
  for (const r of rows) {
    const ms = Date.parse(r.finishedAt) - Date.parse(r.submittedAt);
    const month = moscowMonth(r.finishedAt);
    const key = `${month}|${r.category}`;
    const cell = byCell.get(key) ?? { month, category: r.category, categoryName: r.categoryName, ms: [] };
    cell.ms.push(ms);
    byCell.set(key, cell);
    byMonth.set(month, [...(byMonth.get(month) ?? []), ms]);
    all.push(ms);
  }

  const overduePending = db
    .prepare(
      `SELECT count(*) FROM approval_steps s JOIN approval_instances i ON i.id = s.instance_id
       WHERE s.status = 'pending' AND i.status = 'in_progress' AND s.due_at < ? AND ${sc.sql}`,
    )
    .pluck()
    .get(nowIso, ...sc.params) as number;

  return {
    from: range.from ?? null,
    to: range.to ?? null,
    byCategoryMonth: [...byCell.values()]
      .sort((a, b) => a.month.localeCompare(b.month) || a.category.localeCompare(b.category))
      .map((c) => ({ month: c.month, category: c.category, categoryName: c.categoryName, ...stats(c.ms) })),
    byMonth: [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, ms]) => ({ month, ...stats(ms) })),
    overall: stats(all),
    overduePending,
  };
}
