// The set-based aggregates every dashboard view is built from. Each is one SQL statement over an index (month of the
// contract-month cache, visit date), grouped in SQLite; JavaScript only receives the few grouped rows.
import type { ReadableDb } from '../db/types';
import { monthEnd, monthStart } from '../penalties/dates';
import { scopeCondition, type Scope } from '../users/scope';

/**
 * SQL condition: the contract (given its id expression) has an outlet in the scope — the rule of the contract-months
 * grid (penalties/repo contractScopeSql), written as an IN over a subquery that SQLite evaluates once per statement
 * instead of once per row: on the large demo a 12-month district trend drops from ~1.1 s to a few tens of ms.
 */
export function contractsInScopeSql(scope: Scope, contractIdSql: string): { sql: string; params: string[] } {
  const cond = scopeCondition(scope, 'so.region_code');
  if (cond.sql === '1') return cond;
  return {
    sql: `${contractIdSql} IN (SELECT sco.contract_id FROM outlets so JOIN contract_outlets sco ON sco.outlet_id = so.id WHERE ${cond.sql})`,
    params: cond.params,
  };
}

/** Money of the contract-month cache summed over a month. */
export interface MonthMoney {
  month: string;
  /** Contracts with a month fee in the month (rows of the cache). */
  contracts: number;
  monthFee: number;
  penalty: number;
  payout: number;
  vat: number;
  payoutTotal: number;
}

/** Σ of the contract-month cache per month over [from, to], contracts in scope (as the contract-months grid counts them). */
export function moneyByMonth(db: ReadableDb, scope: Scope, from: string, to: string): Map<string, MonthMoney> {
  const s = contractsInScopeSql(scope, 'cm.contract_id');
  const rows = db
    .prepare(
      `SELECT cm.month, count(*) AS contracts, total(cm.month_fee) AS monthFee, total(cm.penalty) AS penalty,
              total(cm.payout) AS payout, total(cm.vat) AS vat, total(cm.payout_total) AS payoutTotal
       FROM contract_months cm WHERE cm.month BETWEEN ? AND ? AND ${s.sql} GROUP BY cm.month`,
    )
    .all(from, to, ...s.params) as MonthMoney[];
  return new Map(rows.map((r) => [r.month, r]));
}

/** An empty month of money, for months without rows. */
export function noMoney(month: string): MonthMoney {
  return { month, contracts: 0, monthFee: 0, penalty: 0, payout: 0, vat: 0, payoutTotal: 0 };
}

/**
 * Amnesties (rows of `where` on alias a) with the service month and contract they belong to: a contract-month amnesty names both; one
 * granted on selected signals takes the month of its earliest signal and the contract of its first matched signal.
 * The amnesties table is small (hand-granted), so the derivation per row is cheap.
 */
export function amnestyAttributionSql(where: string): string {
  return `SELECT a.id, a.effect,
    COALESCE(a.month, (SELECT min(substr(v.visit_date, 1, 7)) FROM amnesty_signals x JOIN signals s ON s.id = x.signal_id
                       JOIN visits v ON v.id = s.visit_row_id WHERE x.amnesty_id = a.id)) AS month,
    COALESCE(a.contract_id, (SELECT min(s.contract_id) FROM amnesty_signals x JOIN signals s ON s.id = x.signal_id
                             WHERE x.amnesty_id = a.id)) AS contract_id
  FROM amnesties a WHERE ${where}`;
}

/** Applied amnesties with their service month and contract (see amnestyAttributionSql). */
export const APPLIED_AMNESTIES = amnestyAttributionSql("a.status = 'applied'");

/** Count and Σ effect of applied amnesties per service month over [from, to], contracts in scope. */
export function amnestiesByMonth(db: ReadableDb, scope: Scope, from: string, to: string): Map<string, { count: number; effect: number }> {
  const s = contractsInScopeSql(scope, 'am.contract_id');
  const rows = db
    .prepare(
      `SELECT am.month, count(*) AS count, total(am.effect) AS effect FROM (${APPLIED_AMNESTIES}) am
       WHERE am.month BETWEEN ? AND ? AND ${s.sql} GROUP BY am.month`,
    )
    .all(from, to, ...s.params) as { month: string; count: number; effect: number }[];
  return new Map(rows.map((r) => [r.month, { count: r.count, effect: r.effect }]));
}

/** Visits (kind '') and signals by type (kind = the signal type) per month, at outlets in scope. */
export interface ActivityRow {
  month: string;
  kind: string;
  n: number;
}

function hasActivitySummary(db: ReadableDb): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dashboard_activity'").get() !== undefined;
}

/**
 * Visits and signals per month and kind over [from, to] in scope. Reads the trigger-maintained summary of migration 009
 * when the store has it (a few hundred rows); otherwise counts through the visit-date index, which is exact but takes
 * 0.1–0.5 s a month on the large demo.
 */
export function activityByMonth(db: ReadableDb, scope: Scope, from: string, to: string): ActivityRow[] {
  if (hasActivitySummary(db)) {
    const sc = scopeCondition(scope, 'a.region_code');
    return db
      .prepare(
        `SELECT a.month, a.kind, total(a.n) AS n FROM dashboard_activity a
         WHERE a.month BETWEEN ? AND ? AND ${sc.sql} GROUP BY 1, 2 HAVING total(a.n) <> 0 ORDER BY 1, 2`,
      )
      .all(from, to, ...sc.params) as ActivityRow[];
  }
  const sc = scopeCondition(scope, 'o.region_code');
  const join = sc.sql === '1' ? '' : 'JOIN outlets o ON o.id = v.outlet_id';
  const range = [monthStart(from), monthEnd(to), ...sc.params];
  const visits = db
    .prepare(`SELECT substr(v.visit_date, 1, 7) AS month, '' AS kind, count(*) AS n FROM visits v ${join} WHERE v.visit_date BETWEEN ? AND ? AND ${sc.sql} GROUP BY 1`)
    .all(...range) as ActivityRow[];
  const signals = db
    .prepare(
      `SELECT substr(v.visit_date, 1, 7) AS month, s.signal_type AS kind, count(*) AS n
       FROM signals s JOIN visits v ON v.id = s.visit_row_id ${join}
       WHERE v.visit_date BETWEEN ? AND ? AND ${sc.sql} GROUP BY 1, 2`,
    )
    .all(...range) as ActivityRow[];
  return [...visits, ...signals].sort((a, b) => a.month.localeCompare(b.month) || a.kind.localeCompare(b.kind));
}
