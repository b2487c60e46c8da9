// Grant, four-eyes confirmation, decline, revoke and the lists, through the registry on a real SQLite file.
import { describe, expect, it } from 'vitest';
import { fixture, makeAmnestyWorld, NOW, type AmnestyWorld } from './world';

const grantInput = (extra: Record<string, unknown>) => ({
  reasonCode: 'DELIVERY_CONFIRMED',
  comment: 'Поставка подтверждена накладной',
  evidence: [fixture('receipt.png'), fixture('delivery-note.pdf')],
  ...extra,
});
const amnestyIdsOf = (w: AmnestyWorld, visitIds: string[]) => visitIds.map((v) => w.db.prepare('SELECT amnesty_id FROM signals WHERE id = ?').pluck().get(w.sig(v)));

describe('amnesty.grant', () => {
  it('applies at once up to the threshold: signals cancelled, the contract-month recomputed, audited', async () => {
    const w = await makeAmnestyWorld();
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-03')] }));
    expect(g).toMatchObject({ status: 'applied', effect: 3_000_000, needsConfirmation: false, signals: 1, adjustments: [] });
    expect(g.evidence.map((e: { fileName: string; mime: string; reused: boolean }) => [e.fileName, e.mime, e.reused])).toEqual([
      ['receipt.png', 'image/png', false],
      ['delivery-note.pdf', 'application/pdf', false],
    ]);
    expect(amnestyIdsOf(w, ['M-03', 'M-04'])).toEqual([g.id, null]);
    // The payout grows by exactly the effect shown.
    expect(w.month(w.contracts.K1, '2026-03')).toEqual({ month_fee: 30_000_000, penalty_bp: 3000, penalty: 9_000_000, payout: 21_000_000, vat: 4_620_000, payout_total: 25_620_000 });
    const x = await w.ok('fin', 'penalties.explain', { contractId: w.contracts.K1, month: '2026-03' });
    expect(x).toMatchObject({ totalBp: 3000, penalty: 9_000_000, cacheUpToDate: true });
    expect(x.signals.map((s: { signalId: number }) => s.signalId)).not.toContain(w.sig('M-03'));

    const row = w.db.prepare('SELECT status, reason_code, comment, scope_kind, effect, threshold, confirmed_by FROM amnesties WHERE id = ?').get(g.id);
    expect(row).toEqual({ status: 'applied', reason_code: 'DELIVERY_CONFIRMED', comment: 'Поставка подтверждена накладной', scope_kind: 'signals', effect: 3_000_000, threshold: 5_000_000, confirmed_by: null });
    const audit = w.db.prepare("SELECT command, entity, entity_id, after_json FROM audit_log WHERE entity = 'amnesty'").all() as { command: string; entity_id: string; after_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ command: 'amnesty.grant', entity_id: String(g.id) });
    // The audit keeps what was decided, never the file contents.
    expect(JSON.parse(audit[0].after_json)).toMatchObject({ status: 'applied', effect: 3_000_000, signalIds: [w.sig('M-03')], months: [{ month: '2026-03', before: 12_000_000, after: 9_000_000 }] });
    expect(audit[0].after_json).not.toContain('contentBase64');
  });

  it('requires a reason from the active list, a comment and at least one file; only legal/admin may grant', async () => {
    const w = await makeAmnestyWorld();
    const s = w.sig('M-03');
    expect(await w.call('lawyer', 'amnesty.grant', grantInput({ signalIds: [s], comment: '   ' }))).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('комментарий') } });
    expect(await w.call('lawyer', 'amnesty.grant', grantInput({ signalIds: [s], evidence: [] }))).toMatchObject({ ok: false, error: { message: expect.stringContaining('хотя бы один файл') } });
    expect(await w.call('lawyer', 'amnesty.grant', grantInput({ signalIds: [s], reasonCode: 'NO_SUCH' }))).toMatchObject({ ok: false, error: { message: 'Причина амнистии «NO_SUCH» не найдена или отключена' } });
    await w.ok('adm', 'reference.setActive', { kind: 'amnestyReason', code: 'IR_ERROR', isActive: false });
    expect(await w.call('lawyer', 'amnesty.grant', grantInput({ signalIds: [s], reasonCode: 'IR_ERROR' }))).toMatchObject({ ok: false, error: { message: expect.stringContaining('отключена') } });
    for (const login of ['fin', 'dir', 'mgr', 'asst']) {
      expect(await w.call(login, 'amnesty.grant', grantInput({ signalIds: [s] }))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(w.count('amnesties')).toBe(0);
    expect(w.evidenceFiles()).toEqual([]);
  });
});

describe('four eyes', () => {
  it('a large amnesty waits; the grantor cannot confirm it; another lawyer or a director confirms and it applies', async () => {
    const w = await makeAmnestyWorld();
    const before = w.month(w.contracts.K1, '2026-03');
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ contractId: w.contracts.K1, month: '2026-03' }));
    expect(g).toMatchObject({ status: 'pending', effect: 12_000_000, needsConfirmation: true, signals: 4 });
    // Pending: nothing applied yet, and its signals are held.
    expect(amnestyIdsOf(w, ['M-01', 'M-02', 'M-03', 'M-04'])).toEqual([null, null, null, null]);
    expect(w.month(w.contracts.K1, '2026-03')).toEqual(before);
    const again = await w.ok('lawyer2', 'amnesty.preview', { signalIds: [w.sig('M-01')] });
    expect(again.refusals[0].reason).toBe(`Сигнал уже включён в амнистию №${g.id}, ожидающую подтверждения`);

    // The inbox: not the grantor's, but the others who may confirm.
    expect((await w.ok('lawyer', 'amnesty.inbox', {})).total).toBe(0);
    const inbox = await w.ok('dir', 'amnesty.inbox', {});
    expect(inbox.rows.map((r: { id: number; effect: number; grantedBy: string }) => [r.id, r.effect, r.grantedBy])).toEqual([[g.id, 12_000_000, 'lawyer']]);
    expect((await w.ok('lawyer2', 'amnesty.inbox', {})).total).toBe(1);
    expect(await w.call('fin', 'amnesty.inbox', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(await w.call('lawyer', 'amnesty.confirm', { id: g.id })).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Нельзя подтвердить собственную амнистию' } });
    expect(await w.call('fin', 'amnesty.confirm', { id: g.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const lawyerView = await w.ok('lawyer', 'amnesty.get', { id: g.id });
    expect(lawyerView).toMatchObject({ status: 'pending', canConfirm: false, canDecline: true, impact: { effect: 12_000_000 } });
    expect((await w.ok('dir', 'amnesty.get', { id: g.id })).canConfirm).toBe(true);

    w.t.clock.advance(3_600_000);
    const c = await w.ok('dir', 'amnesty.confirm', { id: g.id });
    expect(c).toMatchObject({ id: g.id, status: 'applied', effect: 12_000_000, effectAtGrant: 12_000_000 });
    expect(amnestyIdsOf(w, ['M-01', 'M-02', 'M-03', 'M-04', 'M-05'])).toEqual([g.id, g.id, g.id, g.id, null]);
    // The payout of the contract-month changes by exactly the shown effect.
    const after = w.month(w.contracts.K1, '2026-03')!;
    expect(after).toEqual({ month_fee: 30_000_000, penalty_bp: 0, penalty: 0, payout: 30_000_000, vat: 6_600_000, payout_total: 36_600_000 });
    expect(after.payout - before!.payout).toBe(g.effect);
    const stored = w.db.prepare('SELECT status, confirmed_by, confirmed_at FROM amnesties WHERE id = ?').get(g.id) as { confirmed_by: number; confirmed_at: string };
    expect(stored).toMatchObject({ status: 'applied', confirmed_at: '2026-12-03T11:00:00.000Z' });
    expect(stored.confirmed_by).toBe(w.db.prepare("SELECT id FROM users WHERE login = 'dir'").pluck().get());
    expect((await w.ok('dir', 'amnesty.inbox', {})).total).toBe(0);
    expect(await w.call('lawyer2', 'amnesty.confirm', { id: g.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('она применена') } });

    const card = await w.ok('fin', 'amnesty.get', { id: g.id });
    expect(card).toMatchObject({ status: 'applied', confirmedBy: 'dir', contractNos: 'MK-2026-000101', months: '2026-03', signalsCount: 4, evidenceCount: 2, canConfirm: false, canRevoke: false });
    expect(card.history.map((h: { command: string; userLogin: string; status: string }) => [h.command, h.userLogin, h.status])).toEqual([
      ['amnesty.grant', 'lawyer', 'pending'],
      ['amnesty.confirm', 'dir', 'applied'],
    ]);
  });

  it('re-prices at confirmation what is there then', async () => {
    const w = await makeAmnestyWorld();
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('A-01')] }));
    expect(g).toMatchObject({ status: 'pending', effect: 27_000_000 });
    // Meanwhile the OOS signal of April is amnestied (worth 0 then): the equipment now carries the whole 100 %.
    await w.ok('lawyer2', 'amnesty.grant', grantInput({ signalIds: [w.sig('A-02')] }));
    const c = await w.ok('lawyer2', 'amnesty.confirm', { id: g.id });
    expect(c).toMatchObject({ effect: 30_000_000, effectAtGrant: 27_000_000 });
    expect(w.db.prepare('SELECT effect FROM amnesties WHERE id = ?').pluck().get(g.id)).toBe(30_000_000);
    expect(w.month(w.contracts.K1, '2026-04')).toMatchObject({ penalty: 0, payout: 30_000_000 });
  });

  it('decline: pending only, with a reason; the signals are free again', async () => {
    const w = await makeAmnestyWorld();
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ contractId: w.contracts.K1, month: '2026-03' }));
    expect(await w.call('lawyer2', 'amnesty.decline', { id: g.id, reason: ' ' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await w.ok('lawyer2', 'amnesty.decline', { id: g.id, reason: 'Накладная не относится к этой точке' })).toEqual({ id: g.id, status: 'declined' });
    expect(await w.call('dir', 'amnesty.confirm', { id: g.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('она отклонена') } });
    expect(w.month(w.contracts.K1, '2026-03')).toMatchObject({ penalty: 12_000_000 });
    const p = await w.ok('lawyer', 'amnesty.preview', { contractId: w.contracts.K1, month: '2026-03' });
    expect(p).toMatchObject({ signals: 4, skipped: [] });
    const card = await w.ok('lawyer', 'amnesty.get', { id: g.id });
    expect(card).toMatchObject({ status: 'declined', declineReason: 'Накладная не относится к этой точке', impact: null });
  });
});

describe('amnesty.revoke', () => {
  it('brings the penalty back exactly, with a required reason; applied only', async () => {
    const w = await makeAmnestyWorld();
    const snapshot = () => w.db.prepare('SELECT * FROM contract_months ORDER BY contract_id, month').all();
    const original = snapshot();
    // Two contract-months at once: K1 March 40 % → 30 % and K2 March 10 % → 0.
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-03'), w.sig('K2-01')] }));
    expect(g).toMatchObject({ status: 'applied', effect: 3_000_000 + 1_000_000 });
    expect(w.month(w.contracts.K1, '2026-03')).toMatchObject({ penalty_bp: 3000, penalty: 9_000_000 });
    expect(w.month(w.contracts.K2, '2026-03')).toMatchObject({ penalty_bp: 0, penalty: 0 });

    expect(await w.call('lawyer', 'amnesty.revoke', { id: g.id })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await w.call('dir', 'amnesty.revoke', { id: g.id, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const r = await w.ok('lawyer2', 'amnesty.revoke', { id: g.id, reason: 'Накладная оказалась поддельной' });
    expect(r).toMatchObject({ id: g.id, status: 'revoked', restored: 4_000_000, adjustments: [] });
    expect(amnestyIdsOf(w, ['M-03', 'K2-01'])).toEqual([null, null]);
    // Every contract-month row is exactly as before, computed_at included (fixed clock).
    expect(snapshot()).toEqual(original);
    expect(await w.call('lawyer', 'amnesty.revoke', { id: g.id, reason: 'ещё раз' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('она отменена') } });

    const pending = await w.ok('lawyer', 'amnesty.grant', grantInput({ contractId: w.contracts.K1, month: '2026-03' }));
    expect(await w.call('lawyer', 'amnesty.revoke', { id: pending.id, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('ожидает подтверждения') } });
    const card = await w.ok('lawyer', 'amnesty.get', { id: g.id });
    expect(card).toMatchObject({ status: 'revoked', revokeReason: 'Накладная оказалась поддельной' });
    expect(card.history.map((h: { command: string; comment: string | null }) => [h.command, h.comment])).toEqual([
      ['amnesty.grant', 'Поставка подтверждена накладной'],
      ['amnesty.revoke', 'Накладная оказалась поддельной'],
    ]);
  });
});

describe('bulk', () => {
  it('200 signals in one grant with one set of evidence: pending above the threshold, confirmed, all cancelled', async () => {
    const w = await makeAmnestyWorld();
    const ids = w.db
      .prepare("SELECT s.id FROM signals s JOIN visits v ON v.id = s.visit_row_id WHERE v.visit_id LIKE 'B-%' ORDER BY s.id")
      .pluck()
      .all() as number[];
    expect(ids).toHaveLength(200);
    expect(w.month(w.contracts.K1, '2026-05')).toMatchObject({ penalty_bp: 3000, penalty: 9_000_000 });
    const g = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: ids, reasonCode: 'IR_ERROR', comment: 'Сбой распознавания 5 мая' }));
    expect(g).toMatchObject({ status: 'pending', signals: 200, effect: 9_000_000 });
    expect(w.count('amnesty_signals')).toBe(200);
    expect(w.count('amnesty_evidence')).toBe(2);
    await w.ok('lawyer2', 'amnesty.confirm', { id: g.id });
    expect(w.db.prepare('SELECT count(*) FROM signals WHERE amnesty_id = ?').pluck().get(g.id)).toBe(200);
    expect(w.month(w.contracts.K1, '2026-05')).toMatchObject({ penalty_bp: 0, penalty: 0, payout: 30_000_000 });
    const list = await w.ok('lawyer', 'amnesty.list', { status: 'applied' });
    expect(list.rows[0]).toMatchObject({ id: g.id, signalsCount: 200, months: '2026-05', evidenceCount: 2, reasonName: 'Ошибка распознавания изображений' });
  });
});

describe('amnesty.list', () => {
  it('lists with status filters, sort and search, newest first by default', async () => {
    const w = await makeAmnestyWorld();
    const a = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('M-03')] }));
    w.t.clock.advance(60_000);
    const b = await w.ok('lawyer2', 'amnesty.grant', grantInput({ signalIds: [w.sig('A-01')], comment: 'Холодильник на месте' }));
    const c = await w.ok('lawyer', 'amnesty.grant', grantInput({ signalIds: [w.sig('K2-01')] }));
    await w.ok('lawyer', 'amnesty.revoke', { id: c.id, reason: 'Ошибка' });
    const all = await w.ok('fin', 'amnesty.list', {});
    expect(all.total).toBe(3);
    expect(all.rows.map((r: { id: number; status: string; effect: number; contractNos: string; grantedAt: string }) => [r.id, r.status, r.effect, r.contractNos, r.grantedAt])).toEqual([
      [c.id, 'revoked', 1_000_000, 'MK-2026-000102', '2026-12-03T10:01:00.000Z'],
      [b.id, 'pending', 27_000_000, 'MK-2026-000101', '2026-12-03T10:01:00.000Z'],
      [a.id, 'applied', 3_000_000, 'MK-2026-000101', NOW],
    ]);
    const pending = await w.ok('fin', 'amnesty.list', { filters: { status: { type: 'set', values: ['pending', 'revoked'] } }, sort: [{ col: 'effect', dir: 'asc' }] });
    expect(pending.rows.map((r: { id: number }) => r.id)).toEqual([c.id, b.id]);
    const search = await w.ok('fin', 'amnesty.list', { search: 'холодильник' });
    expect(search.rows.map((r: { id: number }) => r.id)).toEqual([b.id]);
    expect(await w.call('fin', 'amnesty.list', { sort: [{ col: 'nope', dir: 'asc' }] })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
