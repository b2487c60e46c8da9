// Month fee of a contract (DOMAIN.md "Penalties"): the terms versions in force in the month pro-rated by days, summed
// over a common denominator and rounded half-up ONCE, so a mid-month fee change never loses or gains a kopeck twice.
import { SIGNED_STATUSES, type ContractStatus } from '../contracts/lifecycle';
import { roundHalfUp } from '../money';
import { dayOfMonth, daysInMonth } from './dates';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The parts of a contract the fee depends on. */
export interface FeeContract {
  status: string;
  startDate: string;
  endDate: string;
  terminatedDate: string | null;
}

/** One terms version: from its effective date until the next version's. */
export interface FeeTerms {
  id: number;
  effectiveFrom: string;
  /** Kopecks, excluding VAT. */
  monthlyFee: number;
}

/** Days of the month one terms version was in force, and its fee. */
export interface FeePart {
  termsId: number;
  effectiveFrom: string;
  monthlyFee: number;
  /** First and last day of the month this version was in force (inclusive). */
  from: string;
  to: string;
  days: number;
}

/** The month fee and how it was made. */
export interface MonthFee {
  month: string;
  daysInMonth: number;
  /** True when the contract is signed and in force on at least one day of the month under some terms version. */
  hasFee: boolean;
  parts: FeePart[];
  /** Σ monthly fee × days, before the single division by daysInMonth. */
  feeDays: number;
  /** round_half_up(feeDays ÷ daysInMonth), kopecks. */
  monthFee: number;
}

/** True for statuses whose contracts have a month fee and can match signals. */
export function isSignedStatus(status: string): boolean {
  return SIGNED_STATUSES.includes(status as ContractStatus);
}

/** The last day the contract is in force: its end date, or the termination date when that is earlier (inclusive). */
export function lastDayInForce(c: Pick<FeeContract, 'endDate' | 'terminatedDate'>): string {
  return c.terminatedDate !== null && c.terminatedDate < c.endDate ? c.terminatedDate : c.endDate;
}

/** Terms sorted by effective date: the same array when already sorted (the usual case: loaded in order), else a copy. */
export function sortTerms<T extends { effectiveFrom: string }>(terms: readonly T[]): readonly T[] {
  for (let i = 1; i < terms.length; i++) {
    if (terms[i - 1].effectiveFrom > terms[i].effectiveFrom) {
      return [...terms].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    }
  }
  return terms;
}

/** The version in force on a date (latest effective date ≤ date) from terms sorted by effective date, or null. */
export function termsInForceOn<T extends { effectiveFrom: string }>(sorted: readonly T[], date: string): T | null {
  let found: T | null = null;
  for (const t of sorted) {
    if (t.effectiveFrom <= date) found = t;
    else break;
  }
  return found;
}

/** Computes the month fee of a contract for `YYYY-MM` from all its terms versions (any order). */
export function computeMonthFee(contract: FeeContract, terms: readonly FeeTerms[], month: string): MonthFee {
  const dim = daysInMonth(month);
  const empty: MonthFee = { month, daysInMonth: dim, hasFee: false, parts: [], feeDays: 0, monthFee: 0 };
  if (!isSignedStatus(contract.status)) return empty;
  const mStart = `${month}-01`;
  const mEnd = `${month}-${pad2(dim)}`;
  const from = contract.startDate > mStart ? contract.startDate : mStart;
  const lastDay = lastDayInForce(contract);
  const to = lastDay < mEnd ? lastDay : mEnd;
  if (from > to) return empty;

  // Everything below lies inside M, so days are plain day-of-month numbers: no date arithmetic per contract-month.
  const fromD = dayOfMonth(from);
  const toD = dayOfMonth(to);
  const sorted = sortTerms(terms);
  const parts: FeePart[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i];
    const next = sorted[i + 1];
    // A version runs from its effective date until the day before the next one takes effect.
    if (t.effectiveFrom > to) break;
    if (next && next.effectiveFrom <= from) continue;
    const vFromD = t.effectiveFrom <= from ? fromD : dayOfMonth(t.effectiveFrom);
    const vToD = next && next.effectiveFrom <= to ? dayOfMonth(next.effectiveFrom) - 1 : toD;
    if (vFromD > vToD) continue;
    parts.push({
      termsId: t.id,
      effectiveFrom: t.effectiveFrom,
      monthlyFee: t.monthlyFee,
      from: `${month}-${pad2(vFromD)}`,
      to: `${month}-${pad2(vToD)}`,
      days: vToD - vFromD + 1,
    });
  }
  if (parts.length === 0) return empty;
  const feeDays = parts.reduce((s, p) => s + p.monthlyFee * p.days, 0);
  return { month, daysInMonth: dim, hasFee: true, parts, feeDays, monthFee: roundHalfUp(feeDays, dim) };
}
