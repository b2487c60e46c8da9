// Months frozen in an approved registry get adjustment lines instead of silent changes. No registry exists yet
// (issue 6), so isMonthFrozen is stood in for: March 2026 is "frozen".
import { describe, expect, it, vi } from 'vitest';
import { fixture, makeAmnestyWorld } from './world';

vi.mock('../../../core/amnesty/frozen', () => ({
  isMonthFrozen: (_db: unknown, _contractId: number, month: string) => month === '2026-03',
}));

const grantInput = (extra: Record<string, unknown>) => ({
  reasonCode: 'DELIVERY_CONFIRMED',
  comment: 'Поставка подтверждена',
  evidence: [fixture('delivery-note.pdf')],
  ...extra,
});

describe('payout adjustments for frozen months', () => {
  it('records the payout and VAT difference on grant and its reverse on revoke; unfrozen months get none', async () => {
    const w = await makeAmnestyWorld();
    // K1 March (frozen): 40 % → 30 %: payout +30 000 ₽, VAT 22 % +6 600 ₽. K1 April (open): the cap case, worth 0.
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-03'), w.sig('A-02')] }));
    expect(g.adjustments).toEqual([
      { id: expect.any(Number), contractId: w.contracts.K1, contractNo: 'MK-2026-000101', month: '2026-03', payoutDelta: 3_000_000, vatDelta: 660_000, reason: `Амнистия №${g.id}` },
    ]);
    // The cache still shows the truth of the month; the registry line is the adjustment's job.
    expect(w.month(w.contracts.K1, '2026-03')).toMatchObject({ penalty: 9_000_000, payout: 21_000_000 });

    await w.ok('lawyer', 'amnesty.revoke', { id: g.id, reason: 'Ошибочная амнистия' });
    const grid = await w.ok('fin', 'amnesty.adjustments', { sort: [{ col: 'id', dir: 'asc' }] });
    expect(grid.rows.map((r: { contractNo: string; month: string; payoutDelta: number; vatDelta: number; totalDelta: number; amnestyId: number; reason: string; registryId: null }) => [
      r.contractNo,
      r.month,
      r.payoutDelta,
      r.vatDelta,
      r.totalDelta,
      r.amnestyId,
      r.reason,
      r.registryId,
    ])).toEqual([
      ['MK-2026-000101', '2026-03', 3_000_000, 660_000, 3_660_000, g.id, `Амнистия №${g.id}`, null],
      ['MK-2026-000101', '2026-03', -3_000_000, -660_000, -3_660_000, g.id, `Отмена амнистии №${g.id}: Ошибочная амнистия`, null],
    ]);
    expect((await w.ok('fin', 'amnesty.adjustments', { open: true })).total).toBe(2);
    // Scoped by the contract's outlets: the Central-district lawyer sees none of K1's lines.
    expect((await w.ok('lawyerCfo', 'amnesty.adjustments', {})).total).toBe(0);
  });

  it('a pending amnesty writes its adjustment only when confirmed', async () => {
    const w = await makeAmnestyWorld();
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ contractId: w.contracts.K1, month: '2026-03' }));
    expect(g).toMatchObject({ status: 'pending', adjustments: [] });
    expect(w.count('payout_adjustments')).toBe(0);
    const c = await w.ok('dir', 'amnesty.confirm', { id: g.id });
    // 40 % → 0: payout +120 000 ₽, VAT +26 400 ₽.
    expect(c.adjustments).toMatchObject([{ month: '2026-03', payoutDelta: 12_000_000, vatDelta: 2_640_000 }]);
  });
});
