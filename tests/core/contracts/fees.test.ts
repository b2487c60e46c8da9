import { describe, expect, it } from 'vitest';
import { insertContract, makeWorld } from './fixtures';

const months = (w: ReturnType<typeof makeWorld>, id: number) =>
  w.db.prepare('SELECT month, month_fee AS fee FROM contract_months WHERE contract_id = ? ORDER BY month').all(id) as { month: string; fee: number }[];

describe('month fees follow the contract', () => {
  it('appear when a contract is signed, change with a supplementary agreement, and stop at termination', async () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', status: 'approved', startDate: '2026-12-01', endDate: '2027-02-28', monthlyFee: 3_000_000 });
    expect(months(w, id)).toEqual([]);

    await w.ok('lawyer', 'contracts.sign', { id, signedDate: '2026-12-02' });
    expect(months(w, id)).toEqual([
      { month: '2026-12', fee: 3_000_000 },
      { month: '2027-01', fee: 3_000_000 },
      { month: '2027-02', fee: 3_000_000 },
    ]);

    // 40 000 ₽ from 17 January: (16 × 30 000 + 15 × 40 000) ÷ 31 = 34 838,709… → 34 838,71 ₽ (rounded once).
    await w.ok('lawyer', 'contracts.supplement', { id, kind: 'fee_change', effectiveFrom: '2027-01-17', monthlyFee: 4_000_000 });
    expect(months(w, id).find((m) => m.month === '2027-01')!.fee).toBe(3_483_871);

    // Terminated on 14 February: 14 of 28 days at 40 000 ₽.
    await w.ok('lawyer', 'contracts.supplement', { id, kind: 'termination', effectiveFrom: '2027-02-14', terminationDate: '2027-02-14' });
    expect(months(w, id).find((m) => m.month === '2027-02')!.fee).toBe(2_000_000);
  });
});
