// Users act within their regions: an amnesty is visible and actionable only when every contract it touches is.
import { describe, expect, it } from 'vitest';
import { fixture, makeAmnestyWorld } from './world';

const grantInput = (extra: Record<string, unknown>) => ({
  reasonCode: 'REP_ERROR',
  comment: 'Торговый представитель ошибся',
  evidence: [fixture('receipt.png')],
  ...extra,
});

describe('scope', () => {
  it('a Central-district lawyer works on Москва (K2) only; a Volga manager sees only Татарстан (K1)', async () => {
    const w = await makeAmnestyWorld();
    // K1's outlets are in Татарстан (ПФО): to the ЦФО lawyer its signals and contract do not exist.
    const p = await w.ok('lawyerCfo', 'amnesty.preview', { signalIds: [w.sig('M-03'), w.sig('K2-01')] });
    expect(p.refusals).toEqual([{ signalId: w.sig('M-03'), reason: 'Сигнал не найден или недоступен' }]);
    expect(p.effect).toBe(1_000_000);
    expect(await w.call('lawyerCfo', 'amnesty.grant', grantInput({ contractId: w.contracts.K1, month: '2026-03' }))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const k2 = await w.ok('lawyerCfo', 'amnesty.grant', grantInput({ contractId: w.contracts.K2, month: '2026-03' }));
    expect(k2).toMatchObject({ status: 'applied', effect: 1_000_000 });

    const k1 = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('A-01')] }));
    const both = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-03')] }));
    expect((await w.ok('lawyerCfo', 'amnesty.list', {})).rows.map((r: { id: number }) => r.id)).toEqual([k2.id]);
    expect((await w.ok('mgr', 'amnesty.list', {})).rows.map((r: { id: number }) => r.id)).toEqual([both.id, k1.id]);
    expect((await w.ok('fin', 'amnesty.list', {})).total).toBe(3);

    // Out of scope means not found: reading, confirming, the inbox, evidence.
    expect(await w.call('lawyerCfo', 'amnesty.get', { id: k1.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.call('lawyerCfo', 'amnesty.confirm', { id: k1.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.call('lawyerCfo', 'amnesty.revoke', { id: both.id, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await w.ok('lawyerCfo', 'amnesty.inbox', {})).total).toBe(0);
    expect((await w.ok('lawyer2', 'amnesty.inbox', {})).rows.map((r: { id: number }) => r.id)).toEqual([k1.id]);
    const sha = k2.evidence[0].sha256;
    // The same photo is attached to K1 amnesties too, but the Volga manager reaches it through them only.
    expect((await w.ok('mgr', 'amnesty.evidence', { sha256: sha })).fileName).toBe('receipt.png');
    expect(await w.call('mgr', 'amnesty.evidence', { sha256: sha, amnestyId: k2.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('an amnesty spanning two regions is visible only to users who see both', async () => {
    const w = await makeAmnestyWorld();
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-03'), w.sig('K2-01')] }));
    expect((await w.ok('fin', 'amnesty.get', { id: g.id })).contractNos).toBe('MK-2026-000101, MK-2026-000102');
    expect((await w.ok('mgr', 'amnesty.list', {})).total).toBe(0);
    expect((await w.ok('lawyerCfo', 'amnesty.list', {})).total).toBe(0);
  });
});
