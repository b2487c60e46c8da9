import { describe, expect, it } from 'vitest';
import { dumpTable } from '../../helpers/core';
import { insertContract, makeWorld, type World } from './fixtures';

function seed(w: World) {
  const base = { status: 'active', startDate: '2026-01-01', endDate: '2027-12-31', skus: ['SKU-1'], signedDate: '2025-12-01' };
  return {
    a: insertContract(w, { ...base, number: 'MK-A', outlets: ['TT-001'] }),
    b: insertContract(w, { ...base, number: 'MK-B', outlets: ['TT-002'], status: 'signed', startDate: '2026-12-15' }),
    c: insertContract(w, { ...base, number: 'MK-C', outlets: ['TT-003'] }),
    moscow: insertContract(w, { ...base, number: 'MK-MSK', outlets: ['TT-101'], counterpartyId: w.cp.ip }),
    snacks: insertContract(w, { ...base, number: 'MK-SN', outlets: ['TT-004'], category: 'SNACKS' }),
    draft: insertContract(w, { ...base, number: 'MK-DR', outlets: ['TT-004'], status: 'draft' }),
    ended: insertContract(w, { ...base, number: 'MK-OLD', outlets: ['TT-004'], endDate: '2026-11-30', status: 'expired' }),
  };
}

const input = (over: Record<string, unknown> = {}) => ({
  criteria: { category: 'BEVERAGES', federalDistrict: 'ПФО' },
  change: { skuCodes: ['SKU-1', 'SKU-3'] },
  effectiveFrom: '2027-01-01',
  description: 'Новинка SKU-3 в ассортимент ПФО',
  ...over,
});

describe('bulk changes', () => {
  it('previews the matching contracts and what changes, writing nothing', async () => {
    const w = makeWorld();
    seed(w);
    const p = await w.ok('lawyer', 'contracts.bulkPreview', input());
    expect(p).toMatchObject({ kind: 'sku_change', matched: 3, toChange: 3, unchanged: 0, errors: 0 });
    expect(p.rows.map((r: { number: string }) => r.number)).toEqual(['MK-A', 'MK-B', 'MK-C']);
    expect(p.rows[0]).toMatchObject({ counterpartyName: 'ООО «Ромашка»', result: 'change', changes: [{ field: 'skuCodes', before: ['SKU-1'], after: ['SKU-1', 'SKU-3'] }], problems: [] });
    expect(dumpTable(w.t.dbPath, 'bulk_changes')).toEqual([]);
    const byRegion = await w.ok('lawyer', 'contracts.bulkPreview', input({ criteria: { regionCode: '63' } }));
    expect(byRegion.rows.map((r: { number: string }) => r.number)).toEqual(['MK-C']);
    const signedOnly = await w.ok('lawyer', 'contracts.bulkPreview', input({ criteria: { status: 'signed' } }));
    expect(signedOnly.rows.map((r: { number: string }) => r.number)).toEqual(['MK-B']);
  });

  it('applies: one bulk row, per contract its own terms version and agreement, in one go', async () => {
    const w = makeWorld();
    const ids = seed(w);
    const res = await w.ok('lawyer', 'contracts.bulkApply', input());
    expect(res).toEqual({ bulkChangeId: 1, kind: 'sku_change', matched: 3, changed: 3, unchanged: 0, termsVersions: 3, agreements: 3 });
    expect(dumpTable(w.t.dbPath, 'bulk_changes')).toEqual([
      expect.objectContaining({ id: 1, status: 'applied', contracts_count: 3, applied_by: w.users.lawyer, effective_from: '2027-01-01', description: 'Новинка SKU-3 в ассортимент ПФО' }),
    ]);
    const agreements = dumpTable(w.t.dbPath, 'supplementary_agreements');
    expect(agreements.map((a) => [a.contract_id, a.number, a.kind, a.bulk_change_id, a.effective_from])).toEqual([
      [ids.a, 'ДС-1', 'sku_change', 1, '2027-01-01'],
      [ids.b, 'ДС-1', 'sku_change', 1, '2027-01-01'],
      [ids.c, 'ДС-1', 'sku_change', 1, '2027-01-01'],
    ]);
    const card = await w.ok('lawyer', 'contracts.get', { id: ids.a });
    expect(card.terms.map((t: { skus: { code: string }[] }) => t.skus.map((s) => s.code))).toEqual([['SKU-1'], ['SKU-1', 'SKU-3']]);
    // A second run finds nothing left to change.
    expect(await w.call('lawyer', 'contracts.bulkApply', input())).toMatchObject({
      ok: false,
      error: { message: 'Изменение ничего не меняет: у всех подходящих договоров уже такие условия' },
    });
  });

  it('skips contracts that already have the change', async () => {
    const w = makeWorld();
    seed(w);
    w.db.prepare("INSERT INTO terms_skus (terms_id, sku_id) SELECT tv.id, ? FROM terms_versions tv JOIN contracts c ON c.id = tv.contract_id WHERE c.number = 'MK-C'").run(w.skus['SKU-3']);
    const res = await w.ok('adm', 'contracts.bulkApply', input());
    expect(res).toMatchObject({ matched: 3, changed: 2, unchanged: 1 });
  });

  it('refuses the whole batch when one contract cannot take the change', async () => {
    const w = makeWorld();
    const ids = seed(w);
    w.db.prepare("INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, created_at) VALUES (?, '2027-02-01', 1500000, 'x')").run(ids.c);
    const before = { tv: dumpTable(w.t.dbPath, 'terms_versions'), sa: dumpTable(w.t.dbPath, 'supplementary_agreements') };
    const preview = await w.ok('lawyer', 'contracts.bulkPreview', input());
    expect(preview).toMatchObject({ toChange: 2, errors: 1 });
    expect(preview.rows[2].problems).toEqual(['Новые условия должны вступать в силу позже последней версии условий (с 01.02.2027), а не 01.01.2027']);
    const env = await w.call('lawyer', 'contracts.bulkApply', input());
    expect(env).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        message: 'Массовое изменение не применено: 1 из 3 договоров не могут его принять. MK-C: Новые условия должны вступать в силу позже последней версии условий (с 01.02.2027), а не 01.01.2027',
      },
    });
    expect(dumpTable(w.t.dbPath, 'terms_versions')).toEqual(before.tv);
    expect(dumpTable(w.t.dbPath, 'supplementary_agreements')).toEqual(before.sa);
    expect(dumpTable(w.t.dbPath, 'bulk_changes')).toEqual([]);
  });

  it('rolls back everything when a write fails half-way', async () => {
    const w = makeWorld();
    const ids = seed(w);
    // The third contract's agreement insert fails after two contracts were already written in the transaction.
    w.db.exec(`CREATE TRIGGER fail_c BEFORE INSERT ON supplementary_agreements WHEN NEW.contract_id = ${ids.c} BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    const env = await w.call('lawyer', 'contracts.bulkApply', input());
    expect(env).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(dumpTable(w.t.dbPath, 'terms_versions')).toHaveLength(7);
    expect(dumpTable(w.t.dbPath, 'supplementary_agreements')).toEqual([]);
    expect(dumpTable(w.t.dbPath, 'bulk_changes')).toEqual([]);
  });

  it('saves a draft and applies it later by id', async () => {
    const w = makeWorld();
    seed(w);
    const { bulkChangeId } = await w.ok('lawyer', 'contracts.bulkSave', input({ change: { monthlyFee: 2_200_000 } }));
    expect((await w.ok('lawyer', 'contracts.bulkPreview', { bulkChangeId })).kind).toBe('fee_change');
    const res = await w.ok('lawyer', 'contracts.bulkApply', { bulkChangeId });
    expect(res).toMatchObject({ bulkChangeId, kind: 'fee_change', changed: 3 });
    expect(dumpTable(w.t.dbPath, 'bulk_changes')).toEqual([expect.objectContaining({ id: bulkChangeId, status: 'applied', contracts_count: 3 })]);
    expect(await w.call('lawyer', 'contracts.bulkApply', { bulkChangeId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('mixes several changes into one agreement per contract', async () => {
    const w = makeWorld();
    seed(w);
    const res = await w.ok('lawyer', 'contracts.bulkApply', input({ change: { schedule: 'Пн-Вс 08:00-23:00', equipmentCodes: ['EQ-2'] } }));
    expect(res.kind).toBe('mixed');
    expect(dumpTable(w.t.dbPath, 'supplementary_agreements').map((a) => a.kind)).toEqual(['mixed', 'mixed', 'mixed']);
  });

  it('respects scope and permission', async () => {
    const w = makeWorld();
    seed(w);
    expect(await w.call('mgr', 'contracts.bulkPreview', input())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    w.db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'region', '77')").run(w.users.lawyer);
    expect((await w.ok('lawyer', 'contracts.bulkPreview', input({ criteria: {} }))).rows.map((r: { number: string }) => r.number)).toEqual(['MK-MSK']);
    expect(await w.call('lawyer', 'contracts.bulkApply', input())).toMatchObject({ ok: false, error: { message: 'Ни один договор не подходит под условия отбора' } });
  });

  it('refuses an empty change', async () => {
    const w = makeWorld();
    expect(await w.call('lawyer', 'contracts.bulkPreview', input({ change: {} }))).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
