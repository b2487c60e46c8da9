// The budget forecast rule of DOMAIN.md "Payments": for a coming month, the month fees of the contracts active then
// × (1 − the average penalty share of the three months before the forecast starts). Pure and exact: the average of
// ratios is kept as one fraction in BigInt and rounded half-up once, so no float ever touches kopecks.
import { roundHalfUp } from '../money';

/** How many past months the penalty share is averaged over. */
export const TRAILING_MONTHS = 3;

/** Σ month fee and Σ penalty of one district in one month (kopecks), from the contract_months cache. */
export interface MonthPenalty {
  month: string;
  monthFee: number;
  penalty: number;
}

/** The month `n` months after (negative: before) a `YYYY-MM` month. */
export function shiftMonth(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  return `${String(ny).padStart(4, '0')}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** The trailing window of a forecast starting at `firstForecastMonth`: the TRAILING_MONTHS months before it, oldest first. */
export function trailingWindow(firstForecastMonth: string, size = TRAILING_MONTHS): string[] {
  const out: string[] = [];
  for (let i = size; i >= 1; i--) out.push(shiftMonth(firstForecastMonth, -i));
  return out;
}

/**
 * The average penalty share of the window as an exact fraction num/den: the mean of Σ penalty ÷ Σ month fee over the
 * months that had any fee (a month without fees has no share and is left out). No such month: share 0.
 */
export function averagePenaltyShare(window: readonly Pick<MonthPenalty, 'monthFee' | 'penalty'>[]): { num: bigint; den: bigint } {
  const months = window.filter((m) => m.monthFee > 0);
  if (months.length === 0) return { num: 0n, den: 1n };
  // Σ p_i/f_i over n months = Σ (p_i × Π_{j≠i} f_j) ÷ (n × Π f_j).
  let num = 0n;
  let prod = 1n;
  for (const m of months) {
    num = num * BigInt(m.monthFee) + BigInt(m.penalty) * prod;
    prod *= BigInt(m.monthFee);
  }
  return { num, den: prod * BigInt(months.length) };
}

/** The forecast payout (kopecks excl. VAT): round_half_up(fees × (1 − average share of the window)). */
export function forecastPayout(fees: number, window: readonly Pick<MonthPenalty, 'monthFee' | 'penalty'>[]): number {
  const share = averagePenaltyShare(window);
  return roundHalfUp(BigInt(fees) * (share.den - share.num), share.den);
}

/** The average share of the window in basis points (rounded half-up), to show next to the forecast. */
export function averageShareBp(window: readonly Pick<MonthPenalty, 'monthFee' | 'penalty'>[]): number {
  const share = averagePenaltyShare(window);
  return roundHalfUp(share.num * 10_000n, share.den);
}
