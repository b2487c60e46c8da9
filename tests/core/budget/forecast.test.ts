// The forecast rule with worked numbers: fees × (1 − mean of the trailing months' penalty shares), rounded once.
import { describe, expect, it } from 'vitest';
import { averagePenaltyShare, averageShareBp, forecastPayout, shiftMonth, trailingWindow } from '../../../core/budget/forecast';

const m = (monthFee: number, penalty: number) => ({ month: '2026-01', monthFee, penalty });

describe('forecast rule', () => {
  it('averages the shares of the months, not the sums', () => {
    // Shares 10 %, 0 %, 20 % → 10 %. A ratio of sums would give (3 000 + 0 + 2 000) ÷ 50 000 = 10 % too, so the third
    // month has a different fee base: 1 000 of 10 000 (10 %), 0 of 10 000, 6 000 of 30 000 (20 %) → mean 10 %,
    // while Σ penalty ÷ Σ fee would be 7 000 ÷ 50 000 = 14 %.
    const window = [m(1_000_000, 100_000), m(1_000_000, 0), m(3_000_000, 600_000)];
    expect(averageShareBp(window)).toBe(1_000);
    // 500 000,00 ₽ of fees × 0.9 = 450 000,00 ₽.
    expect(forecastPayout(50_000_000, window)).toBe(45_000_000);
  });

  it('leaves out months without fees and forecasts the full fee when no month has any', () => {
    // 25 % and 10 % (the middle month had no contracts) → 17.5 %; 100 000,00 ₽ × 0.825 = 82 500,00 ₽.
    const window = [m(10_000_000, 2_500_000), m(0, 0), m(10_000_000, 1_000_000)];
    expect(averageShareBp(window)).toBe(1_750);
    expect(forecastPayout(10_000_000, window)).toBe(8_250_000);
    expect(forecastPayout(10_000_000, [m(0, 0), m(0, 0), m(0, 0)])).toBe(10_000_000);
    expect(forecastPayout(10_000_000, [])).toBe(10_000_000);
  });

  it('rounds half-up once, on the exact fraction', () => {
    // Shares 1/3 and 0 and 0 → 1/9. 100,00 ₽ × 8/9 = 88,888… ₽ → 8 888,89 kopecks → 8 889.
    const window = [m(300, 100), m(500, 0), m(700, 0)];
    expect(averagePenaltyShare(window)).toEqual({ num: 100n * 500n * 700n, den: 300n * 500n * 700n * 3n });
    expect(forecastPayout(10_000, window)).toBe(8_889);
    // 0,03 ₽ × (1 − 1/2) = 1.5 kopecks → 2 (half up).
    expect(forecastPayout(3, [m(2, 1)])).toBe(2);
    // A full penalty every month forecasts nothing.
    expect(forecastPayout(123_456, [m(5, 5), m(7, 7), m(9, 9)])).toBe(0);
  });

  it('keeps exact with large store-wide sums', () => {
    // Three months of ~2 billion rubles each: the products exceed 2^53 and must not lose a kopeck.
    const window = [m(200_000_000_003, 20_000_000_001), m(199_999_999_999, 0), m(200_000_000_001, 40_000_000_000)];
    const share = averagePenaltyShare(window);
    const fees = 600_000_000_000;
    const exact = (BigInt(fees) * (share.den - share.num) * 2n + share.den) / (2n * share.den);
    expect(forecastPayout(fees, window)).toBe(Number(exact));
    // Shares ≈ 10 % − 1.5·10⁻¹², 0, 20 % − 10⁻¹²: the exact value is 539 999 999 999.500 000 000 01 kopecks, a hair
    // above the half, so it rounds up; float arithmetic cannot see that hair.
    expect(forecastPayout(fees, window)).toBe(540_000_000_000);
  });

  it('takes the three months before the first forecast month, across a year end', () => {
    expect(trailingWindow('2027-02')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -13)).toBe('2024-12');
  });
});
