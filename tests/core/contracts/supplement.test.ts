import { describe, expect, it } from 'vitest';
import { dumpTable } from '../../helpers/core';
import { insertContract, makeWorld, type World } from './fixtures';

/** An active contract 2026-01-01..2027-12-31 on TT-001 with SKU-1, SKU-2, EQ-1, fee 20 000 ₽. */
function activeContract(w: World, over: Parameters<typeof insertContract>[1] | object = {}) {
  return insertContract(w, {
    number: 'MK-2026-000001',
    status: 'active',
    signedDate: '2025-12-20',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    monthlyFee: 2_000_000,
    skus: ['SKU-1', 'SKU-2'],
    equipment: ['EQ-1'],
    ...over,
  });
}

describe('contracts.sign', () => {
  it('signs an approved contract and makes it active when its period covers today', async () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', status: 'approved', startDate: '2026-12-01', endDate: '2027-11-30' });
    expect(await w.ok('lawyer', 'contracts.sign', { id, signedDate: '2026-12-02' })).toEqual({ id, status: 'active' });
    expect(w.db.prepare('SELECT status, signed_date FROM contracts WHERE id = ?').get(id)).toEqual({ status: 'active', signed_date: '2026-12-02' });
    const card = await w.ok('lawyer', 'contracts.get', { id });
    expect(card.audit.at(-1)).toMatchObject({ command: 'contracts.sign', before: { status: 'approved' }, after: { status: 'active', signedDate: '2026-12-02' } });
    expect(card.submissionIssues).toBeNull();
  });

  it('leaves a contract that starts later as signed', async () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', status: 'approved' });
    expect(await w.ok('adm', 'contracts.sign', { id, signedDate: '2026-12-03' })).toEqual({ id, status: 'signed' });
  });

  it('refuses other statuses, future dates and roles without the right', async () => {
    const w = makeWorld();
    const draft = insertContract(w, { number: 'MK-1' });
    expect(await w.call('lawyer', 'contracts.sign', { id: draft, signedDate: '2026-12-01' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Нельзя отметить подписанным договор в статусе «Черновик»' },
    });
    const approved = insertContract(w, { number: 'MK-2', status: 'approved', outlets: ['TT-002'] });
    expect(await w.call('lawyer', 'contracts.sign', { id: approved, signedDate: '2026-12-04' })).toMatchObject({
      ok: false,
      error: { message: 'Дата подписания 04.12.2026 ещё не наступила' },
    });
    expect(await w.call('mgr', 'contracts.sign', { id: approved, signedDate: '2026-12-01' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(w.db.prepare('SELECT status FROM contracts WHERE id = ?').pluck().get(approved)).toBe('approved');
  });
});

describe('contracts.refreshStatuses', () => {
  it('moves signed/active contracts by their dates and is idempotent', async () => {
    const w = makeWorld();
    const started = insertContract(w, { number: 'A', status: 'signed', startDate: '2026-12-01', endDate: '2027-06-30', outlets: ['TT-001'] });
    const future = insertContract(w, { number: 'B', status: 'signed', startDate: '2027-01-01', outlets: ['TT-002'] });
    const ended = insertContract(w, { number: 'C', status: 'active', startDate: '2026-01-01', endDate: '2026-12-02', outlets: ['TT-003'] });
    const skipped = insertContract(w, { number: 'D', status: 'signed', startDate: '2026-01-01', endDate: '2026-11-30', outlets: ['TT-004'] });
    const draft = insertContract(w, { number: 'E', status: 'draft', startDate: '2026-01-01', endDate: '2026-11-30', outlets: ['TT-101'], counterpartyId: w.cp.ip });
    expect(await w.ok('fin', 'contracts.refreshStatuses')).toEqual({ checked: 3, activated: 1, expired: 2 });
    const status = (id: number) => w.db.prepare('SELECT status FROM contracts WHERE id = ?').pluck().get(id);
    expect([started, future, ended, skipped, draft].map(status)).toEqual(['active', 'signed', 'expired', 'expired', 'draft']);
    expect(await w.ok('fin', 'contracts.refreshStatuses')).toEqual({ checked: 0, activated: 0, expired: 0 });
  });
});

describe('contracts.supplement', () => {
  it('adds a new terms version from the effective day, copying what it does not change, and keeps history', async () => {
    const w = makeWorld();
    const id = activeContract(w);
    const before = dumpTable(w.t.dbPath, 'terms_versions');
    const res = await w.ok('lawyer', 'contracts.supplement', { id, kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 2_500_000, comment: 'Индексация' });
    expect(res).toEqual({ contractId: id, agreementId: 1, number: 'ДС-1', termsId: 2, status: 'active', endDate: '2027-12-31' });
    const after = dumpTable(w.t.dbPath, 'terms_versions');
    expect(after[0]).toEqual(before[0]); // the old version is untouched
    const card = await w.ok('lawyer', 'contracts.get', { id });
    expect(card.terms.map((t: Record<string, unknown>) => [t.effectiveFrom, t.effectiveTo, t.monthlyFee, t.reason, t.isCurrent])).toEqual([
      ['2026-01-01', '2026-12-31', 2_000_000, 'initial', true],
      ['2027-01-01', '2027-12-31', 2_500_000, 'supplement', false],
    ]);
    expect(card.terms[1].skus.map((s: { code: string }) => s.code)).toEqual(['SKU-1', 'SKU-2']);
    expect(card.terms[1].equipment.map((s: { code: string }) => s.code)).toEqual(['EQ-1']);
    expect(card.terms[1].schedule).toBe('Пн-Вс 09:00-21:00');
    expect(card.agreements).toEqual([
      expect.objectContaining({
        number: 'ДС-1',
        kind: 'fee_change',
        effectiveFrom: '2027-01-01',
        termsId: 2,
        createdByName: 'Тест lawyer',
        details: { comment: 'Индексация', changes: [{ field: 'monthlyFee', before: 2_000_000, after: 2_500_000 }] },
      }),
    ]);
    expect(card.audit.at(-1)).toMatchObject({ command: 'contracts.supplement', before: { terms: { monthlyFee: 2_000_000 } }, after: { agreement: 'ДС-1', terms: { monthlyFee: 2_500_000 } } });
    // The list shows the fee in force today, still the old one.
    const list = await w.ok('lawyer', 'contracts.list', {});
    expect(list.rows[0].monthlyFee).toBe(2_000_000);
  });

  it('changes SKUs, then schedule, numbering agreements per contract', async () => {
    const w = makeWorld();
    const id = activeContract(w);
    await w.ok('lawyer', 'contracts.supplement', { id, kind: 'sku_change', effectiveFrom: '2026-12-10', skuCodes: ['SKU-3', 'SKU-1'] });
    const r2 = await w.ok('lawyer', 'contracts.supplement', { id, kind: 'schedule_change', effectiveFrom: '2027-03-01', schedule: 'Пн-Вс 00:00-24:00' });
    expect(r2.number).toBe('ДС-2');
    const card = await w.ok('lawyer', 'contracts.get', { id });
    expect(card.terms.map((t: { skus: { code: string }[]; schedule: string }) => [t.skus.map((s) => s.code).join(), t.schedule])).toEqual([
      ['SKU-1,SKU-2', 'Пн-Вс 09:00-21:00'],
      ['SKU-1,SKU-3', 'Пн-Вс 09:00-21:00'],
      ['SKU-1,SKU-3', 'Пн-Вс 00:00-24:00'],
    ]);
  });

  it('extends the period without a new terms version, refusing an overlap with another contract', async () => {
    const w = makeWorld();
    const id = activeContract(w);
    insertContract(w, { number: 'MK-NEXT', status: 'signed', startDate: '2028-03-01', endDate: '2028-12-31', outlets: ['TT-001'] });
    expect(await w.call('lawyer', 'contracts.supplement', { id, kind: 'extension', effectiveFrom: '2027-06-01', newEndDate: '2028-06-30' })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Продление пересекается с договором MK-NEXT по точке TT-001 (01.03.2028–31.12.2028)' },
    });
    const res = await w.ok('lawyer', 'contracts.supplement', { id, kind: 'extension', effectiveFrom: '2027-06-01', newEndDate: '2028-02-29' });
    expect(res).toMatchObject({ termsId: null, endDate: '2028-02-29', status: 'active' });
    expect(dumpTable(w.t.dbPath, 'terms_versions')).toHaveLength(2);
  });

  it('terminates through the lifecycle, keeping terms', async () => {
    const w = makeWorld();
    const id = activeContract(w);
    const res = await w.ok('lawyer', 'contracts.supplement', { id, kind: 'termination', effectiveFrom: '2026-12-03', terminationDate: '2026-12-31', comment: 'По соглашению сторон' });
    expect(res).toMatchObject({ status: 'terminated', termsId: null, number: 'ДС-1' });
    const card = await w.ok('lawyer', 'contracts.get', { id });
    expect(card).toMatchObject({ status: 'terminated', terminatedDate: '2026-12-31', endDate: '2027-12-31' });
    expect(card.terms.at(-1).effectiveTo).toBe('2026-12-31');
    expect(await w.call('lawyer', 'contracts.supplement', { id, kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 1_000_000 })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Допсоглашение оформляется только к подписанному или действующему договору, а MK-2026-000001 в статусе «Расторгнут»' },
    });
  });

  it('makes a mixed agreement with several changes at once', async () => {
    const w = makeWorld();
    const id = activeContract(w);
    const res = await w.ok('adm', 'contracts.supplement', { id, kind: 'mixed', effectiveFrom: '2027-01-01', monthlyFee: 3_000_000, equipmentCodes: [], newEndDate: '2028-12-31' });
    expect(res).toMatchObject({ termsId: 2, endDate: '2028-12-31' });
    const card = await w.ok('adm', 'contracts.get', { id });
    expect(card.agreements[0].details.changes.map((c: { field: string }) => c.field)).toEqual(['monthlyFee', 'equipmentCodes', 'endDate']);
  });

  it.each([
    [{ kind: 'fee_change', effectiveFrom: '2028-01-01', monthlyFee: 3_000_000 }, 'Дата вступления в силу 01.01.2028 вне срока договора 01.01.2026–31.12.2027'],
    [{ kind: 'fee_change', effectiveFrom: '2026-01-01', monthlyFee: 3_000_000 }, 'Новые условия должны вступать в силу позже последней версии условий (с 01.01.2026), а не 01.01.2026'],
    [{ kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 2_000_000 }, 'Допсоглашение не меняет условий договора'],
    [{ kind: 'fee_change', effectiveFrom: '2027-01-01' }, 'Для допсоглашения вида «изменение платежа» укажите: ежемесячный платёж'],
    [{ kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 3_000_000, skuCodes: ['SKU-1'] }, 'Для допсоглашения вида «изменение платежа» не указываются: обязательные SKU; для нескольких изменений выберите вид «комплексное изменение»'],
    [{ kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 50_000_100 }, 'Ежемесячный платёж 500\u00a0001,00\u00a0₽ вне лимитов категории «Напитки»: от 1\u00a0000,00\u00a0₽ до 500\u00a0000,00\u00a0₽'],
    [{ kind: 'sku_change', effectiveFrom: '2027-01-01', skuCodes: ['SKU-1', 'X'] }, 'Неизвестные SKU: X'],
    [{ kind: 'extension', effectiveFrom: '2027-01-01', newEndDate: '2027-12-31' }, 'Новая дата окончания 31.12.2027 должна быть позже текущей 31.12.2027'],
    [{ kind: 'termination', effectiveFrom: '2027-01-01', terminationDate: '2028-01-01' }, 'Дата расторжения 01.01.2028 вне срока договора 01.01.2026–31.12.2027'],
    [{ kind: 'mixed', effectiveFrom: '2027-01-01' }, 'Укажите, что меняет допсоглашение'],
  ])('refuses %j', async (input, message) => {
    const w = makeWorld();
    const id = activeContract(w);
    expect(await w.call('lawyer', 'contracts.supplement', { id, ...input })).toMatchObject({ ok: false, error: { code: 'validation', message } });
    expect(dumpTable(w.t.dbPath, 'supplementary_agreements')).toEqual([]);
    expect(dumpTable(w.t.dbPath, 'terms_versions')).toHaveLength(1);
  });

  it('needs new per-outlet fees adding up to a new fee when the contract has them', async () => {
    const w = makeWorld();
    const id = activeContract(w, { outlets: ['TT-001', 'TT-002'], outletFees: { 'TT-001': 500_000, 'TT-002': 1_500_000 } });
    expect(await w.call('lawyer', 'contracts.supplement', { id, kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 3_000_000 })).toMatchObject({
      ok: false,
      error: { message: 'У договора MK-2026-000001 платежи по точкам: укажите новые платежи по точкам, их сумма должна равняться 30\u00a0000,00\u00a0₽' },
    });
    const fees = (a: number, b: number) => [{ outletId: w.outlets['TT-001'], monthlyFee: a }, { outletId: w.outlets['TT-002'], monthlyFee: b }];
    expect(await w.call('lawyer', 'contracts.supplement', { id, kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 3_000_000, outletFees: fees(1_000_000, 1_000_000) })).toMatchObject({
      ok: false,
      error: { message: 'Контрольная сумма не сходится: сумма платежей по точкам 20\u00a0000,00\u00a0₽, а ежемесячный платёж 30\u00a0000,00\u00a0₽' },
    });
    await w.ok('lawyer', 'contracts.supplement', { id, kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 3_000_000, outletFees: fees(1_000_000, 2_000_000) });
    expect(w.db.prepare('SELECT terms_id, monthly_fee FROM terms_outlet_fees ORDER BY terms_id, outlet_id').all()).toEqual([
      { terms_id: 1, monthly_fee: 500_000 },
      { terms_id: 1, monthly_fee: 1_500_000 },
      { terms_id: 2, monthly_fee: 1_000_000 },
      { terms_id: 2, monthly_fee: 2_000_000 },
    ]);
  });

  it('is for legal/admin only, inside the scope', async () => {
    const w = makeWorld();
    const id = activeContract(w);
    expect(await w.call('mgr', 'contracts.supplement', { id, kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 1_000_000 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    w.db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'region', '77')").run(w.users.lawyer);
    expect(await w.call('lawyer', 'contracts.supplement', { id, kind: 'fee_change', effectiveFrom: '2027-01-01', monthlyFee: 1_000_000 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
