// Penalty, payout and VAT of a contract-month (DOMAIN.md "Penalties"): integer kopecks, half-up at each defined step.
import { mulDivHalfUp } from '../money';
import { monthEnd } from './dates';

/** A row of the vat_rates table: the rate of a VAT mode from a date. */
export interface VatRate {
  vatMode: string;
  effectiveFrom: string;
  rateBp: number;
}

/** Money of a contract-month after penalties. */
export interface Payout {
  monthFee: number;
  totalBp: number;
  /** round_half_up(monthFee × totalBp ÷ 10000). */
  penalty: number;
  /** monthFee − penalty, excluding VAT. */
  payout: number;
  vatMode: string;
  /** The rate used (basis points), taken on the last day of the month. */
  vatRateBp: number;
  /** Effective date of the rate row used; null when the table has no rate for the mode on that day (VAT is then 0). */
  vatRateFrom: string | null;
  /** round_half_up(payout × rate ÷ 10000). */
  vat: number;
  payoutTotal: number;
}

/** The rate row of a VAT mode in force on a date (latest effective date ≤ date), or null. */
export function vatRateOn(rates: readonly VatRate[], vatMode: string, date: string): VatRate | null {
  let found: VatRate | null = null;
  for (const r of rates) {
    if (r.vatMode === vatMode && r.effectiveFrom <= date && (!found || r.effectiveFrom > found.effectiveFrom)) found = r;
  }
  return found;
}

/** Penalty, payout, VAT (rate by the LAST day of the month, e.g. Dec 2025 → 20 %, Jan 2026 → 22 %) and the total. */
export function computePayout(monthFee: number, totalBp: number, vatMode: string, rates: readonly VatRate[], month: string): Payout {
  const penalty = mulDivHalfUp(monthFee, totalBp, 10_000);
  const payout = monthFee - penalty;
  // A mode that did not exist yet on that day (VAT5/VAT7 before 2025) has no row: the seller charged no VAT then.
  const rate = vatRateOn(rates, vatMode, monthEnd(month));
  const vatRateBp = rate?.rateBp ?? 0;
  const vat = mulDivHalfUp(payout, vatRateBp, 10_000);
  return {
    monthFee,
    totalBp,
    penalty,
    payout,
    vatMode,
    vatRateBp,
    vatRateFrom: rate?.effectiveFrom ?? null,
    vat,
    payoutTotal: payout + vat,
  };
}

/** A basis-point percent as a plain number: 3000 → `30`, 1250 → `12.5`, 1234 → `12.34`. */
export function formatBp(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}
