import { describe, expect, it } from 'vitest';
import { dumpTable } from '../../helpers/core';
import { insertContract, makeWorld, NOW, type World } from './fixtures';

function draftInput(w: World, over: Record<string, unknown> = {}) {
  return {
    counterpartyId: w.cp.good,
    outletIds: [w.outlets['TT-001'], w.outlets['TT-002']],
    category: 'BEVERAGES',
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    monthlyFee: 3_000_000,
    skuCodes: ['SKU-2', 'sku-1'],
    equipmentCodes: ['EQ-1'],
    schedule: 'Пн-Пт 08:00-22:00; Сб-Вс 10:00-20:00',
    ...over,
  };
}

describe('contracts.create', () => {
  it('creates a numbered draft with its initial terms and an audit record', async () => {
    const w = makeWorld();
    const res = await w.ok('mgr', 'contracts.create', draftInput(w, { outletFees: [{ outletId: w.outlets['TT-001'], monthlyFee: 1_000_000 }, { outletId: w.outlets['TT-002'], monthlyFee: 2_000_000 }] }));
    expect(res).toEqual({ id: 1, number: 'MK-2027-000001' });
    const card = await w.ok('mgr', 'contracts.get', { id: res.id });
    expect(card).toMatchObject({
      number: 'MK-2027-000001',
      status: 'draft',
      statusName: 'Черновик',
      category: 'BEVERAGES',
      categoryName: 'Напитки',
      managerUserId: w.users.mgr, // a manager creating a contract is its responsible manager by default
      createdBy: w.users.mgr,
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      annualValue: 36_000_000,
      counterparty: { name: 'ООО «Ромашка»', requisiteIssues: [] },
      submissionIssues: [],
    });
    expect(card.outlets.map((o: { code: string }) => o.code)).toEqual(['TT-001', 'TT-002']);
    expect(card.terms).toEqual([
      expect.objectContaining({
        effectiveFrom: '2027-01-01',
        effectiveTo: '2027-12-31',
        monthlyFee: 3_000_000,
        reason: 'initial',
        isCurrent: true,
        skus: [expect.objectContaining({ code: 'SKU-1' }), expect.objectContaining({ code: 'SKU-2' })],
        equipment: [{ code: 'EQ-1', name: 'Оборудование EQ-1' }],
        outletFees: [
          { outletId: w.outlets['TT-001'], outletCode: 'TT-001', monthlyFee: 1_000_000 },
          { outletId: w.outlets['TT-002'], outletCode: 'TT-002', monthlyFee: 2_000_000 },
        ],
      }),
    ]);
    expect(card.audit).toEqual([expect.objectContaining({ command: 'contracts.create', userLogin: 'mgr' })]);
    expect(card.audit[0].after).toMatchObject({ number: 'MK-2027-000001', terms: { skuCodes: ['SKU-1', 'SKU-2'] } });
  });

  it('numbers per start year after the highest number, and keeps a given number', async () => {
    const w = makeWorld();
    insertContract(w, { number: 'MK-2027-000041', outlets: ['TT-004'] });
    insertContract(w, { number: 'MK-2028-000900', outlets: ['TT-004'], startDate: '2028-01-01', endDate: '2028-12-31' });
    expect((await w.ok('mgr', 'contracts.create', draftInput(w))).number).toBe('MK-2027-000042');
    expect((await w.ok('mgr', 'contracts.create', draftInput(w, { number: ' Д-17/2027 ' }))).number).toBe('Д-17/2027');
    expect(await w.call('mgr', 'contracts.create', draftInput(w, { number: 'Д-17/2027' }))).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Договор с номером Д-17/2027 уже есть', details: { field: 'number' } },
    });
  });

  it.each([
    [{ startDate: '2027-02-30' }, 'startDate: Дата должна быть в формате ГГГГ-ММ-ДД и существовать в календаре'],
    [{ endDate: '2026-12-31' }, 'endDate: Дата окончания не может быть раньше даты начала'],
    [{ monthlyFee: 0 }, 'monthlyFee: Ежемесячный платёж должен быть больше нуля'],
    [{ monthlyFee: 1500.5 }, 'monthlyFee: Сумма указывается в целых копейках'],
    [{ outletIds: [] }, 'outletIds: Выберите хотя бы одну торговую точку'],
  ])('refuses bad input %j', async (over, message) => {
    const w = makeWorld();
    expect(await w.call('mgr', 'contracts.create', draftInput(w, over))).toMatchObject({ ok: false, error: { code: 'validation', message } });
    expect(dumpTable(w.t.dbPath, 'contracts')).toEqual([]);
  });

  it('refuses bad references with every issue listed', async () => {
    const w = makeWorld();
    const env = await w.call(
      'adm',
      'contracts.create',
      draftInput(w, {
        outletIds: [w.outlets['TT-001'], w.outlets['TT-101'], 9999],
        category: 'TOBACCO',
        managerUserId: w.users.lawyer,
        skuCodes: ['SKU-1', 'NOPE'],
        equipmentCodes: ['EQ-9'],
        outletFees: [{ outletId: w.outlets['TT-003'], monthlyFee: 1 }],
      }),
    );
    expect(env).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'outletIds' } } });
    expect(!env.ok && env.error.details?.issues).toEqual([
      { path: 'outletIds', message: 'Точка TT-101 принадлежит другому контрагенту, не «ООО «Ромашка»»' },
      { path: 'outletIds', message: 'Торговая точка не найдена или недоступна (id 9999)' },
      { path: 'category', message: 'Неизвестная категория договора: TOBACCO' },
      { path: 'managerUserId', message: 'Ответственным может быть только пользователь с ролью «Менеджер»' },
      { path: 'skuCodes', message: 'Неизвестные SKU: NOPE' },
      { path: 'equipmentCodes', message: 'Неизвестное оборудование: EQ-9' },
      { path: 'outletFees', message: 'Платёж по точке указан для точки, которой нет в договоре' },
    ]);
  });

  it('refuses outlets outside the user scope as if they did not exist', async () => {
    const w = makeWorld();
    const env = await w.call('mgr77', 'contracts.create', draftInput(w, { outletIds: [w.outlets['TT-001']] }));
    expect(env).toMatchObject({ ok: false, error: { message: `Торговая точка не найдена или недоступна (id ${w.outlets['TT-001']})` } });
    expect((await w.call('mgr77', 'contracts.create', draftInput(w, { counterpartyId: w.cp.ip, outletIds: [w.outlets['TT-101']] }))).ok).toBe(true);
  });

  it('is refused to roles without contracts.write', async () => {
    const w = makeWorld();
    expect(await w.call('fin', 'contracts.create', draftInput(w))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('shows open submission issues on a draft card', async () => {
    const w = makeWorld();
    const { id } = await w.ok('adm', 'contracts.create', draftInput(w, { monthlyFee: 50 }));
    const card = await w.ok('adm', 'contracts.get', { id });
    expect(card.managerUserId).toBeNull(); // an admin is no manager: the field stays open
    expect(card.submissionIssues.map((i: { code: string; field: string }) => `${i.code}:${i.field}`)).toEqual(['required:managerUserId', 'fee_limits:monthlyFee']);
    expect(await w.ok('adm', 'contracts.check', { id })).toEqual({ issues: card.submissionIssues });
  });
});

describe('contracts.updateDraft', () => {
  it('merges the given fields and rewrites the single terms version in place', async () => {
    const w = makeWorld();
    const { id } = await w.ok('mgr', 'contracts.create', draftInput(w));
    const termsBefore = dumpTable(w.t.dbPath, 'terms_versions');
    await w.ok('mgr', 'contracts.updateDraft', { id, startDate: '2027-02-01', monthlyFee: 2_500_000, skuCodes: ['SKU-3'], outletIds: [w.outlets['TT-002']] });
    const card = await w.ok('mgr', 'contracts.get', { id });
    expect(card).toMatchObject({ startDate: '2027-02-01', endDate: '2027-12-31', category: 'BEVERAGES' });
    expect(card.outlets.map((o: { code: string }) => o.code)).toEqual(['TT-002']);
    expect(card.terms).toHaveLength(1);
    expect(card.terms[0]).toMatchObject({ id: termsBefore[0]!.id, effectiveFrom: '2027-02-01', monthlyFee: 2_500_000, skus: [expect.objectContaining({ code: 'SKU-3' })], equipment: [expect.objectContaining({ code: 'EQ-1' })] });
    const audit = card.audit.at(-1);
    expect(audit).toMatchObject({ command: 'contracts.updateDraft', before: { startDate: '2027-01-01' }, after: { startDate: '2027-02-01' } });
  });

  it('drops per-outlet fees of removed outlets', async () => {
    const w = makeWorld();
    const fees = [{ outletId: w.outlets['TT-001'], monthlyFee: 1_000_000 }, { outletId: w.outlets['TT-002'], monthlyFee: 2_000_000 }];
    const { id } = await w.ok('mgr', 'contracts.create', draftInput(w, { outletFees: fees }));
    await w.ok('mgr', 'contracts.updateDraft', { id, outletIds: [w.outlets['TT-002']] });
    expect(w.db.prepare('SELECT * FROM terms_outlet_fees').all()).toEqual([{ terms_id: 1, outlet_id: w.outlets['TT-002'], monthly_fee: 2_000_000 }]);
  });

  it('checks the merged period and refuses non-drafts', async () => {
    const w = makeWorld();
    const { id } = await w.ok('mgr', 'contracts.create', draftInput(w));
    expect(await w.call('mgr', 'contracts.updateDraft', { id, endDate: '2026-12-31' })).toMatchObject({
      ok: false,
      error: { message: 'Дата окончания не может быть раньше даты начала' },
    });
    const active = insertContract(w, { number: 'MK-A', status: 'active', outlets: ['TT-003'] });
    expect(await w.call('mgr', 'contracts.updateDraft', { id: active, monthlyFee: 1_000_000 })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Изменять можно только черновик, а договор MK-A в статусе «Действует»: условия подписанного договора меняются допсоглашением' },
    });
  });

  it('hides contracts outside the scope', async () => {
    const w = makeWorld();
    const { id } = await w.ok('mgr', 'contracts.create', draftInput(w));
    expect(await w.call('mgr77', 'contracts.updateDraft', { id, monthlyFee: 1_000_000 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.call('mgr77', 'contracts.get', { id })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Договор не найден' } });
  });

  it('keeps the created row untouched when refused', async () => {
    const w = makeWorld();
    const { id } = await w.ok('mgr', 'contracts.create', draftInput(w));
    const before = dumpTable(w.t.dbPath, 'contracts');
    await w.call('mgr', 'contracts.updateDraft', { id, monthlyFee: 2_000_000, skuCodes: ['NOPE'] });
    expect(dumpTable(w.t.dbPath, 'contracts')).toEqual(before);
    expect(before[0]).toMatchObject({ updated_at: NOW });
  });
});
