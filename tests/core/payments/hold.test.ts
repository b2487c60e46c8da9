// The payment hold on changed bank details: recorded on every change, held out of registries, released by a second
// person (never the one who changed them) or after the hold period; all of it in the audit log.
import { describe, expect, it } from 'vitest';
import { generateCounterpartyRequisites } from '../../../core/requisites';
import { refreshContracts } from '../../../core/penalties/recompute';
import { makePaymentsWorld, NOW, type PaymentsWorld } from './world';

async function changeAccount(w: PaymentsWorld, login: string) {
  let seed = 5;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const req = generateCounterpartyRequisites(rand, 'ЮЛ');
  const cp = await w.ok(login, 'counterparties.get', { id: w.counterpartyId });
  await w.ok(login, 'counterparties.save', { ...cp, bik: req.bik, account: req.account, corrAccount: req.corr_account, bankName: 'Новый банк' });
  return { old: cp, req };
}

describe('bank detail change hold', () => {
  it('holds the counterparty out of the registry until a second person confirms the change', async () => {
    const w = await makePaymentsWorld();
    const { old, req } = await changeAccount(w, 'legalfin');
    // A name change, a renamed bank or a corrected correspondent account alone records nothing: the money still goes
    // to the same BIK and account.
    const current = await w.ok('asst', 'counterparties.get', { id: w.counterpartyId });
    await w.ok('asst', 'counterparties.save', { ...current, name: 'ООО «Ромашка-2»' });
    await w.ok('asst', 'counterparties.save', { ...(await w.ok('asst', 'counterparties.get', { id: w.counterpartyId })), bankName: 'Новый банк (переименован)' });
    await w.ok('asst', 'counterparties.save', { ...(await w.ok('asst', 'counterparties.get', { id: w.counterpartyId })), bankName: 'Новый банк' });
    const changes = await w.ok('fin', 'payments.bankChanges', {});
    expect(changes.holdDays).toBe(30);
    expect(changes.rows).toEqual([
      expect.objectContaining({
        counterpartyId: w.counterpartyId, oldBik: old.bik, oldAccount: old.account, oldBankName: 'Банк', newBik: req.bik, newAccount: req.account,
        newBankName: 'Новый банк', changedByName: 'Тест legalfin', status: 'pending', confirmedAt: null,
      }),
    ]);

    const refused = await w.call('fin', 'payments.buildRegistry', { month: '2026-03' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        message: 'За март 2026 нет выплат по подписанным договорам. Задержаны выплаты 1 контрагентов с изменёнными реквизитами.',
        details: { held: [expect.objectContaining({ name: 'ООО «Ромашка-2»', oldAccount: old.account, newAccount: req.account, changedByName: 'Тест legalfin' })] },
      },
    });

    // The four eyes: the author cannot confirm even holding the permission; a second financier can.
    const changeId = changes.rows[0].id;
    expect(await w.call('legalfin', 'payments.confirmBankChange', { id: changeId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Подтвердить изменение реквизитов должен другой сотрудник, не тот, кто их изменил' },
    });
    expect(await w.call('asst', 'payments.confirmBankChange', { id: changeId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const confirmed = await w.ok('fin', 'payments.confirmBankChange', { id: changeId });
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedByName: 'Тест fin' });
    expect(await w.call('fin2', 'payments.confirmBankChange', { id: changeId })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const ok = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    expect(ok).toMatchObject({ lineCount: 2, held: [] });
    expect(w.db.prepare('SELECT DISTINCT account FROM registry_lines').pluck().all()).toEqual([req.account]);

    // Audit: the change (old/new in before/after) and the confirmation with both sets of details.
    const audit = w.db.prepare(`SELECT command, entity, before_json, after_json FROM audit_log WHERE command IN ('counterparties.save', 'payments.confirmBankChange') ORDER BY id`).all() as {
      command: string;
      before_json: string;
      after_json: string;
    }[];
    expect(JSON.parse(audit[0].before_json)).toMatchObject({ account: old.account, bik: old.bik });
    expect(JSON.parse(audit[0].after_json)).toMatchObject({ account: req.account, bik: req.bik, bankChangeId: changeId });
    const conf = audit.find((a) => a.command === 'payments.confirmBankChange')!;
    expect(JSON.parse(conf.after_json)).toMatchObject({ oldAccount: old.account, newAccount: req.account, confirmedByName: 'Тест fin' });
  });

  it('holds only lines of the changed counterparty, lists it on the draft, and releases it after the hold period', async () => {
    const w = await makePaymentsWorld();
    // A second counterparty takes K2, so one is held and the other paid.
    const other = w.db.prepare('SELECT * FROM counterparties').get() as Record<string, unknown>;
    let seed = 9;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const req = generateCounterpartyRequisites(rand, 'ИП');
    const cp2 = Number(
      w.db
        .prepare(`INSERT INTO counterparties (type, name, inn, ogrn, vat_mode, bik, account, corr_account, bank_name, created_at, updated_at) VALUES ('ИП', 'ИП Петров', ?, ?, 'NO_VAT', ?, ?, ?, 'Банк', ?, ?)`)
        .run(req.inn, req.ogrn, req.bik, req.account, req.corr_account, other.created_at, other.created_at).lastInsertRowid,
    );
    w.db.prepare('UPDATE contracts SET counterparty_id = ? WHERE id = ?').run(cp2, w.contracts.K2);
    w.db.transaction(() => refreshContracts(w.db as never, [w.contracts.K2], NOW))();
    await w.ok('adm', 'settings.set', { key: 'payments.bank_change_hold_days', value: '10' });
    await changeAccount(w, 'asst');

    const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    expect(built).toMatchObject({ lineCount: 1, held: [expect.objectContaining({ name: 'ООО «Ромашка»' })] });
    expect(w.db.prepare('SELECT counterparty_name, vat, total FROM registry_lines').all()).toEqual([{ counterparty_name: 'ИП Петров', vat: 0, total: 9_000_000 }]);
    const audit = w.db.prepare(`SELECT after_json FROM audit_log WHERE command = 'payments.buildRegistry'`).pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ number: 'Р-2026-03-1', held: [expect.objectContaining({ name: 'ООО «Ромашка»', oldAccount: expect.any(String), newAccount: expect.any(String) })] });
    const checks = await w.ok('fin', 'payments.checkRegistry', { id: built.registryId });
    expect(checks.find((c: { code: string }) => c.code === 'held')).toMatchObject({ ok: false, severity: 'warning', count: 1 });
    // Held is a warning: the rest can be approved and paid. After the period the hold lapses and the draft goes stale.
    w.db.prepare(`UPDATE bank_detail_changes SET changed_at = '2026-11-22T10:00:00.000Z'`).run();
    expect((await w.ok('fin', 'payments.bankChanges', {})).rows[0].status).toBe('expired');
    const stale = await w.call('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
    expect(stale).toMatchObject({ ok: false, error: { code: 'validation', details: { checks: [expect.objectContaining({ code: 'stale' })] } } });
  });
});
