// Building, checking, approving (freezing) and reopening payment registries; adjustments after a late amnesty.
import { describe, expect, it } from 'vitest';
import { isMonthFrozen } from '../../../core/amnesty/frozen';
import { fixture } from '../amnesty/world';
import { makePaymentsWorld } from './world';

const grant = (extra: Record<string, unknown>) => ({
  reasonCode: 'DELIVERY_CONFIRMED',
  comment: 'Поставка подтверждена',
  evidence: [fixture('delivery-note.pdf')],
  ...extra,
});

describe('payment registries', () => {
  it('builds the month from the payouts: totals equal Σ contract_months to the kopeck, requisites and places copied', async () => {
    const w = await makePaymentsWorld();
    const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    // March: K1 40 % of 300 000 ₽ → 180 000 ₽ + VAT 22 % 39 600 ₽; K2 10 % of 100 000 ₽ → 90 000 ₽ + 19 800 ₽.
    expect(built).toMatchObject({ number: 'Р-2026-03-1', lineCount: 2, totalPayout: 27_000_000, totalVat: 5_940_000, total: 32_940_000, held: [], rebuilt: false });
    const sums = w.cmSums('2026-03');
    expect([built.totalPayout, built.totalVat, built.total, built.lineCount]).toEqual([sums.payout, sums.vat, sums.total, sums.count]);

    const page = await w.ok('fin', 'payments.registryLines', { registryId: built.registryId, sort: [{ col: 'contractNumber', dir: 'asc' }] });
    expect(page.total).toBe(2);
    expect(page.totals).toEqual({ count: 2, payout: 27_000_000, vat: 5_940_000, total: 32_940_000 });
    const cp = w.db.prepare('SELECT * FROM counterparties').get() as Record<string, string>;
    expect(page.rows[0]).toMatchObject({
      kind: 'payout', contractNumber: 'MK-2026-000101', month: '2026-03', contractDate: '2025-12-20', counterpartyName: 'ООО «Ромашка»',
      inn: cp.inn, kpp: cp.kpp, bik: cp.bik, account: cp.account, corrAccount: cp.corr_account, bankName: 'Банк', vatMode: 'VAT',
      regionCode: '16', regionName: 'Республика Татарстан', federalDistrict: 'ПФО',
      monthFee: 30_000_000, penalty: 12_000_000, payout: 18_000_000, vatRateBp: 2200, vat: 3_960_000, total: 21_960_000,
      paymentOrderNo: null, paidDate: null,
    });
    expect(page.rows[1]).toMatchObject({ contractNumber: 'MK-2026-000102', regionCode: '77', federalDistrict: 'ЦФО', payout: 9_000_000, total: 10_980_000 });
    // Filtered totals cover the filtered set, not the page.
    const filtered = await w.ok('fin', 'payments.registryLines', { registryId: built.registryId, limit: 1, filters: { federalDistrict: { type: 'text', op: 'equals', value: 'ЦФО' } } });
    expect(filtered.totals).toEqual({ count: 1, payout: 9_000_000, vat: 1_980_000, total: 10_980_000 });

    const byDistrict = await w.ok('fin', 'payments.registrySummary', { registryId: built.registryId, by: 'federal_district' });
    expect(byDistrict).toEqual([
      { key: 'ПФО', name: 'Приволжский федеральный округ', count: 1, payout: 18_000_000, vat: 3_960_000, total: 21_960_000 },
      { key: 'ЦФО', name: 'Центральный федеральный округ', count: 1, payout: 9_000_000, vat: 1_980_000, total: 10_980_000 },
    ]);
    const list = await w.ok('fin', 'payments.listRegistries', {});
    expect(list.rows).toEqual([
      expect.objectContaining({ id: built.registryId, month: '2026-03', number: 'Р-2026-03-1', status: 'draft', lineCount: 2, total: 32_940_000, approvedAt: null }),
    ]);

    // Building again rebuilds the same draft (one per month) with a new version.
    const again = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    expect(again).toMatchObject({ registryId: built.registryId, rebuilt: true, version: built.version + 1, total: 32_940_000 });
    expect(w.count('registries')).toBe(1);
  });

  it('every month of the year sums to the kopeck (the capped April is left out: nothing to pay)', async () => {
    const w = await makePaymentsWorld();
    for (const m of ['2026-01', '2026-04', '2026-05', '2026-11']) {
      const built = await w.ok('fin', 'payments.buildRegistry', { month: m });
      const s = w.cmSums(m);
      expect([built.totalPayout, built.totalVat, built.total, built.lineCount]).toEqual([s.payout, s.vat, s.total, s.count]);
    }
    // April K1 is capped at 100 %: only K2 is paid.
    const april = w.db.prepare(`SELECT contract_number FROM registry_lines l JOIN registries r ON r.id = l.registry_id WHERE r.month = '2026-04'`).pluck().all();
    expect(april).toEqual(['MK-2026-000102']);
    // Both contracts end on 2026-12-31: January 2027 has nothing to pay.
    const none = await w.call('fin', 'payments.buildRegistry', { month: '2027-01' });
    expect(none).toMatchObject({ ok: false, error: { code: 'validation', message: 'За январь 2027 нет выплат по подписанным договорам.' } });
  });

  it('role checks: who may build, read, approve, reopen', async () => {
    const w = await makePaymentsWorld();
    expect(await w.call('asst', 'payments.buildRegistry', { month: '2026-03' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('lawyer', 'payments.buildRegistry', { month: '2026-03' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('mgr', 'payments.listRegistries', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const built = await w.ok('adm', 'payments.buildRegistry', { month: '2026-03' });
    // Legal and directors read registries but money leaves the company only on a financier's approval.
    expect((await w.ok('lawyer', 'payments.getRegistry', { id: built.registryId })).number).toBe('Р-2026-03-1');
    for (const login of ['lawyer', 'dir', 'adm']) {
      expect(await w.call(login, 'payments.approveRegistry', { id: built.registryId, version: built.version })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const approved = await w.ok('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
    expect(approved).toMatchObject({ status: 'approved', approvedByName: 'Тест fin' });
    expect(await w.call('adm', 'payments.reopenRegistry', { id: built.registryId, version: approved.version })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('dir', 'payments.exportRegistry', { id: built.registryId, format: '1c' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('dir', 'payments.markPaid', { id: built.registryId, date: '2026-12-03' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const reopened = await w.ok('fin', 'payments.reopenRegistry', { id: built.registryId, version: approved.version });
    expect(reopened).toMatchObject({ status: 'draft', approvedAt: null });
  });

  it('approval is refused by failing checks, then by a stale version; of two approvals with the same version one wins', async () => {
    const w = await makePaymentsWorld();
    // A broken KPP (data damaged outside the app).
    const good = w.db.prepare('SELECT kpp FROM counterparties').pluck().get() as string;
    w.db.prepare(`UPDATE counterparties SET kpp = '12345'`).run();
    const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    const checks = await w.ok('fin', 'payments.checkRegistry', { id: built.registryId });
    const byCode = Object.fromEntries(checks.map((c: { code: string }) => [c.code, c]));
    expect(byCode.requisites).toMatchObject({ ok: false, severity: 'error', count: 2 });
    expect(byCode.requisites.lines[0]).toMatchObject({ contractNumber: 'MK-2026-000101', counterpartyName: 'ООО «Ромашка»', message: expect.stringContaining('КПП') });
    for (const code of ['bank_details', 'non_positive', 'unsigned', 'control_sum', 'stale', 'held']) expect(byCode[code]).toMatchObject({ ok: true });

    const refused = await w.call('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', details: { checks: [expect.objectContaining({ code: 'requisites' })] } } });
    expect(refused.ok || refused.error.message).toContain('Реквизиты контрагентов корректны');

    // Fixing the requisite makes the draft stale: approving what was not built from today's data is refused too.
    // Meanwhile K2's signing date goes missing.
    w.db.prepare(`UPDATE counterparties SET kpp = ?`).run(good);
    w.db.prepare(`UPDATE contracts SET signed_date = NULL WHERE number = 'MK-2026-000102'`).run();
    const stale = await w.ok('fin', 'payments.checkRegistry', { id: built.registryId });
    expect(stale.find((c: { code: string }) => c.code === 'stale')).toMatchObject({ ok: false, count: 2 });
    expect(stale.find((c: { code: string }) => c.code === 'unsigned')).toMatchObject({ ok: false, lines: [expect.objectContaining({ contractNumber: 'MK-2026-000102', message: 'Нет даты подписания договора' })] });
    w.db.prepare(`UPDATE contracts SET signed_date = '2025-12-20'`).run();
    const rebuilt = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    expect((await w.ok('fin', 'payments.checkRegistry', { id: built.registryId })).every((c: { ok: boolean }) => c.ok)).toBe(true);

    const stale2 = await w.call('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
    expect(stale2).toMatchObject({ ok: false, error: { code: 'conflict', message: `Реестр Р-2026-03-1 изменён пользователем Тест fin в 03.12.2026 10:00; обновите` } });

    const [a, b] = await Promise.all([
      w.call('fin', 'payments.approveRegistry', { id: built.registryId, version: rebuilt.version }),
      w.call('fin2', 'payments.approveRegistry', { id: built.registryId, version: rebuilt.version }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(loser).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(w.db.prepare('SELECT status FROM registries').pluck().get()).toBe('approved');
  });

  it('an approved registry is frozen; a late amnesty lands as an adjustment line in the next registry', async () => {
    const w = await makePaymentsWorld();
    const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    expect(isMonthFrozen(w.db, w.contracts.K1, '2026-03')).toBe(false);
    const approved = await w.ok('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
    expect(isMonthFrozen(w.db, w.contracts.K1, '2026-03')).toBe(true);
    expect(isMonthFrozen(w.db, w.contracts.K1, '2026-04')).toBe(false);
    const snapshot = () => ({
      header: w.db.prepare('SELECT line_count, total_payout, total_vat, total, version, status FROM registries WHERE id = ?').get(built.registryId),
      lines: w.db.prepare('SELECT * FROM registry_lines WHERE registry_id = ? ORDER BY id').all(built.registryId),
    });
    const frozen = snapshot();

    // Later changes: counterparty renamed, the fee changed (cache recomputed), an amnesty on March K1 (40 % → 30 %).
    await w.ok('asst', 'counterparties.save', { ...(await w.ok('asst', 'counterparties.get', { id: w.counterpartyId })), name: 'ООО «Лютик»' });
    const g = await w.ok('lawyer', 'amnesty.grant', grant({ signalIds: [w.sig('M-03')] }));
    expect(g.adjustments).toEqual([expect.objectContaining({ month: '2026-03', payoutDelta: 3_000_000, vatDelta: 660_000 })]);
    expect(w.month(w.contracts.K1, '2026-03')).toMatchObject({ payout: 21_000_000 });
    expect(snapshot()).toEqual(frozen);
    expect(approved.total).toBe(32_940_000);

    // The next registry (September) takes the open adjustment as a line for the month it corrects.
    const sept = await w.ok('fin', 'payments.buildRegistry', { month: '2026-09' });
    const adj = w.db.prepare(`SELECT kind, month, contract_number, counterparty_name, payout, vat, total, adjustment_id FROM registry_lines WHERE registry_id = ? AND kind = 'adjustment'`).all(sept.registryId);
    expect(adj).toEqual([{ kind: 'adjustment', month: '2026-03', contract_number: 'MK-2026-000101', counterparty_name: 'ООО «Лютик»', payout: 3_000_000, vat: 660_000, total: 3_660_000, adjustment_id: g.adjustments[0].id }]);
    const s = w.cmSums('2026-09');
    expect(sept).toMatchObject({ adjustments: 1, totalPayout: s.payout + 3_000_000, totalVat: s.vat + 660_000, total: s.total + 3_660_000 });
    expect(w.db.prepare('SELECT registry_id FROM payout_adjustments').pluck().all()).toEqual([sept.registryId]);
    // A second March registry has nothing new: the adjustment is taken by September's draft.
    expect(await w.call('fin', 'payments.buildRegistry', { month: '2026-03' })).toMatchObject({
      ok: false,
      error: { message: 'За март 2026 нет новых выплат: всё уже вошло в Р-2026-03-1.' },
    });
    expect(snapshot()).toEqual(frozen);

    // Revoking the amnesty writes the reverse adjustment; rebuilding September nets both out.
    await w.ok('lawyer', 'amnesty.revoke', { id: g.id, reason: 'Ошибочная амнистия' });
    const sept2 = await w.ok('fin', 'payments.buildRegistry', { month: '2026-09' });
    expect(sept2).toMatchObject({ adjustments: 2, totalPayout: s.payout, total: s.total });
    expect(snapshot()).toEqual(frozen);
  });

  it('a reopened registry pays the corrected amount itself and absorbs the adjustment; exported ones cannot reopen', async () => {
    const w = await makePaymentsWorld();
    const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    const approved = await w.ok('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
    const g = await w.ok('lawyer', 'amnesty.grant', grant({ signalIds: [w.sig('M-03')] }));
    const sept = await w.ok('fin', 'payments.buildRegistry', { month: '2026-09' });
    expect(sept.adjustments).toBe(1);
    const reopened = await w.ok('fin', 'payments.reopenRegistry', { id: built.registryId, version: approved.version });
    const rebuilt = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    expect(rebuilt).toMatchObject({ registryId: built.registryId, totalPayout: 27_000_000 + 3_000_000, adjustments: 0 });
    expect(w.db.prepare('SELECT registry_id FROM payout_adjustments WHERE amnesty_id = ?').pluck().get(g.id)).toBe(built.registryId);
    // September lost the adjustment line and its totals followed.
    const septNow = w.db.prepare('SELECT line_count, total, version FROM registries WHERE id = ?').get(sept.registryId) as { line_count: number; total: number; version: number };
    expect(septNow).toMatchObject({ line_count: sept.lineCount - 1, total: sept.total - 3_660_000, version: sept.version + 1 });
    expect(reopened.status).toBe('draft');

    const again = await w.ok('fin', 'payments.approveRegistry', { id: built.registryId, version: rebuilt.version });
    await w.ok('fin', 'payments.exportRegistry', { id: built.registryId, format: '1c' });
    expect(await w.call('fin', 'payments.reopenRegistry', { id: built.registryId, version: again.version + 1 })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Реестр Р-2026-03-1 нельзя вернуть в черновик: он выгружен в 1С' },
    });
  });

  it('a signals batch used by an approved registry cannot be rolled back', async () => {
    const w = await makePaymentsWorld();
    const batchId = w.db.prepare(`SELECT id FROM import_batches WHERE kind = 'signals'`).pluck().get() as number;
    const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    await w.ok('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
    const r = await w.call('asst', 'signals.rollbackBatch', { batchId });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: `Пакет №${batchId} нельзя откатить: его данные вошли в утверждённый реестр выплат` } });
    expect(w.count('signals')).toBeGreaterThan(0);
  });
});
