// The contract-month cache is written by the engine's lean path (computeContractMonthTotals / penaltyPercentBp, no
// per-signal explanation); the explanation view runs the full one. They must never disagree on a single kopeck.
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../core/demo/random';
import { computeContractMonth, computeContractMonthTotals, type ContractMonthInput } from '../../../core/penalties/engine';
import { applyRules, penaltyPercentBp, type RuleSet, type RuleSignal } from '../../../core/penalties/rules';

const RULES: RuleSet = {
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
// A lower cap and a type without a rule, so capped sums and ignored signals are exercised too.
const CAPPED: RuleSet = { ...RULES, code: 'CAPPED', capBp: 3500, rules: RULES.rules.filter((r) => r.signalType !== 'EQUIPMENT') };

function randomSignals(next: () => number, n: number): RuleSignal[] {
  const types = ['OOS', 'EQUIPMENT', 'SCHEDULE', 'OOS'];
  return Array.from({ length: n }, (_, i) => {
    const signalType = types[Math.floor(next() * types.length)];
    const day = 1 + Math.floor(next() * 28);
    return {
      signalId: i + 1,
      visitId: `V-${Math.floor(next() * 50)}`,
      visitDate: `2026-03-${String(day).padStart(2, '0')}`,
      outletCode: `TT-${Math.floor(next() * 3)}`,
      signalType,
      objectCode: signalType === 'OOS' ? `SKU-${Math.floor(next() * 6)}` : signalType === 'EQUIPMENT' ? `EQ-${Math.floor(next() * 2)}` : '',
    };
  });
}

describe('lean penalty totals', () => {
  it('give the same percent as applyRules for random months, with and without a cap', () => {
    const { next } = createRandom(9);
    let capped = 0;
    for (let k = 0; k < 400; k++) {
      const signals = randomSignals(next, Math.floor(next() * 14));
      for (const set of [RULES, CAPPED, null]) {
        const full = applyRules(set, signals);
        const lean = penaltyPercentBp(set, signals);
        expect(lean).toEqual({ sumBp: full.sumBp, capBp: full.capBp, totalBp: full.totalBp });
        if (full.capApplied) capped++;
      }
    }
    expect(capped).toBeGreaterThan(20);
  });

  it('give the same fee and payout as the full engine, including pro-rated and fee-less months', () => {
    const { next } = createRandom(10);
    for (let k = 0; k < 200; k++) {
      const start = `2026-0${1 + Math.floor(next() * 3)}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
      const input: ContractMonthInput = {
        contract: { status: next() < 0.9 ? 'active' : 'draft', startDate: start, endDate: '2026-12-31', terminatedDate: null, vatMode: next() < 0.5 ? 'VAT' : 'NO_VAT' },
        terms: [
          { id: 1, effectiveFrom: start, monthlyFee: 100_000 + Math.floor(next() * 9_000_000), ruleSet: 'DEFAULT' },
          { id: 2, effectiveFrom: '2026-03-15', monthlyFee: 50_000 + Math.floor(next() * 5_000_000), ruleSet: 'DEFAULT' },
        ],
        month: '2026-03',
        signals: randomSignals(next, Math.floor(next() * 10)),
        ruleSets: [RULES],
        vatRates: [
          { vatMode: 'VAT', effectiveFrom: '2026-01-01', rateBp: 2200 },
          { vatMode: 'NO_VAT', effectiveFrom: '2000-01-01', rateBp: 0 },
        ],
      };
      const full = computeContractMonth(input);
      expect(computeContractMonthTotals(input)).toEqual({ fee: full.fee, payout: full.payout });
    }
  });
});
