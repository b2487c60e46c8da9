// One contract-month from end to end: month fee → rule set → penalty percent → payout and VAT. Pure, so the cache
// (contract_months), the explanation view and the tests all run exactly this code.
import { computeMonthFee, termsInForceOn, sortTerms, type FeeContract, type FeeTerms, type MonthFee } from './monthFee';
import { computePayout, type Payout, type VatRate } from './payout';
import { applyRules, penaltyPercentBp, selectRuleSet, type RuleSet, type RuleSignal, type RulesResult } from './rules';

/** A terms version with the rule set code it names. */
export interface EngineTerms extends FeeTerms {
  ruleSet: string;
}

/** Everything one contract-month depends on. */
export interface ContractMonthInput {
  contract: FeeContract & { vatMode: string };
  terms: readonly EngineTerms[];
  month: string;
  /** Matched, non-amnestied signals of the contract dated in the month. */
  signals: readonly RuleSignal[];
  ruleSets: readonly RuleSet[];
  vatRates: readonly VatRate[];
}

/** The full result of a contract-month, explanation included. */
export interface ContractMonthResult {
  month: string;
  fee: MonthFee;
  /** Code of the rule set applied: that of the terms version in force on the contract's first day in force in M. */
  ruleSetCode: string | null;
  rules: RulesResult;
  payout: Payout;
}

/** The rule set governing a contract-month with a fee: the terms in force on its first day in force pick the code. */
function ruleSetOf(input: ContractMonthInput, fee: MonthFee): { code: string | null; ruleSet: RuleSet | null } {
  if (!fee.hasFee) return { code: null, ruleSet: null };
  // Like the rule set version, the terms' choice of rule set is fixed for the month by its first day in force.
  const first = termsInForceOn(sortTerms(input.terms), fee.parts[0].from);
  const code = first?.ruleSet ?? null;
  return { code, ruleSet: code === null ? null : selectRuleSet(input.ruleSets, code, input.month) };
}

/** Computes a contract-month. A month without a fee has no penalty either (signals cannot match outside the period). */
export function computeContractMonth(input: ContractMonthInput): ContractMonthResult {
  const fee = computeMonthFee(input.contract, input.terms, input.month);
  const { code: ruleSetCode, ruleSet } = ruleSetOf(input, fee);
  const rules = applyRules(ruleSet, fee.hasFee ? input.signals : []);
  const payout = computePayout(fee.monthFee, rules.totalBp, input.contract.vatMode, input.vatRates, input.month);
  return { month: input.month, fee, ruleSetCode, rules, payout };
}

/** The money of a contract-month without the per-signal explanation: what the contract_months cache stores. */
export function computeContractMonthTotals(input: ContractMonthInput): { fee: MonthFee; payout: Payout } {
  const fee = computeMonthFee(input.contract, input.terms, input.month);
  const { ruleSet } = ruleSetOf(input, fee);
  const { totalBp } = penaltyPercentBp(ruleSet, fee.hasFee ? input.signals : []);
  return { fee, payout: computePayout(fee.monthFee, totalBp, input.contract.vatMode, input.vatRates, input.month) };
}
