// What-if: the effect of other rule percents or another cap on a month's penalties and payouts by federal district,
// computed with the pure penalty engine on copies of the rule sets; nothing is written.
import type { ReadableDb } from '../db/types';
import { computeContractMonthTotals, type ContractMonthInput } from '../penalties/engine';
import { loadContracts, loadRefs, notAmnestiedSql, type EngineContract, type EngineRefs, type MatchedSignalRow } from '../penalties/load';
import { selectRuleSet } from '../penalties/rules';
import type { Scope } from '../users/scope';
import { memoized, memoKey } from './memo';
import { sandboxRuleSets, type SandboxChange } from './sandbox';
import type { DistrictRow } from './series';
import { contractsInScopeSql, moneyByMonth, noMoney, type MonthMoney } from './sources';
import { keptByDistrict } from './views';

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

const engineInput = (c: EngineContract, month: string, signals: readonly MatchedSignalRow[], refs: EngineRefs): ContractMonthInput => ({
  contract: c,
  terms: c.terms,
  month,
  signals,
  ruleSets: refs.ruleSets,
  vatRates: refs.vatRates,
});

/** A contract-month a rule change can move: its contract, its penalised signals, its districts and its real money. */
interface Penalised {
  contract: EngineContract;
  signals: MatchedSignalRow[];
  /** Federal districts of the contract's outlets (a contract counts in each, as in byDistrict). */
  districts: string[];
  /** Penalty and payout under the real rules. */
  real: { penalty: number; payout: number };
}

/** What a month's what-if reads from the store: the same for every sandbox, so it is kept while the data is unchanged. */
interface WhatIfMonth {
  refs: EngineRefs;
  /** Contracts with matched, non-amnestied signals in the month (those without a loaded contract included). */
  contractsWithSignals: number;
  penalised: Penalised[];
  districts: DistrictRow[];
  all: MonthMoney;
}

/** Matched, non-amnestied signals of the month per contract, contracts with a fee in the month and in scope only. */
function monthSignals(db: ReadableDb, scope: Scope, month: string): Map<number, MatchedSignalRow[]> {
  // Unary + keeps SQLite off the contract indexes: driven by the signals' own visit date (migration 011, index
  // signals_visit_date) the month is a few thousand rows; through signals_contract it walks every contract's signals of
  // all months (on the large demo ~100 ms against ~10 ms). Only contracts with a fee in the month can be penalised.
  const s = contractsInScopeSql(scope, '+s.contract_id');
  const rows = db
    .prepare(
      `SELECT s.contract_id, s.id, s.visit_id, s.visit_date, o.code, s.signal_type, s.object_code
       FROM signals s JOIN outlets o ON o.id = s.outlet_id
       WHERE s.visit_date BETWEEN ? AND ? AND s.match_status = 'matched' AND ${notAmnestiedSql('s')}
         AND +s.contract_id IN (SELECT contract_id FROM contract_months WHERE month = ?) AND ${s.sql}`,
    )
    .raw()
    .all(`${month}-01`, `${month}-31`, month, ...s.params) as [number, number, string, string, string, string, string][];
  // Raw rows made into objects here: about half the cost of letting the driver build named-column rows.
  const byContract = new Map<number, MatchedSignalRow[]>();
  for (const [contractId, signalId, visitId, visitDate, outletCode, signalType, objectCode] of rows) {
    const r: MatchedSignalRow = { signalId, visitId, visitDate, outletCode, signalType, objectCode, contractId, month };
    const list = byContract.get(contractId);
    if (list) list.push(r);
    else byContract.set(contractId, [r]);
  }
  return byContract;
}

/** Federal districts of each contract's outlets. */
function districtsOfContracts(db: ReadableDb, ids: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT DISTINCT co.contract_id, r.federal_district FROM contract_outlets co JOIN outlets o ON o.id = co.outlet_id
       JOIN regions r ON r.code = o.region_code WHERE co.contract_id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(JSON.stringify(ids)) as [number, string][];
  for (const [id, fd] of rows) {
    const list = out.get(id);
    if (list) list.push(fd);
    else out.set(id, [fd]);
  }
  return out;
}

/** Reads the month's inputs and runs the real rules once; the sandbox is applied by whatIf. */
function loadWhatIfMonth(db: ReadableDb, scope: Scope, month: string): WhatIfMonth {
  const byContract = monthSignals(db, scope, month);
  const ids = [...byContract.keys()];
  const contracts = loadContracts(db, ids);
  const refs = loadRefs(db);
  const districtsOf = districtsOfContracts(db, ids);
  const penalised: Penalised[] = [];
  for (const [id, signals] of byContract) {
    const contract = contracts.get(id);
    if (!contract) continue;
    // Money only, as the contract-month cache computes it: the per-signal explanation (computeFor) is not shown here
    // and building it for every contract cost most of the command's time.
    const { penalty, payout } = computeContractMonthTotals(engineInput(contract, month, signals, refs)).payout;
    penalised.push({ contract, signals, districts: districtsOf.get(id) ?? [], real: { penalty, payout } });
  }
  return {
    refs,
    contractsWithSignals: byContract.size,
    penalised,
    districts: keptByDistrict(db, scope, month),
    all: moneyByMonth(db, scope, month, month).get(month) ?? noMoney(month),
  };
}

/**
 * Runs the month's penalised contract-months through the engine with the sandbox rules and compares with the real
 * ones. The month's inputs are read once per data version (memo.ts), so moving a slider only reruns the engine.
 */
export function whatIf(db: ReadableDb, scope: Scope, month: string, change: SandboxChange): WhatIfResult {
  const m = memoized(db, memoKey('whatIf', scope, month), () => loadWhatIfMonth(db, scope, month));
  const sandbox = { ...m.refs, ruleSets: sandboxRuleSets(m.refs.ruleSets, change) };
  const delta = new Map<string, { penalty: number; payout: number }>();
  const total = { penalty: 0, payout: 0 };
  let changed = 0;
  for (const p of m.penalised) {
    const alt = computeContractMonthTotals(engineInput(p.contract, month, p.signals, sandbox)).payout;
    const dPenalty = alt.penalty - p.real.penalty;
    const dPayout = alt.payout - p.real.payout;
    if (dPayout === 0 && dPenalty === 0) continue;
    changed++;
    total.penalty += dPenalty;
    total.payout += dPayout;
    for (const fd of p.districts) {
      const d = delta.get(fd) ?? { penalty: 0, payout: 0 };
      d.penalty += dPenalty;
      d.payout += dPayout;
      delta.set(fd, d);
    }
  }

  const row = (fd: string, name: string, money: { monthFee: number; penalty: number; payout: number }, d = { penalty: 0, payout: 0 }): WhatIfRow => ({
    federalDistrict: fd,
    name,
    monthFee: money.monthFee,
    currentPenalty: money.penalty,
    sandboxPenalty: money.penalty + d.penalty,
    currentPayout: money.payout,
    sandboxPayout: money.payout + d.payout,
    deltaPayout: d.payout,
  });
  const governing = selectRuleSet(m.refs.ruleSets, 'DEFAULT', month);
  return {
    month,
    currentRules: governing ? { capBp: governing.capBp, rules: governing.rules.map((r) => ({ signalType: r.signalType, percentBp: r.percentBp })) } : null,
    change,
    contractsWithSignals: m.contractsWithSignals,
    contractsChanged: changed,
    districts: m.districts.map((d) => row(d.federalDistrict, d.name, d, delta.get(d.federalDistrict))),
    total: row('', 'Итого', m.all, total),
  };
}
