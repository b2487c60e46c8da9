import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { dumpTable } from '../../helpers/core';
import { GOOD_INN, insertContract, makeWorld, type World } from './fixtures';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/contracts');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

/** The cp1251 `;` CSV of Russian Excel with a line changed, re-encoded byte for byte (Cyrillic → cp1251). */
function cp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else throw new Error(`not in the test encoder: ${ch}`);
  }
  return Buffer.from(out);
}
const fromCp1251 = (b: Buffer) => new TextDecoder('windows-1251').decode(b);

function xlsx(rows: unknown[][]): Buffer {
  const ws = XLSX.utils.aoa_to_sheet(rows, { cellDates: true });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Договоры');
  return Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

async function importFile(w: World, login: string, fileName: string, bytes: Buffer, mode: 'preview' | 'commit' = 'commit') {
  return w.ok(login, 'contracts.importFile', { fileName, contentBase64: bytes.toString('base64'), mode });
}

const DATA_TABLES = ['contracts', 'terms_versions', 'supplementary_agreements', 'import_batches'];
const snapshot = (w: World) => ({
  ...Object.fromEntries(DATA_TABLES.map((t) => [t, dumpTable(w.t.dbPath, t)])),
  contract_outlets: w.db.prepare('SELECT * FROM contract_outlets ORDER BY 1, 2').all(),
  terms_skus: w.db.prepare('SELECT * FROM terms_skus ORDER BY 1, 2').all(),
  terms_equipment: w.db.prepare('SELECT * FROM terms_equipment ORDER BY 1, 2').all(),
});

describe('contracts.importFile: CSV windows-1251 with `;` and Russian headers', () => {
  it('previews without writing, then commits drafts with terms', async () => {
    const w = makeWorld();
    const preview = await importFile(w, 'mgr', 'договоры.csv', fixture('contracts-cp1251.csv'), 'preview');
    expect(preview).toMatchObject({ kind: 'contracts', committed: false, rowsRead: 3, added: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(preview.columns.find((c: { key: string }) => c.key === 'monthly_fee')).toEqual({ key: 'monthly_fee', label: 'Ежемесячный платёж', header: 'Сумма в месяц' });
    expect(dumpTable(w.t.dbPath, 'contracts')).toEqual([]);

    const res = await importFile(w, 'mgr', 'договоры.csv', fixture('contracts-cp1251.csv'));
    expect(res).toMatchObject({ committed: true, added: 3, rejected: 0 });
    const list = await w.ok('mgr', 'contracts.list', { sort: [{ col: 'number', dir: 'asc' }] });
    expect(list.rows.map((r: Record<string, unknown>) => [r.number, r.category, r.startDate, r.endDate, r.status, r.monthlyFee, r.outletsCount])).toEqual([
      ['ИМ-2027/001', 'BEVERAGES', '2027-01-01', '2027-12-31', 'draft', 1_500_050, 2],
      ['ИМ-2027/002', 'SNACKS', '2027-01-01', '2027-06-30', 'draft', 2_000_000, 1],
      ['ИМ-2027/003', 'DAIRY', '2027-02-01', '2028-01-31', 'draft', 500_000, 1],
    ]);
    const card = await w.ok('mgr', 'contracts.get', { id: list.rows[0].id });
    expect(card.terms[0]).toMatchObject({
      schedule: 'Пн-Пт 08:00-22:00; Сб-Вс 10:00-20:00',
      skus: [expect.objectContaining({ code: 'SKU-1' }), expect.objectContaining({ code: 'SKU-2' })],
      equipment: [expect.objectContaining({ code: 'EQ-1' })],
    });
    expect(card.audit[0]).toMatchObject({ command: 'contracts.importFile', userLogin: 'mgr' });
    expect(dumpTable(w.t.dbPath, 'import_batches')).toEqual([expect.objectContaining({ kind: 'contracts', rows_read: 3, rows_added: 3 })]);
  });

  it('re-importing the same file changes nothing', async () => {
    const w = makeWorld();
    await importFile(w, 'mgr', 'договоры.csv', fixture('contracts-cp1251.csv'));
    const before = snapshot(w);
    const again = await importFile(w, 'mgr', 'договоры.csv', fixture('contracts-cp1251.csv'));
    expect(again).toMatchObject({ committed: true, added: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(snapshot(w)).toEqual(before);
  });

  it('updates a changed draft and refuses a change to a contract past draft', async () => {
    const w = makeWorld();
    await importFile(w, 'mgr', 'договоры.csv', fixture('contracts-cp1251.csv'));
    const text = fromCp1251(fixture('contracts-cp1251.csv'));
    const changed = cp1251(text.replace('15 000,50', '16 000').replace('30.06.2027;20000', '30.06.2027;25000'));
    w.db.prepare("UPDATE contracts SET status = 'on_approval' WHERE number = 'ИМ-2027/002'").run();
    const env = await w.call('mgr', 'contracts.importFile', { fileName: 'д.csv', contentBase64: changed.toString('base64'), mode: 'commit' });
    expect(env.ok && env.data).toMatchObject({
      committed: false,
      updated: 1,
      rejected: 1,
      errors: [{ row: 3, column: 'Номер договора', value: 'ИМ-2027/002', reason: 'Договор ИМ-2027/002 уже есть в статусе, отличном от черновика: изменение подписанного договора — только через допсоглашение' }],
    });
    // All or nothing: the good row was not written either.
    expect(w.db.prepare("SELECT monthly_fee FROM terms_versions tv JOIN contracts c ON c.id = tv.contract_id WHERE c.number = 'ИМ-2027/001'").pluck().get()).toBe(1_500_050);
    w.db.prepare("UPDATE contracts SET status = 'draft' WHERE number = 'ИМ-2027/002'").run();
    const ok = await importFile(w, 'mgr', 'д.csv', changed);
    expect(ok).toMatchObject({ committed: true, updated: 2, unchanged: 1 });
    expect(w.db.prepare('SELECT count(*) FROM terms_versions').pluck().get()).toBe(3); // drafts are rewritten in place
  });

  it('lists every bad row with row, column, value and reason, and writes nothing', async () => {
    const w = makeWorld();
    const before = snapshot(w);
    const res = await importFile(w, 'mgr', 'плохой.csv', fixture('contracts-bad-cp1251.csv'));
    expect(res).toMatchObject({ committed: false, rowsRead: 6, added: 1, rejected: 5 });
    expect(res.errors).toEqual([
      { row: 3, column: 'ИНН контрагента', value: '1234567890', reason: 'Контрагент с ИНН 1234567890 не найден: сначала импортируйте контрагентов' },
      { row: 4, column: 'Коды ТТ', value: 'TT-999', reason: 'Торговая точка TT-999 не найдена или вне вашей зоны' },
      { row: 5, column: 'Категория', value: 'Табак', reason: expect.stringMatching(/^Неизвестная категория «Табак»: BEVERAGES \(Напитки\)/) },
      { row: 5, column: 'Дата начала', value: '31.02.2027', reason: 'Неверная дата начала: нужна дата вида ДД.ММ.ГГГГ' },
      { row: 5, column: 'Сумма в месяц', value: 'десять', reason: 'Неверная сумма: ожидаются рубли, например 15000 или 15 000,50' },
      { row: 5, column: 'Обязательные SKU', value: 'SKU-9', reason: 'Неизвестные SKU: SKU-9' },
      { row: 6, column: 'Коды ТТ', value: 'TT-001', reason: 'Точка TT-001 уже в договоре ИМ-БАД/1 этого же файла на пересекающийся период' },
      { row: 7, column: 'Статус', value: 'active', reason: 'Импортировать подписанные договоры может только администратор' },
    ]);
    expect(res.reportXlsxBase64).toEqual(expect.any(String));
    expect(snapshot(w)).toEqual(before);
  });

  it('refuses a row overlapping a contract already in the store', async () => {
    const w = makeWorld();
    insertContract(w, { number: 'MK-OLD', status: 'active', category: 'DAIRY', startDate: '2026-01-01', endDate: '2027-03-31', outlets: ['TT-004'] });
    const res = await importFile(w, 'mgr', 'договоры.csv', fixture('contracts-cp1251.csv'));
    expect(res.errors).toEqual([{ row: 4, column: 'Коды ТТ', value: 'TT-004', reason: 'Точка TT-004 уже в договоре MK-OLD той же категории на 01.01.2026–31.03.2027' }]);
    expect(w.db.prepare('SELECT count(*) FROM contracts').pluck().get()).toBe(1);
  });

  it('refuses outlets outside the importing user scope', async () => {
    const w = makeWorld();
    const res = await importFile(w, 'mgr77', 'договоры.csv', fixture('contracts-cp1251.csv'));
    expect(res.errors.map((e: { row: number; value: string }) => [e.row, e.value])).toEqual([
      [2, 'TT-001, TT-002'],
      [2, 'TT-001, TT-002'],
      [3, 'tt-003'],
      [4, 'TT-004'],
    ]);
  });
});

describe('contracts.importFile: XLSX with canonical headers', () => {
  const HEAD = ['contract_no', 'counterparty_inn', 'outlet_codes', 'category', 'start_date', 'end_date', 'monthly_fee', 'must_stock_skus', 'equipment', 'schedule', 'status', 'signed_date'];

  it('lets an administrator migrate signed contracts, with the status their dates call for', async () => {
    const w = makeWorld();
    const file = xlsx([
      HEAD,
      ['АРХ-1', GOOD_INN, 'TT-001', 'BEVERAGES', new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 11, 31)), 12000, 'SKU-1', '', '', 'active', '20.12.2025'],
      ['АРХ-2', GOOD_INN, 'TT-002', 'BEVERAGES', '01.01.2025', '31.12.2025', '12 000', '', '', '', 'Действует', '20.12.2024'],
      ['АРХ-3', GOOD_INN, 'TT-003', 'BEVERAGES', '2027-01-01', '2027-12-31', '12000.5', '', '', '', 'signed', '2026-11-30'],
      ['АРХ-4', GOOD_INN, 'TT-004', 'BEVERAGES', '2027-01-01', '2027-12-31', 12000, '', '', '', '', ''],
    ]);
    const res = await importFile(w, 'adm', 'архив.xlsx', file);
    expect(res).toMatchObject({ committed: true, added: 4, errors: [] });
    expect(w.db.prepare('SELECT number, status, signed_date AS signedDate FROM contracts ORDER BY number').all()).toEqual([
      { number: 'АРХ-1', status: 'active', signedDate: '2025-12-20' },
      { number: 'АРХ-2', status: 'expired', signedDate: '2024-12-20' },
      { number: 'АРХ-3', status: 'signed', signedDate: '2026-11-30' },
      { number: 'АРХ-4', status: 'draft', signedDate: null },
    ]);
    const again = await importFile(w, 'adm', 'архив.xlsx', file);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
  });

  it('needs a signing date for a signed contract and none for a draft', async () => {
    const w = makeWorld();
    const res = await importFile(
      w,
      'adm',
      'a.xlsx',
      xlsx([
        HEAD,
        ['X-1', GOOD_INN, 'TT-001', 'BEVERAGES', '2026-01-01', '2026-12-31', 12000, '', '', '', 'active', ''],
        ['X-2', GOOD_INN, 'TT-002', 'BEVERAGES', '2026-01-01', '2026-12-31', 12000, '', '', '', 'draft', '2026-01-01'],
        ['X-3', GOOD_INN, 'TT-003', 'BEVERAGES', '2026-01-01', '2026-12-31', 12000, '', '', '', 'закрыт', ''],
        ['X-4', GOOD_INN, 'TT-004', 'BEVERAGES', '2026-01-01', '2026-12-31', 12000, '', '', '', 'active', '2026-12-04'],
      ]),
    );
    expect(res.errors.map((e: { row: number; column: string; reason: string }) => [e.row, e.column, e.reason])).toEqual([
      [2, 'signed_date', 'Для подписанного договора укажите дату подписания'],
      [3, 'signed_date', 'Дата подписания указывается только для подписанного договора (статус active)'],
      [4, 'status', 'Статус может быть только draft (черновик) или active (уже подписан)'],
      [5, 'signed_date', 'Дата подписания 04.12.2026 ещё не наступила'],
    ]);
  });

  it('refuses a file without a required column', async () => {
    const w = makeWorld();
    const res = await importFile(w, 'adm', 'a.xlsx', xlsx([HEAD.filter((h) => h !== 'monthly_fee'), ['X-1', GOOD_INN, 'TT-001', 'BEVERAGES', '2026-01-01', '2026-12-31', '', '', '', '', '']]));
    expect(res.errors).toEqual([{ row: 1, column: 'Ежемесячный платёж', value: '', reason: 'В файле нет обязательной колонки «Ежемесячный платёж» (monthly_fee)' }]);
  });

  it('is refused to roles without contracts.write', async () => {
    const w = makeWorld();
    expect(await w.call('fin', 'contracts.importFile', { fileName: 'a.xlsx', contentBase64: xlsx([HEAD]).toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('contracts.importFile: numbers outside the scope', () => {
  it('treats a number used outside the user scope as taken, without touching that contract', async () => {
    const w = makeWorld();
    insertContract(w, { number: 'ИМ-2027/003', counterpartyId: w.cp.ip, outlets: ['TT-101'], createdBy: w.users.mgr77 });
    const before = snapshot(w);
    const res = await importFile(w, 'mgr', 'договоры.csv', fixture('contracts-cp1251.csv'));
    expect(res.errors).toEqual([{ row: 4, column: 'Номер договора', value: 'ИМ-2027/003', reason: 'Номер договора ИМ-2027/003 уже занят другим договором' }]);
    expect(snapshot(w)).toEqual(before);
  });
});
