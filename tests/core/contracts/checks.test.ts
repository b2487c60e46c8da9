import { describe, expect, it } from 'vitest';
import { annualValue, checkSubmission } from '../../../core/contracts/checks';
import { insertContract, makeWorld, TODAY } from './fixtures';

describe('checkSubmission', () => {
  it('passes a complete contract', () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-2027-000001', outlets: ['TT-001', 'TT-002'] });
    expect(checkSubmission(w.db, id, TODAY)).toEqual([]);
  });

  it('refuses an unknown contract', () => {
    const w = makeWorld();
    expect(() => checkSubmission(w.db, 999, TODAY)).toThrow('Договор не найден');
  });

  it('reports bad counterparty requisites with the field', () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', counterpartyId: w.cp.bad });
    const issues = checkSubmission(w.db, id, TODAY);
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['requisites', 'counterparty.inn'],
      ['requisites', 'counterparty.kpp'],
    ]);
    expect(issues[0]!.message).toMatch(/^Реквизиты контрагента «ООО «Кривые реквизиты»» \(ИНН\): /);
  });

  it('lists every missing required field at once', () => {
    const w = makeWorld();
    const id = insertContract(w, { number: ' ', managerUserId: null, outlets: [], monthlyFee: null });
    const issues = checkSubmission(w.db, id, TODAY);
    expect(issues.filter((i) => i.code === 'required').map((i) => i.field)).toEqual(['number', 'outletIds', 'managerUserId', 'monthlyFee']);
  });

  it('treats a zero fee as missing terms', () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', monthlyFee: 0 });
    expect(checkSubmission(w.db, id, TODAY)).toEqual([
      { code: 'required', field: 'monthlyFee', message: 'Не указаны условия договора с ежемесячным платежом' },
    ]);
  });

  it('reports blank dates as required and end before start as a period error', () => {
    const w = makeWorld();
    const blank = insertContract(w, { number: 'MK-1', startDate: '', endDate: '' });
    expect(checkSubmission(w.db, blank, TODAY).map((i) => i.field)).toEqual(['startDate', 'endDate']);
    // The schema's CHECK forbids end < start, so the guard only matters for rows from elsewhere: drop it to test.
    w.db.pragma('ignore_check_constraints = ON');
    const back = insertContract(w, { number: 'MK-2', startDate: '2027-06-01', endDate: '2027-05-31' });
    expect(checkSubmission(w.db, back, TODAY)).toEqual([
      { code: 'period', field: 'endDate', message: 'Дата окончания 31.05.2027 раньше даты начала 01.06.2027' },
    ]);
  });

  it('refuses a period that has already ended', () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', startDate: '2026-01-01', endDate: '2026-12-02' });
    expect(checkSubmission(w.db, id, TODAY)).toEqual([
      { code: 'period_past', field: 'endDate', message: 'Срок договора уже истёк 02.12.2026' },
    ]);
    const endsToday = insertContract(w, { number: 'MK-2', startDate: '2026-01-01', endDate: TODAY, outlets: ['TT-003'] });
    expect(checkSubmission(w.db, endsToday, TODAY)).toEqual([]);
  });

  it('names the other contract and the outlet on an overlap of the same category', () => {
    const w = makeWorld();
    insertContract(w, { number: 'MK-OLD', status: 'active', startDate: '2026-06-01', endDate: '2027-01-31', outlets: ['TT-002'] });
    const id = insertContract(w, { number: 'MK-NEW', outlets: ['TT-001', 'TT-002'] });
    expect(checkSubmission(w.db, id, TODAY)).toEqual([
      {
        code: 'overlap',
        field: 'outletIds',
        message: 'Точка TT-002 уже входит в договор MK-OLD категории «Напитки» на период 01.06.2026–31.01.2027, пересекающийся с этим договором',
      },
    ]);
  });

  it('ignores terminated, rejected, other-category, adjacent and other-outlet contracts', () => {
    const w = makeWorld();
    insertContract(w, { number: 'A', status: 'terminated', outlets: ['TT-001'] });
    insertContract(w, { number: 'B', status: 'rejected', outlets: ['TT-001'] });
    insertContract(w, { number: 'C', status: 'active', category: 'SNACKS', outlets: ['TT-001'] });
    insertContract(w, { number: 'D', status: 'expired', startDate: '2026-01-01', endDate: '2026-12-31', outlets: ['TT-001'] });
    insertContract(w, { number: 'E', status: 'active', outlets: ['TT-004'] });
    const id = insertContract(w, { number: 'MK-NEW', outlets: ['TT-001'] });
    expect(checkSubmission(w.db, id, TODAY)).toEqual([]);
    // A draft of the same deal does count: two people should not push the same outlet into approval.
    insertContract(w, { number: 'F', status: 'draft', startDate: '2027-12-31', endDate: '2028-06-30', outlets: ['TT-001'] });
    expect(checkSubmission(w.db, id, TODAY).map((i) => i.code)).toEqual(['overlap']);
  });

  it('checks the fee against the category limits', () => {
    const w = makeWorld();
    const low = insertContract(w, { number: 'L', monthlyFee: 99_999 });
    expect(checkSubmission(w.db, low, TODAY)).toEqual([
      {
        code: 'fee_limits',
        field: 'monthlyFee',
        message: 'Ежемесячный платёж 999,99\u00a0₽ вне лимитов категории «Напитки»: от 1\u00a0000,00\u00a0₽ до 500\u00a0000,00\u00a0₽',
      },
    ]);
    const min = insertContract(w, { number: 'M', monthlyFee: 100_000, outlets: ['TT-002'] });
    const max = insertContract(w, { number: 'X', monthlyFee: 50_000_000, outlets: ['TT-003'] });
    const high = insertContract(w, { number: 'H', category: 'SNACKS', monthlyFee: 30_000_001, outlets: ['TT-004'] });
    expect(checkSubmission(w.db, min, TODAY)).toEqual([]);
    expect(checkSubmission(w.db, max, TODAY)).toEqual([]);
    expect(checkSubmission(w.db, high, TODAY).map((i) => i.code)).toEqual(['fee_limits']);
  });

  it('checks the control sum of per-outlet fees', () => {
    const w = makeWorld();
    const good = insertContract(w, { number: 'G', monthlyFee: 3_000_000, outlets: ['TT-001', 'TT-002'], outletFees: { 'TT-001': 1_000_000, 'TT-002': 2_000_000 } });
    expect(checkSubmission(w.db, good, TODAY)).toEqual([]);
    const bad = insertContract(w, { number: 'B', monthlyFee: 3_000_000, outlets: ['TT-003', 'TT-004'], outletFees: { 'TT-003': 1_000_000, 'TT-004': 1_999_999 } });
    expect(checkSubmission(w.db, bad, TODAY)).toEqual([
      {
        code: 'control_sum',
        field: 'outletFees',
        message: 'Контрольная сумма не сходится: сумма платежей по точкам 29\u00a0999,99\u00a0₽, а ежемесячный платёж договора 30\u00a0000,00\u00a0₽',
      },
    ]);
  });

  it('refuses a per-outlet fee on an outlet outside the contract', () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'G', monthlyFee: 3_000_000, outlets: ['TT-001'], outletFees: { 'TT-001': 1_000_000, 'TT-002': 2_000_000 } });
    expect(checkSubmission(w.db, id, TODAY)).toEqual([
      { code: 'control_sum', field: 'outletFees', message: 'Платёж указан по точкам, не входящим в договор: TT-002' },
    ]);
  });

  it('collects several failures in one pass', () => {
    const w = makeWorld();
    insertContract(w, { number: 'OLD', status: 'signed', outlets: ['TT-001'] });
    const id = insertContract(w, { number: 'NEW', counterpartyId: w.cp.bad, managerUserId: null, monthlyFee: 1, outlets: ['TT-001'] });
    expect(checkSubmission(w.db, id, TODAY).map((i) => i.code)).toEqual(['requisites', 'requisites', 'required', 'overlap', 'fee_limits']);
  });
});

describe('annualValue', () => {
  it('is 12 × the first terms version fee, and 0 without terms', () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'A', monthlyFee: 5_000_001 });
    w.db.prepare("INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, created_at) VALUES (?, '2027-06-01', 9000000, 'x')").run(id);
    expect(annualValue(w.db, id)).toBe(60_000_012);
    expect(annualValue(w.db, insertContract(w, { number: 'B', monthlyFee: null }))).toBe(0);
  });
});
