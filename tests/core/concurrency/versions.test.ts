import { describe, expect, it } from 'vitest';
import { insertContract, makeWorld, type World } from '../contracts/fixtures';
import { dumpTable } from '../../helpers/core';

const CP = {
  type: 'ЮЛ',
  name: 'ПАО Сбербанк',
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  vatMode: 'VAT',
  bik: '044525225',
  account: '40702810938000000001',
  corrAccount: '30101810400000000225',
  bankName: 'ПАО Сбербанк',
};

/** Every table an edit could touch, to prove a refused save wrote nothing (not even an audit row). */
const snapshot = (w: World) =>
  Object.fromEntries(
    ['contracts', 'terms_versions', 'counterparties', 'outlets', 'audit_log'].map((t) => [t, dumpTable(w.t.dbPath, t)]),
  );

describe('optimistic concurrency on contracts', () => {
  it('refuses a draft saved from a stale card, names who changed it and when, and writes nothing', async () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-2027-000001' });
    const card = await w.ok('mgr', 'contracts.get', { id });
    expect(card.version).toBe(1);

    // Two people open the same card; the legal user's colleague (adm) saves first.
    w.t.clock.advance(5 * 60_000);
    const first = await w.ok('adm', 'contracts.updateDraft', { id, version: card.version, monthlyFee: 2_000_000 });
    expect(first).toMatchObject({ id, version: 2 });

    const before = snapshot(w);
    const stale = await w.call('mgr', 'contracts.updateDraft', { id, version: card.version, monthlyFee: 3_000_000 });
    expect(stale).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: 'Договор изменён пользователем Тест adm в 03.12.2026 13:05; обновите',
        details: expect.objectContaining({ entity: 'contract', id, expectedVersion: 1, version: 2, changedBy: 'Тест adm' }),
      },
    });
    expect(snapshot(w)).toEqual(before);

    // «Обновить»: the fresh card carries the new version, and saving from it succeeds.
    const fresh = await w.ok('mgr', 'contracts.get', { id });
    expect(fresh).toMatchObject({ version: 2, terms: [expect.objectContaining({ monthlyFee: 2_000_000 })] });
    expect(await w.ok('mgr', 'contracts.updateDraft', { id, version: fresh.version, monthlyFee: 3_000_000 })).toMatchObject({ version: 3 });
  });

  it('counts every change of the row, whichever command made it, and still accepts callers without a version', async () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-2027-000002' });
    // The CLI and imports edit without a version: accepted, and the version still moves on.
    await w.ok('mgr', 'contracts.updateDraft', { id, monthlyFee: 1_600_000 });
    // A status change by another module (plain SQL here) is a change too.
    w.db.prepare("UPDATE contracts SET status = 'on_approval' WHERE id = ?").run(id);
    expect(w.db.prepare('SELECT version FROM contracts WHERE id = ?').pluck().get(id)).toBe(3);
    const stale = await w.call('mgr', 'contracts.updateDraft', { id, version: 2, monthlyFee: 1_700_000 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('keeps a contract outside the user\'s scope not_found, whatever version is sent', async () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-2027-000003', outlets: ['TT-101'], counterpartyId: w.cp.ip });
    expect(await w.call('mgr', 'contracts.updateDraft', { id, version: 99, monthlyFee: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('optimistic concurrency on master data', () => {
  it('refuses a stale counterparty save and writes nothing', async () => {
    const w = makeWorld();
    const created = await w.ok('adm', 'counterparties.save', { ...CP, inn: '7736050003', kpp: '773601001', ogrn: '1027700070518', name: 'ПАО «Газпром»' });
    expect(created.version).toBe(1);
    const opened = await w.ok('adm', 'counterparties.get', { id: created.id });
    expect(opened.version).toBe(1);
    const saved = await w.ok('adm', 'counterparties.save', { ...opened, outlets: undefined, name: 'ПАО «Газпром» (новое)', version: 1 });
    expect(saved.version).toBe(2);
    // Saving unchanged fields changes nothing, so the version stays.
    expect((await w.ok('adm', 'counterparties.save', { ...saved, version: 2 })).version).toBe(2);

    const before = snapshot(w);
    const stale = await w.call('adm', 'counterparties.save', { ...opened, outlets: undefined, name: 'Другое имя', version: 1 });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Контрагент изменён пользователем Тест adm в 03.12.2026 13:00; обновите' },
    });
    expect(snapshot(w)).toEqual(before);
  });

  it('refuses a stale outlet save and writes nothing', async () => {
    const w = makeWorld();
    const id = w.outlets['TT-001']!;
    const opened = await w.ok('adm', 'outlets.get', { id });
    expect(opened.version).toBe(1);
    const input = { id, code: opened.code, name: opened.name, address: opened.address, region: opened.regionCode, counterpartyId: opened.counterpartyId };
    expect(await w.ok('adm', 'outlets.save', { ...input, name: 'Магазин у дома', version: 1 })).toMatchObject({ version: 2 });
    const before = snapshot(w);
    expect(await w.call('adm', 'outlets.save', { ...input, name: 'Магазин за углом', version: 1 })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Торговая точка изменена пользователем Тест adm в 03.12.2026 13:00; обновите' },
    });
    expect(snapshot(w)).toEqual(before);
  });

  it('bumps the version of a penalty rule set on every change', () => {
    const w = makeWorld();
    const set = w.db.prepare('SELECT code, effective_from, version FROM penalty_rule_sets LIMIT 1').get() as
      | { code: string; effective_from: string; version: number }
      | undefined;
    expect(set).toBeDefined();
    w.db.prepare("UPDATE penalty_rule_sets SET name = name || ' (изм.)' WHERE code = ? AND effective_from = ?").run(set!.code, set!.effective_from);
    expect(w.db.prepare('SELECT version FROM penalty_rule_sets WHERE code = ? AND effective_from = ?').pluck().get(set!.code, set!.effective_from)).toBe(
      set!.version + 1,
    );
  });
});
