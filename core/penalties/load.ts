// Reads what the pure engine needs from the store: rule sets, VAT rates, contracts with their terms, matched signals.
import type { ReadableDb } from '../db/types';
import type { EngineTerms } from './engine';
import type { FeeContract } from './monthFee';
import type { VatRate } from './payout';
import type { PenaltyBasis, RuleSet, RuleSignal } from './rules';

/** Reference tables of the engine; small, read whole. */
export interface EngineRefs {
  ruleSets: RuleSet[];
  vatRates: VatRate[];
}

/** A contract as the engine needs it, with its terms versions sorted by effective date. */
export interface EngineContract extends FeeContract {
  id: number;
  number: string;
  vatMode: string;
  terms: EngineTerms[];
}

/**
 * SQL condition (on a signals alias) keeping signals that are NOT amnestied: migration 005 keeps the applied amnesty
 * on the signal itself (signals.amnesty_id), so every computation — recompute, explain — filters the same way.
 */
export function notAmnestiedSql(signalAlias: string): string {
  return `${signalAlias}.amnesty_id IS NULL`;
}

/** Loads every rule set version with its rules, and the VAT rate table. */
export function loadRefs(db: ReadableDb): EngineRefs {
  const sets = db
    .prepare('SELECT code, effective_from AS effectiveFrom, name, cap_bp AS capBp FROM penalty_rule_sets ORDER BY code, effective_from')
    .all() as Omit<RuleSet, 'rules'>[];
  const rules = db
    .prepare(
      `SELECT rule_set_code AS code, effective_from AS effectiveFrom, signal_type AS signalType, percent_bp AS percentBp, basis
       FROM penalty_rules ORDER BY rule_set_code, effective_from, signal_type`,
    )
    .all() as { code: string; effectiveFrom: string; signalType: string; percentBp: number; basis: PenaltyBasis }[];
  const ruleSets: RuleSet[] = sets.map((s) => ({
    ...s,
    rules: rules
      .filter((r) => r.code === s.code && r.effectiveFrom === s.effectiveFrom)
      .map((r) => ({ signalType: r.signalType, percentBp: r.percentBp, basis: r.basis })),
  }));
  const vatRates = db
    .prepare('SELECT vat_mode AS vatMode, effective_from AS effectiveFrom, rate_bp AS rateBp FROM vat_rates ORDER BY vat_mode, effective_from')
    .all() as VatRate[];
  return { ruleSets, vatRates };
}

const CONTRACT_COLS = `c.id, c.number, c.status, c.start_date AS startDate, c.end_date AS endDate,
  c.terminated_date AS terminatedDate, cp.vat_mode AS vatMode`;
const TERMS_COLS = `t.contract_id AS contractId, t.id, t.effective_from AS effectiveFrom, t.monthly_fee AS monthlyFee,
  t.rule_set AS ruleSet`;

function assemble(
  contracts: Omit<EngineContract, 'terms'>[],
  terms: (EngineTerms & { contractId: number })[],
): Map<number, EngineContract> {
  const out = new Map<number, EngineContract>();
  for (const c of contracts) out.set(c.id, { ...c, terms: [] });
  // Terms arrive ordered by contract and effective date, so each list is already sorted.
  for (const { contractId, ...t } of terms) out.get(contractId)?.terms.push(t);
  return out;
}

/** Loads contracts by id (a SQL subquery yielding ids, or a list) with terms; `null` loads every contract. */
export function loadContracts(db: ReadableDb, ids: number[] | { sql: string; params: unknown[] } | null): Map<number, EngineContract> {
  let cond = '1';
  let params: unknown[] = [];
  if (Array.isArray(ids)) {
    if (ids.length === 0) return new Map();
    cond = `c.id IN (SELECT value FROM json_each(?))`;
    params = [JSON.stringify(ids)];
  } else if (ids) {
    cond = `c.id IN (${ids.sql})`;
    params = ids.params;
  }
  const contracts = db
    .prepare(`SELECT ${CONTRACT_COLS} FROM contracts c JOIN counterparties cp ON cp.id = c.counterparty_id WHERE ${cond}`)
    .all(...params) as Omit<EngineContract, 'terms'>[];
  const terms = db
    .prepare(
      `SELECT ${TERMS_COLS} FROM terms_versions t JOIN contracts c ON c.id = t.contract_id WHERE ${cond}
       ORDER BY t.contract_id, t.effective_from`,
    )
    .all(...params) as (EngineTerms & { contractId: number })[];
  return assemble(contracts, terms);
}

/** A matched signal row with the contract and month it counts in. */
export interface MatchedSignalRow extends RuleSignal {
  contractId: number;
  month: string;
}

const SIGNAL_COLS = `s.id AS signalId, v.visit_id AS visitId, v.visit_date AS visitDate, o.code AS outletCode,
  s.signal_type AS signalType, s.object_code AS objectCode, s.contract_id AS contractId, substr(v.visit_date, 1, 7) AS month`;

/** Matched, non-amnestied signals of one contract-month. */
export function loadMonthSignals(db: ReadableDb, contractId: number, month: string): MatchedSignalRow[] {
  return db
    .prepare(
      `SELECT ${SIGNAL_COLS} FROM signals s JOIN visits v ON v.id = s.visit_row_id JOIN outlets o ON o.id = v.outlet_id
       WHERE s.contract_id = ? AND s.match_status = 'matched' AND v.visit_date BETWEEN ? AND ? AND ${notAmnestiedSql('s')}`,
    )
    .all(contractId, `${month}-01`, `${month}-31`) as MatchedSignalRow[];
}

/** Matched signals of one contract-month that an applied amnesty cancelled, for the explanation. */
export function loadAmnestiedSignals(db: ReadableDb, contractId: number, month: string): (MatchedSignalRow & { amnestyId: number })[] {
  return db
    .prepare(
      `SELECT ${SIGNAL_COLS}, s.amnesty_id AS amnestyId
       FROM signals s JOIN visits v ON v.id = s.visit_row_id JOIN outlets o ON o.id = v.outlet_id
       WHERE s.contract_id = ? AND s.match_status = 'matched' AND v.visit_date BETWEEN ? AND ? AND NOT (${notAmnestiedSql('s')})
       ORDER BY v.visit_date, v.visit_id, s.id`,
    )
    .all(contractId, `${month}-01`, `${month}-31`) as (MatchedSignalRow & { amnestyId: number })[];
}

/**
 * Matched, non-amnestied signals of the contract-months in temp table `pairsTable(contract_id, month)`, or of every
 * contract when `pairsTable` is null.
 */
export function loadSignalsForPairs(db: ReadableDb, pairsTable: string | null): MatchedSignalRow[] {
  const sql = pairsTable
    ? // CROSS JOIN keeps the (small, unanalysed) pairs table outermost; left alone the planner may scan every signal.
      `SELECT ${SIGNAL_COLS} FROM ${pairsTable} p
         CROSS JOIN signals s ON s.contract_id = p.contract_id AND s.match_status = 'matched'
         CROSS JOIN visits v ON v.id = s.visit_row_id AND v.visit_date BETWEEN p.month || '-01' AND p.month || '-31'
         JOIN outlets o ON o.id = v.outlet_id
       WHERE ${notAmnestiedSql('s')}`
    : `SELECT ${SIGNAL_COLS} FROM signals s JOIN visits v ON v.id = s.visit_row_id JOIN outlets o ON o.id = v.outlet_id
       WHERE s.match_status = 'matched' AND ${notAmnestiedSql('s')}`;
  return db.prepare(sql).all() as MatchedSignalRow[];
}
