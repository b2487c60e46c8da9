// What-if: the effect of other rule percents or another cap on a month's penalties and payouts by federal district,
// computed with the pure penalty engine on copies of the rule sets; nothing is written.
import type { ReadableDb } from '../db/types';
import { loadContracts, loadRefs, notAmnestiedSql, type MatchedSignalRow } from '../penalties/load';
import { computeFor } from '../penalties/recompute';
import { selectRuleSet } from '../penalties/rules';
import type { Scope } from '../users/scope';
import { sandboxRuleSets, type SandboxChange } from './sandbox';
import { byDistrict } from './series';
import { contractsInScopeSql, moneyByMonth, noMoney } from './sources';

/** Current and sandbox money of one district (or of the total). */
export interface WhatIfRow {
  federalDistrict: string;
  name: string;
  monthFee: number;
  currentPenalty: number;
  sandboxPenalty: number;
  currentPayout: number;
  sandboxPayout: number;
  /** sandboxPayout − currentPayout. */
  deltaPayout: number;
}

/** What dashboard.whatIf returns. */
export interface WhatIfResult {
  month: string;
  /** The real rules governing the month (rule set DEFAULT), to show next to the sandbox values. */
  currentRules: { capBp: number; rules: { signalType: string; percentBp: number }[] } | null;
  change: SandboxChange;
  /** Contract-months with penalised signals, i.e. the ones a rule change can move. */
  contractsWithSignals: number;
  /** Of those, how many change payout. */
  contractsChanged: number;
  districts: WhatIfRow[];
  total: WhatIfRow;
}

/** Runs the month's penalised contract-months through the engine twice (real and sandbox rules) and compares. */
export function whatIf(db: ReadableDb, scope: Scope, month: string, change: SandboxChange): WhatIfResult {
  const s = contractsInScopeSql(scope, 's.contract_id');
  // Driven by the month's visits (date index), then their signals, then the outlet of those few: CROSS JOIN pins that
  // order (SQLite otherwise looks up the outlet of every visit first: 3× slower on the large demo). Cheaper than
  // walking every contract's signals of all months. Only contracts with a fee in the month can be penalised.
  const signals = db
    .prepare(
      `SELECT s.id AS signalId, v.visit_id AS visitId, v.visit_date AS visitDate, o.code AS outletCode, s.signal_type AS signalType,
              s.object_code AS objectCode, s.contract_id AS contractId, ? AS month
       FROM visits v CROSS JOIN signals s ON s.visit_row_id = v.id CROSS JOIN outlets o ON o.id = v.outlet_id
       WHERE v.visit_date BETWEEN ? AND ? AND s.match_status = 'matched' AND ${notAmnestiedSql('s')}
         AND s.contract_id IN (SELECT contract_id FROM contract_months WHERE month = ?) AND ${s.sql}`,
    )
    .all(month, `${month}-01`, `${month}-31`, month, ...s.params) as MatchedSignalRow[];
  const byContract = new Map<number, MatchedSignalRow[]>();
  for (const r of signals) {
    const list = byContract.get(r.contractId);
    if (list) list.push(r);
    else byContract.set(r.contractId, [r]);
  }
  const ids = [...byContract.keys()];
  const contracts = loadContracts(db, ids);
  const refs = loadRefs(db);
  const sandbox = { ...refs, ruleSets: sandboxRuleSets(refs.ruleSets, change) };
  const districtsOf = new Map<number, string[]>();
  if (ids.length) {
    const rows = db
      .prepare(
        `SELECT DISTINCT co.contract_id AS id, r.federal_district AS fd FROM contract_outlets co JOIN outlets o ON o.id = co.outlet_id
         JOIN regions r ON r.code = o.region_code WHERE co.contract_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as { id: number; fd: string }[];
    for (const r of rows) districtsOf.set(r.id, [...(districtsOf.get(r.id) ?? []), r.fd]);
  }

  const delta = new Map<string, { penalty: number; payout: number }>();
  const total = { penalty: 0, payout: 0 };
  let changed = 0;
  for (const [id, list] of byContract) {
    const c = contracts.get(id);
    if (!c) continue;
    const real = computeFor(c, month, list, refs).payout;
    const alt = computeFor(c, month, list, sandbox).payout;
    const dPenalty = alt.penalty - real.penalty;
    const dPayout = alt.payout - real.payout;
    if (dPayout === 0 && dPenalty === 0) continue;
    changed++;
    total.penalty += dPenalty;
    total.payout += dPayout;
    for (const fd of districtsOf.get(id) ?? []) {
      const d = delta.get(fd) ?? { penalty: 0, payout: 0 };
      d.penalty += dPenalty;
      d.payout += dPayout;
      delta.set(fd, d);
    }
  }

  const row = (fd: string, name: string, m: { monthFee: number; penalty: number; payout: number }, d = { penalty: 0, payout: 0 }): WhatIfRow => ({
    federalDistrict: fd,
    name,
    monthFee: m.monthFee,
    currentPenalty: m.penalty,
    sandboxPenalty: m.penalty + d.penalty,
    currentPayout: m.payout,
    sandboxPayout: m.payout + d.payout,
    deltaPayout: d.payout,
  });
  const all = moneyByMonth(db, scope, month, month).get(month) ?? noMoney(month);
  const governing = selectRuleSet(refs.ruleSets, 'DEFAULT', month);
  return {
    month,
    currentRules: governing ? { capBp: governing.capBp, rules: governing.rules.map((r) => ({ signalType: r.signalType, percentBp: r.percentBp })) } : null,
    change,
    contractsWithSignals: byContract.size,
    contractsChanged: changed,
    districts: byDistrict(db, scope, month).map((d) => row(d.federalDistrict, d.name, d, delta.get(d.federalDistrict))),
    total: row('', 'Итого', all, total),
  };
}
