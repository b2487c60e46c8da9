// The effect of an amnesty, priced by the penalty engine with and without the selected signals.
import { describe, expect, it } from 'vitest';
import { fixture, makeAmnestyWorld } from './world';

const grantInput = (extra: Record<string, unknown>) => ({
  reasonCode: 'IR_ERROR',
  comment: 'Распознавание ошиблось',
  evidence: [fixture('receipt.png')],
  ...extra,
});

describe('amnesty.preview', () => {
  it('prices one signal: K1 March 40 % → 30 %, effect 30 000 ₽, below the threshold', async () => {
    const w = await makeAmnestyWorld();
    const p = await w.ok('lawyer', 'amnesty.preview', { signalIds: [w.sig('M-03')] });
    expect(p).toMatchObject({ kind: 'signals', signals: 1, effect: 3_000_000, threshold: 5_000_000, needsConfirmation: false, refusals: [], canGrant: true });
    expect(p.months).toEqual([
      {
        contractId: w.contracts.K1,
        contractNo: 'MK-2026-000101',
        month: '2026-03',
        signals: 1,
        // 300 000 ₽ × 40 % = 120 000 ₽; payout 180 000 ₽; VAT 22 % = 39 600 ₽.
        withSignals: { sumBp: 4000, penaltyBp: 4000, capApplied: false, monthFee: 30_000_000, penalty: 12_000_000, payout: 18_000_000, vat: 3_960_000, payoutTotal: 21_960_000 },
        withoutSignals: { sumBp: 3000, penaltyBp: 3000, capApplied: false, monthFee: 30_000_000, penalty: 9_000_000, payout: 21_000_000, vat: 4_620_000, payoutTotal: 25_620_000 },
        effect: 3_000_000,
      },
    ]);
    // The preview matches the cache the engine filled on import.
    expect(w.month(w.contracts.K1, '2026-03')).toMatchObject({ penalty_bp: 4000, penalty: 12_000_000 });
  });

  it('at the 100 % cap, amnestying one OOS SKU changes nothing: effect 0, shown as such', async () => {
    const w = await makeAmnestyWorld();
    // April: EQUIPMENT 100 % + SKU-1 10 % = 110 %, capped at 100 %.
    const p = await w.ok('lawyer', 'amnesty.preview', { signalIds: [w.sig('A-02')] });
    expect(p).toMatchObject({ effect: 0, needsConfirmation: false, canGrant: true });
    expect(p.months[0]).toMatchObject({
      month: '2026-04',
      withSignals: { sumBp: 11000, penaltyBp: 10000, capApplied: true, penalty: 30_000_000, payout: 0 },
      withoutSignals: { sumBp: 10000, penaltyBp: 10000, capApplied: false, penalty: 30_000_000, payout: 0 },
      effect: 0,
    });
    // Granting it is allowed and applies at once; the payout stays 0.
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('A-02')] }));
    expect(g).toMatchObject({ status: 'applied', effect: 0 });
    expect(w.month(w.contracts.K1, '2026-04')).toMatchObject({ penalty_bp: 10000, penalty: 30_000_000, payout: 0 });
    // The equipment signal now carries the whole penalty: amnestying it removes all of it (and needs four eyes).
    const eq = await w.ok('lawyer', 'amnesty.preview', { signalIds: [w.sig('A-01')] });
    expect(eq).toMatchObject({ effect: 30_000_000, needsConfirmation: true });
  });

  it('a repeat keeps its basis counted: amnestying only the first SKU-1 signal is worth 0', async () => {
    const w = await makeAmnestyWorld();
    const one = await w.ok('lawyer', 'amnesty.preview', { signalIds: [w.sig('M-01')] });
    expect(one.effect).toBe(0);
    const both = await w.ok('lawyer', 'amnesty.preview', { signalIds: [w.sig('M-01'), w.sig('M-02')] });
    expect(both.effect).toBe(3_000_000);
  });

  it('prices a whole contract-month and sums over several contract-months', async () => {
    const w = await makeAmnestyWorld();
    const cm = await w.ok('lawyer', 'amnesty.preview', { contractId: w.contracts.K1, month: '2026-03' });
    // The four matched signals of March (M-05 is unmatched and not part of it): 40 % → 0.
    expect(cm).toMatchObject({ kind: 'contract_month', contractId: w.contracts.K1, month: '2026-03', signals: 4, effect: 12_000_000, needsConfirmation: true });
    const mixed = await w.ok('lawyer', 'amnesty.preview', { signalIds: [w.sig('M-03'), w.sig('A-01'), w.sig('K2-01')] });
    expect(mixed.months.map((m: { contractNo: string; month: string; effect: number }) => [m.contractNo, m.month, m.effect])).toEqual([
      ['MK-2026-000101', '2026-03', 3_000_000],
      ['MK-2026-000101', '2026-04', 27_000_000],
      ['MK-2026-000102', '2026-03', 1_000_000],
    ]);
    expect(mixed.effect).toBe(31_000_000);
  });

  it('lists what cannot be amnestied, and a grant with any of it is refused whole', async () => {
    const w = await makeAmnestyWorld();
    await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-03')] }));
    const p = await w.ok('lawyer', 'amnesty.preview', { signalIds: [w.sig('M-04'), w.sig('M-05'), w.sig('M-03'), 999_999] });
    expect(p.canGrant).toBe(false);
    expect(p.signals).toBe(1);
    expect(p.effect).toBe(6_000_000);
    expect(p.refusals).toEqual([
      { signalId: w.sig('M-05'), reason: 'Сигнал не сопоставлен с договором — штрафа по нему нет, амнистия не нужна: SKU не входит в обязательный ассортимент договора' },
      { signalId: w.sig('M-03'), reason: expect.stringMatching(/^Сигнал уже амнистирован \(амнистия №\d+\)$/) },
      { signalId: 999_999, reason: 'Сигнал не найден или недоступен' },
    ]);
    const before = w.count('amnesties');
    const r = await w.call('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-04'), w.sig('M-05')] }));
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('Сигнал не сопоставлен с договором') } });
    expect(w.count('amnesties')).toBe(before);

    // A contract-month skips what is already amnestied and says so.
    const cm = await w.ok('lawyer', 'amnesty.preview', { contractId: w.contracts.K1, month: '2026-03' });
    expect(cm).toMatchObject({ signals: 3, effect: 9_000_000, canGrant: true });
    expect(cm.skipped).toEqual([{ signalId: w.sig('M-03'), reason: expect.stringContaining('уже амнистирован') }]);
  });

  it('validates the selection shape', async () => {
    const w = await makeAmnestyWorld();
    expect(await w.call('lawyer', 'amnesty.preview', {})).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('Укажите либо сигналы') } });
    expect(await w.call('lawyer', 'amnesty.preview', { contractId: w.contracts.K1 })).toMatchObject({ ok: false, error: { message: expect.stringContaining('и договор, и месяц') } });
    expect(await w.call('lawyer', 'amnesty.preview', { signalIds: [1], contractId: 1, month: '2026-03' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    const tooMany = Array.from({ length: 5001 }, (_, i) => i + 1);
    expect(await w.call('lawyer', 'amnesty.preview', { signalIds: tooMany })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Не больше 5000') } });
    expect(await w.call('lawyer', 'amnesty.preview', { contractId: 424242, month: '2026-03' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('the threshold setting', () => {
  it('defaults to 50 000 ₽, is validated as a positive amount, and moves the four-eyes line', async () => {
    const w = await makeAmnestyWorld();
    expect(await w.call('adm', 'settings.set', { key: 'amnesty.threshold', value: 'много' })).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('Неверная сумма') } });
    expect(await w.call('adm', 'settings.set', { key: 'amnesty.threshold', value: '0' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('больше нуля') } });
    expect(await w.call('adm', 'settings.set', { key: 'amnesty.threshold', value: '-5' })).toMatchObject({ ok: false });
    await w.ok('adm', 'settings.set', { key: 'amnesty.threshold', value: '20 000,00' });
    const p = await w.ok('lawyer', 'amnesty.preview', { signalIds: [w.sig('M-03')] });
    expect(p).toMatchObject({ effect: 3_000_000, threshold: 2_000_000, needsConfirmation: true });
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-03')] }));
    expect(g).toMatchObject({ status: 'pending', threshold: 2_000_000 });
    // Exactly at the threshold applies without a second person (only "exceeds" needs one).
    await w.ok('adm', 'settings.set', { key: 'amnesty.threshold', value: '10000' });
    const k2 = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('K2-01')] }));
    expect(k2).toMatchObject({ status: 'applied', effect: 1_000_000, threshold: 1_000_000 });
  });
});
