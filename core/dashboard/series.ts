// Chart series of the dashboard: the 12-month money trend, the breakdown by federal district, violation types over time.
import type { ReadableDb } from '../db/types';
import type { Scope } from '../users/scope';
import { monthsEndingWith } from './months';
import { activityByMonth, amnestiesByMonth, APPLIED_AMNESTIES, contractsInScopeSql, moneyByMonth, noMoney, type MonthMoney } from './sources';

/** One month of the money trend. */
export interface TrendPoint extends MonthMoney {
  amnesties: number;
}

/** Fees, penalties, amnesties and payouts for the `months` months ending with `to`. */
export function moneyTrend(db: ReadableDb, scope: Scope, to: string, months: number): TrendPoint[] {
  const list = monthsEndingWith(to, months);
  const money = moneyByMonth(db, scope, list[0], to);
  const amn = amnestiesByMonth(db, scope, list[0], to);
  return list.map((m) => ({ ...(money.get(m) ?? noMoney(m)), amnesties: amn.get(m)?.effect ?? 0 }));
}

/** One federal district of a month. */
export interface DistrictRow extends MonthMoney {
  federalDistrict: string;
  name: string;
  amnesties: number;
  /** Penalty ÷ fee in basis points, null without a fee. */
  penaltyShareBp: number | null;
}

/**
 * The month's money per federal district, in the user's scope. A contract counts in each district where it has an
 * outlet — the same rule the district filter uses, so a bar equals the tiles filtered to that district.
 */
export function byDistrict(db: ReadableDb, scope: Scope, month: string): DistrictRow[] {
  const s = contractsInScopeSql(scope, 'cm.contract_id');
  const money = db
    .prepare(
      `SELECT x.fd AS federalDistrict, count(*) AS contracts, total(x.month_fee) AS monthFee, total(x.penalty) AS penalty,
              total(x.payout) AS payout, total(x.vat) AS vat, total(x.payout_total) AS payoutTotal
       FROM (SELECT DISTINCT cm.contract_id, r.federal_district AS fd, cm.month_fee, cm.penalty, cm.payout, cm.vat, cm.payout_total
             FROM contract_months cm JOIN contract_outlets co ON co.contract_id = cm.contract_id
             JOIN outlets o ON o.id = co.outlet_id JOIN regions r ON r.code = o.region_code
             WHERE cm.month = ? AND ${s.sql}) x
       GROUP BY x.fd`,
    )
    .all(month, ...s.params) as (Omit<MonthMoney, 'month'> & { federalDistrict: string })[];
  const as = contractsInScopeSql(scope, 'am.contract_id');
  const amn = db
    .prepare(
      `SELECT x.fd, total(x.effect) AS effect
       FROM (SELECT DISTINCT am.id, am.effect, r.federal_district AS fd FROM (${APPLIED_AMNESTIES}) am
             JOIN contract_outlets co ON co.contract_id = am.contract_id JOIN outlets o ON o.id = co.outlet_id
             JOIN regions r ON r.code = o.region_code
             WHERE am.month = ? AND ${as.sql}) x
       GROUP BY x.fd`,
    )
    .all(month, ...as.params) as { fd: string; effect: number }[];
  const districts = db.prepare('SELECT code, name FROM federal_districts ORDER BY rowid').all() as { code: string; name: string }[];
  const byFd = new Map(money.map((r) => [r.federalDistrict, r]));
  const amnFd = new Map(amn.map((r) => [r.fd, r.effect]));
  return districts
    .filter((d) => byFd.has(d.code) || amnFd.has(d.code))
    .map((d) => {
      const m = byFd.get(d.code) ?? { ...noMoney(month), federalDistrict: d.code };
      return {
        ...m,
        month,
        federalDistrict: d.code,
        name: d.name,
        amnesties: amnFd.get(d.code) ?? 0,
        penaltyShareBp: m.monthFee > 0 ? Math.round((m.penalty * 10_000) / m.monthFee) : null,
      };
    });
}

/** Signals per type and visits in one month. */
export interface ViolationPoint {
  month: string;
  visits: number;
  OOS: number;
  EQUIPMENT: number;
  SCHEDULE: number;
  /** Every signal of the month, including types outside the three named ones. */
  total: number;
}

/** Signal counts by violation type per month for the `months` months ending with `to`. */
export function violationsTrend(db: ReadableDb, scope: Scope, to: string, months: number): ViolationPoint[] {
  const list = monthsEndingWith(to, months);
  const rows = activityByMonth(db, scope, list[0], to);
  return list.map((month) => {
    const p: ViolationPoint = { month, visits: 0, OOS: 0, EQUIPMENT: 0, SCHEDULE: 0, total: 0 };
    for (const r of rows) {
      if (r.month !== month) continue;
      if (r.kind === '') p.visits += r.n;
      else {
        p.total += r.n;
        if (r.kind === 'OOS' || r.kind === 'EQUIPMENT' || r.kind === 'SCHEDULE') p[r.kind] += r.n;
      }
    }
    return p;
  });
}
