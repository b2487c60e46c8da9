// Worked numbers for the pure penalty engine (DOMAIN.md "Penalties"). Every expected value is computed by hand in the
// comment next to it, not by the code under test.
import { describe, expect, it } from 'vitest';
import { computeContractMonth, type EngineTerms } from '../../../core/penalties/engine';
import { computeMonthFee, lastDayInForce, type FeeContract } from '../../../core/penalties/monthFee';
import { computePayout, formatBp, vatRateOn, type VatRate } from '../../../core/penalties/payout';
import { applyRules, selectRuleSet, type RuleSet, type RuleSignal } from '../../../core/penalties/rules';
import { daysInMonth, monthsBetween } from '../../../core/penalties/dates';

const active = (startDate: string, endDate: string, terminatedDate: string | null = null): FeeContract => ({
  status: 'active',
  startDate,
  endDate,
  terminatedDate,
});
const terms = (id: number, effectiveFrom: string, monthlyFee: number) => ({ id, effectiveFrom, monthlyFee });

/** The seeded VAT table of migration 004. */
const RATES: VatRate[] = [
  { vatMode: 'VAT', effectiveFrom: '2000-01-01', rateBp: 2000 },
  { vatMode: 'VAT', effectiveFrom: '2026-01-01', rateBp: 2200 },
  { vatMode: 'VAT5', effectiveFrom: '2025-01-01', rateBp: 500 },
  { vatMode: 'VAT7', effectiveFrom: '2025-01-01', rateBp: 700 },
  { vatMode: 'NO_VAT', effectiveFrom: '2000-01-01', rateBp: 0 },
];

/** The seeded DEFAULT rule set of migration 004. */
const DEFAULT: RuleSet = {
  code: 'DEFAULT',
  effectiveFrom: '2000-01-01',
  name: 'Стандартные штрафы',
  capBp: 10000,
  rules: [
    { signalType: 'OOS', percentBp: 1000, basis: 'per_object_month' },
    { signalType: 'EQUIPMENT', percentBp: 10000, basis: 'once_per_month' },
    { signalType: 'SCHEDULE', percentBp: 2000, basis: 'per_outlet_date' },
  ],
};

let nextId = 1;
function sig(signalType: string, objectCode: string, outletCode: string, visitDate: string, visitId?: string): RuleSignal {
  const id = nextId++;
  return { signalId: id, visitId: visitId ?? `V${String(id).padStart(4, '0')}`, visitDate, outletCode, signalType, objectCode };
}

describe('dates', () => {
  it('knows month lengths, leap years included', () => {
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-03')).toBe(31);
    expect(daysInMonth('2026-04')).toBe(30);
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('month fee', () => {
  it('is the whole fee for a full month', () => {
    const f = computeMonthFee(active('2026-01-01', '2026-12-31'), [terms(1, '2026-01-01', 3_000_000)], '2026-04');
    expect(f).toMatchObject({ hasFee: true, daysInMonth: 30, feeDays: 90_000_000, monthFee: 3_000_000 });
    expect(f.parts).toEqual([{ termsId: 1, effectiveFrom: '2026-01-01', monthlyFee: 3_000_000, from: '2026-04-01', to: '2026-04-30', days: 30 }]);
  });

  it('pro-rates a start in the middle of the month', () => {
    // 10–31 March = 22 of 31 days: 3 100 000 × 22 / 31 = 2 200 000.
    const f = computeMonthFee(active('2026-03-10', '2026-12-31'), [terms(1, '2026-03-10', 3_100_000)], '2026-03');
    expect(f.parts[0]).toMatchObject({ from: '2026-03-10', to: '2026-03-31', days: 22 });
    expect(f.monthFee).toBe(2_200_000);
    // Before the start there is no fee at all.
    expect(computeMonthFee(active('2026-03-10', '2026-12-31'), [terms(1, '2026-03-10', 3_100_000)], '2026-02').hasFee).toBe(false);
  });

  it('pro-rates an end in the middle of the month', () => {
    // 1–15 April = 15 of 30 days: 3 000 000 × 15 / 30 = 1 500 000.
    const f = computeMonthFee(active('2026-01-01', '2026-04-15'), [terms(1, '2026-01-01', 3_000_000)], '2026-04');
    expect(f.parts[0]).toMatchObject({ from: '2026-04-01', to: '2026-04-15', days: 15 });
    expect(f.monthFee).toBe(1_500_000);
    expect(computeMonthFee(active('2026-01-01', '2026-04-15'), [terms(1, '2026-01-01', 3_000_000)], '2026-05').hasFee).toBe(false);
  });

  it('stops at a termination date earlier than the end (inclusive)', () => {
    // terminated 20 June: 1–20 June = 20 of 30 days: 1 500 000 × 20 / 30 = 1 000 000.
    const c = { ...active('2026-01-01', '2026-12-31', '2026-06-20'), status: 'terminated' };
    expect(lastDayInForce(c)).toBe('2026-06-20');
    const f = computeMonthFee(c, [terms(1, '2026-01-01', 1_500_000)], '2026-06');
    expect(f.parts[0].days).toBe(20);
    expect(f.monthFee).toBe(1_000_000);
    expect(computeMonthFee(c, [terms(1, '2026-01-01', 1_500_000)], '2026-07').hasFee).toBe(false);
    // A termination date after the end changes nothing.
    expect(lastDayInForce(active('2026-01-01', '2026-06-30', '2026-08-01'))).toBe('2026-06-30');
  });

  it('sums a mid-month fee change over a common denominator and rounds once', () => {
    // February 2026 (28 days): 100 000 ₽ for 1–10 Feb, 120 000 ₽ from 11 Feb (18 days).
    // Σ = 10 000 000 × 10 + 12 000 000 × 18 = 316 000 000; ÷ 28 = 11 285 714.28… → 11 285 714.
    // Rounding each part first would give 3 571 429 + 7 714 286 = 11 285 715: one kopeck off.
    const f = computeMonthFee(active('2026-01-01', '2026-12-31'), [terms(2, '2026-02-11', 12_000_000), terms(1, '2026-01-01', 10_000_000)], '2026-02');
    expect(f.parts.map((p) => [p.termsId, p.from, p.to, p.days])).toEqual([
      [1, '2026-02-01', '2026-02-10', 10],
      [2, '2026-02-11', '2026-02-28', 18],
    ]);
    expect(f.feeDays).toBe(316_000_000);
    expect(f.monthFee).toBe(11_285_714);
  });

  it('combines a mid-month start with a fee change in the same month', () => {
    // Start 5 March, fee 3 100 000 until 19 March (15 days), 6 200 000 from 20 March (12 days), 31 days:
    // (3 100 000 × 15 + 6 200 000 × 12) / 31 = (46 500 000 + 74 400 000) / 31 = 3 900 000.
    const f = computeMonthFee(active('2026-03-05', '2026-12-31'), [terms(1, '2026-03-05', 3_100_000), terms(2, '2026-03-20', 6_200_000)], '2026-03');
    expect(f.parts.map((p) => p.days)).toEqual([15, 12]);
    expect(f.monthFee).toBe(3_900_000);
  });

  it('skips versions superseded before the month and days before the first version', () => {
    // March under versions of 1 Jan and 11 Feb: only the February one, all 31 days.
    const f = computeMonthFee(active('2026-01-01', '2026-12-31'), [terms(1, '2026-01-01', 10_000_000), terms(2, '2026-02-11', 12_000_000)], '2026-03');
    expect(f.parts.map((p) => [p.termsId, p.days])).toEqual([[2, 31]]);
    expect(f.monthFee).toBe(12_000_000);
    // A version taking effect after the start leaves the first days without terms, hence without fee:
    // 3 100 000 × 22 / 31 (10–31 March) = 2 200 000.
    const g = computeMonthFee(active('2026-03-01', '2026-12-31'), [terms(1, '2026-03-10', 3_100_000)], '2026-03');
    expect(g.parts.map((p) => [p.from, p.to, p.days])).toEqual([['2026-03-10', '2026-03-31', 22]]);
    expect(g.monthFee).toBe(2_200_000);
    // A version effective after the month is not used, and a leap February has 29 days.
    const h = computeMonthFee(active('2028-01-01', '2028-12-31'), [terms(1, '2028-01-01', 2_900_000), terms(2, '2028-03-01', 9_999_999)], '2028-02');
    expect([h.daysInMonth, h.monthFee, h.parts.length]).toEqual([29, 2_900_000, 1]);
  });

  it('rounds exactly half a kopeck up', () => {
    // 15–28 Feb 2026 = 14 of 28 days: 1 000 001 × 14 / 28 = 500 000.5 → 500 001.
    const f = computeMonthFee(active('2026-02-15', '2026-12-31'), [terms(1, '2026-02-15', 1_000_001)], '2026-02');
    expect(f.feeDays).toBe(14_000_014);
    expect(f.monthFee).toBe(500_001);
    // 1–14 Feb of a fee of 1 000 001: same half, same result; 1 000 003 × 14 / 28 = 500 001.5 → 500 002.
    expect(computeMonthFee(active('2026-01-01', '2026-02-14'), [terms(1, '2026-01-01', 1_000_003)], '2026-02').monthFee).toBe(500_002);
  });

  it('gives no fee to contracts that were never signed', () => {
    for (const status of ['draft', 'on_approval', 'approved', 'rejected']) {
      const f = computeMonthFee({ ...active('2026-01-01', '2026-12-31'), status }, [terms(1, '2026-01-01', 3_000_000)], '2026-03');
      expect(f).toMatchObject({ hasFee: false, monthFee: 0, parts: [] });
    }
    for (const status of ['signed', 'active', 'expired', 'terminated']) {
      expect(computeMonthFee({ ...active('2026-01-01', '2026-12-31'), status }, [terms(1, '2026-01-01', 3_000_000)], '2026-03').monthFee).toBe(3_000_000);
    }
  });
});

describe('rules', () => {
  it('charges OOS per distinct SKU in the month, across visits and outlets', () => {
    // SKU-1 at two outlets on three visits, SKU-2 once: 2 distinct SKUs × 10 % = 20 %.
    const signals = [
      sig('OOS', 'SKU-1', 'TT-1', '2026-03-10'),
      sig('OOS', 'SKU-1', 'TT-1', '2026-03-03'),
      sig('OOS', 'SKU-2', 'TT-1', '2026-03-03'),
      sig('OOS', 'SKU-1', 'TT-2', '2026-03-20'),
    ];
    const r = applyRules(DEFAULT, signals);
    expect(r.sumBp).toBe(2000);
    expect(r.totalBp).toBe(2000);
    expect(r.capApplied).toBe(false);
    // The earliest signal of a SKU is the counted one; later ones are repeats that add nothing.
    expect(r.signals.map((s) => [s.visitDate, s.objectCode, s.counted, s.contributedBp, s.basisKey])).toEqual([
      ['2026-03-03', 'SKU-1', true, 1000, 'OOS|SKU-1'],
      ['2026-03-03', 'SKU-2', true, 1000, 'OOS|SKU-2'],
      ['2026-03-10', 'SKU-1', false, 0, 'OOS|SKU-1'],
      ['2026-03-20', 'SKU-1', false, 0, 'OOS|SKU-1'],
    ]);
    expect(r.byType).toEqual([{ signalType: 'OOS', percentBp: 1000, basis: 'per_object_month', occurrences: 2, signals: 4, totalBp: 2000 }]);
  });

  it('charges EQUIPMENT once a month however many times and items', () => {
    const r = applyRules(DEFAULT, [
      sig('EQUIPMENT', 'EQ-1', 'TT-1', '2026-03-02'),
      sig('EQUIPMENT', 'EQ-2', 'TT-2', '2026-03-09'),
      sig('EQUIPMENT', 'EQ-1', 'TT-1', '2026-03-16'),
    ]);
    expect(r.totalBp).toBe(10000);
    expect(r.signals.map((s) => s.counted)).toEqual([true, false, false]);
  });

  it('charges SCHEDULE per distinct (outlet, visit date)', () => {
    // (TT-1, 3 March) twice, (TT-1, 4 March), (TT-2, 3 March): 3 × 20 % = 60 %.
    const r = applyRules(DEFAULT, [
      sig('SCHEDULE', '', 'TT-1', '2026-03-03'),
      sig('SCHEDULE', '', 'TT-1', '2026-03-03'),
      sig('SCHEDULE', '', 'TT-1', '2026-03-04'),
      sig('SCHEDULE', '', 'TT-2', '2026-03-03'),
    ]);
    expect(r.sumBp).toBe(6000);
    expect(r.signals.filter((s) => s.counted).map((s) => s.basisKey)).toEqual(['SCHEDULE|TT-1|2026-03-03', 'SCHEDULE|TT-2|2026-03-03', 'SCHEDULE|TT-1|2026-03-04']);
  });

  it('caps the total at the rule set cap', () => {
    // 5 SKUs (50 %) + 3 closed days (60 %) = 110 % → 100 %.
    const signals = [
      ...['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5'].map((k) => sig('OOS', k, 'TT-1', '2026-03-05')),
      sig('SCHEDULE', '', 'TT-1', '2026-03-06'),
      sig('SCHEDULE', '', 'TT-1', '2026-03-07'),
      sig('SCHEDULE', '', 'TT-1', '2026-03-08'),
    ];
    const r = applyRules(DEFAULT, signals);
    expect(r).toMatchObject({ sumBp: 11000, capBp: 10000, totalBp: 10000, capApplied: true });
    const capped = applyRules({ ...DEFAULT, capBp: 3000 }, signals.slice(0, 2));
    expect(capped).toMatchObject({ sumBp: 2000, totalBp: 2000, capApplied: false });
  });

  it('penalises nothing for a type without a rule and without a rule set', () => {
    const r = applyRules({ ...DEFAULT, rules: DEFAULT.rules.filter((x) => x.signalType !== 'SCHEDULE') }, [sig('SCHEDULE', '', 'TT-1', '2026-03-03')]);
    expect(r.totalBp).toBe(0);
    expect(r.signals[0]).toMatchObject({ rule: null, counted: false, contributedBp: 0 });
    expect(applyRules(null, [sig('OOS', 'SKU-1', 'TT-1', '2026-03-03')]).totalBp).toBe(0);
  });

  it('takes the rule set version in force on the first day of the month', () => {
    const v2: RuleSet = { ...DEFAULT, effectiveFrom: '2026-03-15', rules: [{ signalType: 'OOS', percentBp: 1250, basis: 'per_object_month' }] };
    const versions = [DEFAULT, v2];
    // A version effective mid-March applies from April: March stays on the old rules.
    expect(selectRuleSet(versions, 'DEFAULT', '2026-03')?.effectiveFrom).toBe('2000-01-01');
    expect(selectRuleSet(versions, 'DEFAULT', '2026-04')?.effectiveFrom).toBe('2026-03-15');
    // A code whose first version starts inside the month uses that version; before it, none.
    const fresh: RuleSet = { ...DEFAULT, code: 'PROMO', effectiveFrom: '2026-05-10' };
    expect(selectRuleSet([fresh], 'PROMO', '2026-05')?.code).toBe('PROMO');
    expect(selectRuleSet([fresh], 'PROMO', '2026-04')).toBeNull();
    expect(selectRuleSet(versions, 'NOPE', '2026-04')).toBeNull();
  });
});

describe('payout and VAT', () => {
  it('computes penalty, payout, VAT and total with half-up rounding', () => {
    // 1 000 005 × 10 % = 100 000.5 → 100 001; payout 900 004; VAT 22 % = 198 000.88 → 198 001.
    expect(computePayout(1_000_005, 1000, 'VAT', RATES, '2026-03')).toEqual({
      monthFee: 1_000_005,
      totalBp: 1000,
      penalty: 100_001,
      payout: 900_004,
      vatMode: 'VAT',
      vatRateBp: 2200,
      vatRateFrom: '2026-01-01',
      vat: 198_001,
      payoutTotal: 1_098_005,
    });
  });

  it('rounds half a kopeck of VAT up', () => {
    // 1 000 025 × 22 % = 220 005.5 → 220 006.
    expect(computePayout(1_000_025, 0, 'VAT', RATES, '2026-01').vat).toBe(220_006);
    // 1 000 010 × 5 % = 50 000.5 → 50 001.
    expect(computePayout(1_000_010, 0, 'VAT5', RATES, '2026-01').vat).toBe(50_001);
  });

  it('switches VAT from 20 % to 22 % between December 2025 and January 2026', () => {
    const dec = computePayout(1_000_000, 0, 'VAT', RATES, '2025-12');
    const jan = computePayout(1_000_000, 0, 'VAT', RATES, '2026-01');
    expect([dec.vatRateBp, dec.vat, dec.payoutTotal]).toEqual([2000, 200_000, 1_200_000]);
    expect([jan.vatRateBp, jan.vat, jan.payoutTotal]).toEqual([2200, 220_000, 1_220_000]);
  });

  it('takes the rate on the LAST day of the month', () => {
    // A rate that changes on 15 January applies to the whole of January.
    const mid: VatRate[] = [
      { vatMode: 'VAT', effectiveFrom: '2000-01-01', rateBp: 2000 },
      { vatMode: 'VAT', effectiveFrom: '2027-01-15', rateBp: 2500 },
    ];
    expect(computePayout(1_000_000, 0, 'VAT', mid, '2027-01').vat).toBe(250_000);
    expect(vatRateOn(mid, 'VAT', '2027-01-14')?.rateBp).toBe(2000);
  });

  it('charges no VAT for NO_VAT and the reduced rates for VAT5/VAT7', () => {
    expect(computePayout(1_234_567, 3000, 'NO_VAT', RATES, '2026-03')).toMatchObject({ penalty: 370_370, payout: 864_197, vat: 0, payoutTotal: 864_197 });
    // 864 197 × 7 % = 60 493.79 → 60 494.
    expect(computePayout(1_234_567, 3000, 'VAT7', RATES, '2026-03').vat).toBe(60_494);
    // Before 2025 the reduced modes have no rate row: no VAT, and the result says so.
    expect(computePayout(1_000_000, 0, 'VAT5', RATES, '2024-06')).toMatchObject({ vat: 0, vatRateFrom: null });
  });

  it('leaves nothing to pay at 100 %', () => {
    expect(computePayout(3_516_129, 10000, 'VAT', RATES, '2026-03')).toMatchObject({ penalty: 3_516_129, payout: 0, vat: 0, payoutTotal: 0 });
  });

  it('prints percents as plain numbers', () => {
    expect([formatBp(3000), formatBp(1250), formatBp(1234), formatBp(0), formatBp(10000), formatBp(5)]).toEqual(['30', '12.5', '12.34', '0', '100', '0.05']);
  });
});

describe('contract-month end to end', () => {
  const contract = { ...active('2026-01-01', '2026-12-31'), vatMode: 'VAT' };
  const engineTerms: EngineTerms[] = [
    { id: 1, effectiveFrom: '2026-01-01', monthlyFee: 3_000_000, ruleSet: 'DEFAULT' },
    { id: 2, effectiveFrom: '2026-03-16', monthlyFee: 4_000_000, ruleSet: 'DEFAULT' },
  ];

  it('chains fee, rules and payout', () => {
    // Fee: (3 000 000 × 15 + 4 000 000 × 16) / 31 = 109 000 000 / 31 = 3 516 129.03 → 3 516 129.
    // OOS SKU-1, SKU-2 (20 %) + SCHEDULE one day (20 %) = 40 %: penalty 1 406 451.6 → 1 406 452; payout 2 109 677;
    // VAT 22 %: 464 128.94 → 464 129; total 2 573 806.
    const r = computeContractMonth({
      contract,
      terms: engineTerms,
      month: '2026-03',
      signals: [sig('OOS', 'SKU-1', 'TT-1', '2026-03-03'), sig('OOS', 'SKU-2', 'TT-1', '2026-03-03'), sig('OOS', 'SKU-1', 'TT-2', '2026-03-10'), sig('SCHEDULE', '', 'TT-1', '2026-03-21')],
      ruleSets: [DEFAULT],
      vatRates: RATES,
    });
    expect(r.fee.monthFee).toBe(3_516_129);
    expect(r.ruleSetCode).toBe('DEFAULT');
    expect(r.rules.totalBp).toBe(4000);
    expect(r.payout).toMatchObject({ penalty: 1_406_452, payout: 2_109_677, vat: 464_129, payoutTotal: 2_573_806 });
  });

  it('uses the rule set named by the terms in force on the first day of the month', () => {
    const strict: RuleSet = { ...DEFAULT, code: 'STRICT', rules: [{ signalType: 'OOS', percentBp: 2500, basis: 'per_object_month' }] };
    const t: EngineTerms[] = [
      { id: 1, effectiveFrom: '2026-01-01', monthlyFee: 1_000_000, ruleSet: 'STRICT' },
      { id: 2, effectiveFrom: '2026-03-16', monthlyFee: 1_000_000, ruleSet: 'DEFAULT' },
    ];
    const input = { contract, terms: t, signals: [sig('OOS', 'SKU-1', 'TT-1', '2026-03-20')], ruleSets: [DEFAULT, strict], vatRates: RATES };
    expect(computeContractMonth({ ...input, month: '2026-03' }).rules.totalBp).toBe(2500);
    expect(computeContractMonth({ ...input, month: '2026-04', signals: [sig('OOS', 'SKU-1', 'TT-1', '2026-04-20')] }).rules.totalBp).toBe(1000);
  });

  it('has nothing for an unsigned contract', () => {
    const r = computeContractMonth({ contract: { ...contract, status: 'draft' }, terms: engineTerms, month: '2026-03', signals: [sig('OOS', 'SKU-1', 'TT-1', '2026-03-03')], ruleSets: [DEFAULT], vatRates: RATES });
    expect(r.fee.hasFee).toBe(false);
    expect(r.rules.signals).toEqual([]);
    expect(r.payout).toMatchObject({ monthFee: 0, penalty: 0, payoutTotal: 0 });
  });
});
