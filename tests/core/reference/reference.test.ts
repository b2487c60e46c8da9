import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../core/import/table';
import { dumpTable, testCore } from '../../helpers/core';
import { csvFile, fixture, TEMPLATES_DIR, template, xlsxFile } from '../import/files';

type Env = Awaited<ReturnType<ReturnType<ReturnType<typeof testCore>['as']>>>;
const data = <T = Record<string, unknown>>(env: Env): T => {
  if (!env.ok) throw new Error(env.error.message);
  return env.data as T;
};

async function setup() {
  const t = testCore([
    { login: 'admin', roles: ['admin'] },
    { login: 'anna', roles: ['assistant'] },
  ]);
  return { t, admin: t.as(await t.signIn('admin')), anna: t.as(await t.signIn('anna')) };
}

describe('reference editing', () => {
  it('creates, updates and deactivates SKUs and equipment types, with audit', async () => {
    const { t, admin } = await setup();
    expect(data(await admin('reference.saveSku', { code: 'SKU-1', name: '  Вода  1,5 л ', brand: 'Родник' }))).toMatchObject({
      code: 'SKU-1', name: 'Вода 1,5 л', brand: 'Родник', isActive: true,
    });
    expect(data(await admin('reference.saveSku', { code: 'SKU-1', name: 'Вода 1,5 л', brand: '', isActive: false }))).toMatchObject({ brand: null, isActive: false });
    expect(data(await admin('reference.saveEquipment', { code: 'EQ-1', name: 'Холодильник' }))).toMatchObject({ code: 'EQ-1', isActive: true });
    expect(data(await admin('reference.setActive', { kind: 'equipment', code: 'EQ-1', isActive: false }))).toEqual({ kind: 'equipment', code: 'EQ-1', isActive: false });
    expect(await admin('reference.setActive', { kind: 'sku', code: 'NOPE', isActive: false })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(data<unknown[]>(await admin('reference.list', { kind: 'skus' }))).toEqual([{ id: 1, code: 'SKU-1', name: 'Вода 1,5 л', brand: null, isActive: 0 }]);
    const audit = dumpTable(t.dbPath, 'audit_log').filter((a) => a.entity !== null && a.entity !== 'user');
    expect(audit.map((a) => [a.command, a.entity, a.entity_id])).toEqual([
      ['reference.saveSku', 'sku', 'SKU-1'],
      ['reference.saveSku', 'sku', 'SKU-1'],
      ['reference.saveEquipment', 'equipment_type', 'EQ-1'],
      ['reference.setActive', 'equipment_type', 'EQ-1'],
    ]);
  });

  it('edits amnesty reasons and contract categories with fee limits in kopecks', async () => {
    const { admin } = await setup();
    expect(data(await admin('reference.saveAmnestyReason', { code: 'PRICE_WAR', name: 'Ценовая акция конкурента' }))).toEqual({
      code: 'PRICE_WAR', name: 'Ценовая акция конкурента', isActive: true,
    });
    expect(data(await admin('reference.saveAmnestyReason', { code: 'IR_ERROR', name: 'Ошибка распознавания', isActive: false }))).toMatchObject({ isActive: false });
    expect(data(await admin('reference.saveCategory', { code: 'ICE_CREAM', name: 'Мороженое', minMonthlyFee: 500_000, maxMonthlyFee: 10_000_000 }))).toEqual({
      code: 'ICE_CREAM', name: 'Мороженое', minMonthlyFee: 500_000, maxMonthlyFee: 10_000_000,
    });
    expect(data(await admin('reference.saveCategory', { code: 'SNACKS', name: 'Снеки', minMonthlyFee: 200_000, maxMonthlyFee: 30_000_000 }))).toMatchObject({ minMonthlyFee: 200_000 });
    const env = await admin('reference.saveCategory', { code: 'bad code', name: '', minMonthlyFee: 5, maxMonthlyFee: 1 });
    expect(env).toMatchObject({ ok: false, error: { code: 'validation', message: 'Код: заглавные латинские буквы, цифры и «_», начиная с буквы' } });
    if (!env.ok) expect(env.error.details?.issues?.map((i) => i.path)).toEqual(['code', 'name', 'maxMonthlyFee']);
    expect(await admin('reference.saveCategory', { code: 'X1', name: 'X', minMonthlyFee: 1.5, maxMonthlyFee: 2 })).toMatchObject({ ok: false });
  });

  it('needs reference.write', async () => {
    const { anna } = await setup();
    expect(await anna('reference.saveSku', { code: 'A', name: 'B' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anna('reference.importSkus', template('skus.xlsx'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('reference imports', () => {
  it('imports SKUs from XLSX and an old XLS, upserting by code, and skips unchanged rows', async () => {
    const { t, admin } = await setup();
    expect(data(await admin('reference.importSkus', { ...template('skus.xlsx'), mode: 'commit' }))).toMatchObject({ added: 3, committed: true });
    const r = data(await admin('reference.importSkus', { ...fixture('skus.xls'), mode: 'commit' }));
    expect(r).toMatchObject({ rowsRead: 2, added: 0, updated: 2, unchanged: 0, errors: [] });
    expect(dumpTable(t.dbPath, 'skus').map((s) => [s.code, s.name, s.brand])).toEqual([
      ['SKU-1001', 'Напиток «Лимонад», 0,5 л', 'Родник'],
      ['SKU-1002', 'Вода минеральная газированная, 1,5 л', 'Родник'],
      ['SKU-2001', 'Чипсы со сметаной, 90 г', 'Хрустим'],
    ]);
    expect(data(await admin('reference.importSkus', { ...fixture('skus.xls'), mode: 'commit' }))).toMatchObject({ updated: 0, unchanged: 2 });
    expect(dumpTable(t.dbPath, 'import_batches').map((b) => [b.kind, b.rows_added])).toEqual([['skus', 3], ['skus', 0]]);
  });

  it('keeps the brand and the active flag when the file does not carry them', async () => {
    const { t, admin } = await setup();
    data(await admin('reference.saveSku', { code: 'SKU-1', name: 'A', brand: 'Бренд', isActive: false }));
    expect(data(await admin('reference.importSkus', { ...csvFile('s.csv', [['Артикул', 'Название'], ['SKU-1', 'Б']]), mode: 'commit' }))).toMatchObject({ updated: 1 });
    expect(dumpTable(t.dbPath, 'skus')).toEqual([{ id: 1, code: 'SKU-1', name: 'Б', brand: 'Бренд', is_active: 0 }]);
  });

  it('reports bad codes and names per row and writes nothing', async () => {
    const { t, admin } = await setup();
    const r = data<{ errors: unknown[]; committed: boolean }>(await admin('reference.importEquipment', {
      ...xlsxFile('eq.xlsx', [['Код оборудования', 'Наименование'], ['EQ-1', 'Холодильник'], ['EQ 2', 'Стеллаж'], ['EQ-3', '']]),
      mode: 'commit',
    }));
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      { row: 3, column: 'Код оборудования', value: 'EQ 2', reason: expect.stringContaining('без пробелов') },
      { row: 4, column: 'Наименование', value: '', reason: 'Наименование не указано' },
    ]);
    expect(dumpTable(t.dbPath, 'equipment_types')).toEqual([]);
  });

  it('imports the equipment template', async () => {
    const { admin } = await setup();
    expect(data(await admin('reference.importEquipment', { ...template('equipment.xlsx'), mode: 'commit' }))).toMatchObject({ added: 3, errors: [] });
  });
});

describe('templates', () => {
  const CANONICAL: Record<string, string[]> = {
    'skus.xlsx': ['sku_code', 'name', 'brand'],
    'equipment.xlsx': ['equipment_code', 'name'],
    'counterparties.xlsx': ['inn', 'kpp', 'ogrn', 'name', 'type', 'vat_mode', 'bik', 'account', 'corr_account', 'bank_name', 'address', 'edo_id'],
    'outlets.xlsx': ['outlet_code', 'name', 'address', 'region', 'counterparty_inn', 'channel', 'rep_code', 'manager'],
    'contracts.xlsx': ['contract_no', 'counterparty_inn', 'outlet_codes', 'category', 'start_date', 'end_date', 'monthly_fee', 'must_stock_skus', 'equipment', 'schedule', 'status', 'signed_date'],
    'visits.xlsx': ['visit_id', 'visit_date', 'outlet_code', 'rep_code', 'signal_type', 'sku_code', 'equipment_code', 'photo_ref', 'source'],
  };

  it.each(Object.entries(CANONICAL))('%s has the canonical header and sample rows', (name, header) => {
    const table = readTable(fs.readFileSync(path.join(TEMPLATES_DIR, name)), name);
    expect(table.headers).toEqual(header);
    expect(table.rows.length).toBeGreaterThanOrEqual(2);
  });

  it('are served by reference.template to any signed-in user', async () => {
    const { anna } = await setup();
    const tpl = data<{ fileName: string; contentBase64: string }>(await anna('reference.template', { kind: 'counterpartiesCsv' }));
    expect(tpl.fileName).toBe('counterparties-cp1251.csv');
    expect(Buffer.from(tpl.contentBase64, 'base64').equals(fs.readFileSync(path.join(TEMPLATES_DIR, tpl.fileName)))).toBe(true);
    for (const kind of ['skus', 'equipment', 'counterparties', 'outlets', 'contracts', 'visits']) {
      expect(data<{ fileName: string }>(await anna('reference.template', { kind })).fileName).toBe(`${kind}.xlsx`);
    }
    expect(await anna('reference.template', { kind: 'passwords' })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('the counterparty samples hold valid requisites in both the XLSX and the windows-1251 CSV', async () => {
    const { anna } = await setup();
    expect(data(await anna('counterparties.importFile', { ...template('counterparties.xlsx'), mode: 'preview' }))).toMatchObject({ added: 3, errors: [] });
    expect(data(await anna('counterparties.importFile', { ...template('counterparties-cp1251.csv'), mode: 'commit' }))).toMatchObject({ added: 3, errors: [] });
    expect(data(await anna('counterparties.importFile', { ...template('counterparties.xlsx'), mode: 'commit' }))).toMatchObject({ unchanged: 3 });
  });
});
