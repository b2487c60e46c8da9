// Demo budget plan: one amount per federal district and month (the granularity of the plan import, core/budget),
// for the demo's months and a few months ahead, within a few percent of what the contracts pay, as a planner who knows
// the contract base would set it. Runs after the penalties are computed, since the plan follows payouts, not fees.
import type { WritableDb } from '../db/types';
import { dayOf, firstDay, isoOf, monthLabel, monthOf } from './dates';
import { createRandom, deriveSeed } from './random';

/** Months planned after the current one. */
export const PLAN_MONTHS_AHEAD = 3;
/** How far the plan strays from the payouts it is built on, either way. */
export const PLAN_SPREAD = 0.07;
/** Plans are round figures: whole thousands of rubles, in kopecks. */
const ROUND_TO = 100_000;
/** Complete months the penalty share of the coming months is averaged over (as the budget forecast does). */
const SHARE_MONTHS = 3;

/**
 * Writes budget_plan rows from the month of `from` to `PLAN_MONTHS_AHEAD` months after `today`, per district with
 * contracts: past and current months near the computed payouts, coming months near the fees less the recent penalty
 * share. Deterministic in `seed` and the store's contents; returns the rows written.
 */
export function insertBudgetPlan(db: WritableDb, opts: { seed: number; today: string; from: string | null }): number {
  const T = dayOf(opts.today);
  const current = monthOf(T);
  const first = opts.from ? monthOf(dayOf(opts.from)) : current;
  const last = current + PLAN_MONTHS_AHEAD;
  // A contract belongs to the district of its first outlet (smallest id), as in the budget view.
  const rows = db
    .prepare(
      `SELECT r.federal_district AS fd, m.month, SUM(m.month_fee) AS fee, SUM(m.penalty) AS penalty, SUM(m.payout) AS payout
       FROM contract_months m
       JOIN (SELECT contract_id, MIN(outlet_id) AS outlet_id FROM contract_outlets GROUP BY contract_id) f ON f.contract_id = m.contract_id
       JOIN outlets o ON o.id = f.outlet_id JOIN regions r ON r.code = o.region_code
       WHERE m.month BETWEEN ? AND ?
       GROUP BY r.federal_district, m.month`,
    )
    .all(monthLabel(Math.min(first, current - SHARE_MONTHS)), monthLabel(last)) as { fd: string; month: string; fee: number; penalty: number; payout: number }[];
  const byKey = new Map(rows.map((r) => [`${r.fd}|${r.month}`, r]));
  const districts = db.prepare('SELECT code FROM federal_districts ORDER BY rowid').pluck().all() as string[];
  const finance = (db
    .prepare(
      `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
       WHERE r.role = 'finance' AND u.login <> 'system' ORDER BY u.id LIMIT 1`,
    )
    .pluck()
    .get() as number | undefined) ?? null;
  // The plan was loaded once, a little before its first month.
  const at = `${isoOf(firstDay(first) - 10)}T07:30:00.000Z`;
  const ins = db.prepare(
    'INSERT INTO budget_plan (federal_district, month, amount, updated_by, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const rnd = createRandom(deriveSeed(opts.seed, 'budget-plan'));
  let written = 0;
  for (const fd of districts) {
    let fee = 0;
    let penalty = 0;
    for (let m = current - SHARE_MONTHS; m < current; m++) {
      const r = byKey.get(`${fd}|${monthLabel(m)}`);
      fee += r?.fee ?? 0;
      penalty += r?.penalty ?? 0;
    }
    const share = fee > 0 ? penalty / fee : 0;
    for (let m = first; m <= last; m++) {
      const r = byKey.get(`${fd}|${monthLabel(m)}`);
      // Drawn for every month, so one district's empty month does not shift the others' figures.
      const spread = 1 + (rnd.next() * 2 - 1) * PLAN_SPREAD;
      if (!r || r.fee === 0) continue;
      // The current month's penalties are still coming in: plan it, like the months ahead, on the recent share.
      const base = m < current ? r.payout : r.fee * (1 - share);
      const amount = Math.round((base * spread) / ROUND_TO) * ROUND_TO;
      written += ins.run(fd, monthLabel(m), amount, finance, at).changes;
    }
  }
  return written;
}
