// The contract-month explanation (DOMAIN.md: "Every penalty is explainable"): recomputed live by the same engine the
// cache uses, from the same rows, and shown next to the cached row so any drift is visible.
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import type { FeePart } from './monthFee';
import { loadAmnestiedSignals, loadContracts, loadMonthSignals, loadRefs, type MatchedSignalRow } from './load';
import { computeFor } from './recompute';
import type { PenaltyRule, SignalVerdict, TypeTotal } from './rules';

/** The cached contract_months row, as stored. */
export interface CachedMonth {
  monthFee: number;
  penaltyBp: number;
  penalty: number;
  payout: number;
  vat: number;
  payoutTotal: number;
  computedAt: string;
}

/** Everything behind one contract-month's payout. */
export interface ContractMonthExplanation {
  contract: {
    id: number;
    number: string;
    status: string;
    startDate: string;
    endDate: string;
    terminatedDate: string | null;
    counterpartyName: string;
    counterpartyInn: string;
    vatMode: string;
  };
  month: string;
  hasFee: boolean;
  daysInMonth: number;
  /** Terms versions used for the fee, with the days each was in force in the month. */
  feeParts: FeePart[];
  feeDays: number;
  monthFee: number;
  ruleSet: { code: string; effectiveFrom: string; name: string; capBp: number; rules: PenaltyRule[] } | null;
  signals: SignalVerdict[];
  /** Matched signals of the month cancelled by an applied amnesty: shown, never penalised. */
  amnestiedSignals: (MatchedSignalRow & { amnestyId: number })[];
  byType: TypeTotal[];
  sumBp: number;
  capBp: number;
  totalBp: number;
  capApplied: boolean;
  penalty: number;
  payout: number;
  vatMode: string;
  vatRateBp: number;
  vatRateFrom: string | null;
  vat: number;
  payoutTotal: number;
  cached: CachedMonth | null;
  /** True when the cached row holds exactly these numbers (or both say "no fee"). */
  cacheUpToDate: boolean;
}

/** Explains a contract-month; refuses an unknown contract. Scope is checked by the caller. */
export function explainContractMonth(db: ReadableDb, contractId: number, month: string): ContractMonthExplanation {
  const c = loadContracts(db, [contractId]).get(contractId);
  if (!c) throw new DomainError('not_found', 'Договор не найден', { contractId });
  const cp = db
    .prepare('SELECT cp.name, cp.inn FROM contracts c JOIN counterparties cp ON cp.id = c.counterparty_id WHERE c.id = ?')
    .get(contractId) as { name: string; inn: string };
  const refs = loadRefs(db);
  const r = computeFor(c, month, loadMonthSignals(db, contractId, month), refs);
  const cached = (db
    .prepare(
      `SELECT month_fee AS monthFee, penalty_bp AS penaltyBp, penalty, payout, vat, payout_total AS payoutTotal, computed_at AS computedAt
       FROM contract_months WHERE contract_id = ? AND month = ?`,
    )
    .get(contractId, month) ?? null) as CachedMonth | null;
  const p = r.payout;
  const cacheUpToDate = r.fee.hasFee
    ? cached !== null &&
      cached.monthFee === p.monthFee &&
      cached.penaltyBp === p.totalBp &&
      cached.penalty === p.penalty &&
      cached.payout === p.payout &&
      cached.vat === p.vat &&
      cached.payoutTotal === p.payoutTotal
    : cached === null;
  const rs = r.rules.ruleSet ? refs.ruleSets.find((s) => s.code === r.rules.ruleSet!.code && s.effectiveFrom === r.rules.ruleSet!.effectiveFrom) : undefined;
  return {
    contract: {
      id: c.id,
      number: c.number,
      status: c.status,
      startDate: c.startDate,
      endDate: c.endDate,
      terminatedDate: c.terminatedDate,
      counterpartyName: cp.name,
      counterpartyInn: cp.inn,
      vatMode: c.vatMode,
    },
    month,
    hasFee: r.fee.hasFee,
    daysInMonth: r.fee.daysInMonth,
    feeParts: r.fee.parts,
    feeDays: r.fee.feeDays,
    monthFee: r.fee.monthFee,
    ruleSet: rs ? { code: rs.code, effectiveFrom: rs.effectiveFrom, name: rs.name, capBp: rs.capBp, rules: rs.rules } : null,
    signals: r.rules.signals,
    amnestiedSignals: loadAmnestiedSignals(db, contractId, month),
    byType: r.rules.byType,
    sumBp: r.rules.sumBp,
    capBp: r.rules.capBp,
    totalBp: r.rules.totalBp,
    capApplied: r.rules.capApplied,
    penalty: p.penalty,
    payout: p.payout,
    vatMode: p.vatMode,
    vatRateBp: p.vatRateBp,
    vatRateFrom: p.vatRateFrom,
    vat: p.vat,
    payoutTotal: p.payoutTotal,
    cached,
    cacheUpToDate,
  };
}
