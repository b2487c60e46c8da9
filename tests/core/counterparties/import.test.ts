import { describe, expect, it } from 'vitest';
import { dumpTable, testCore } from '../../helpers/core';
import { csvFile, fixture, xlsxFile, xlsxRows, type FileInput } from '../import/files';

async function setup() {
  const t = testCore([
    { login: 'anna', roles: ['assistant'] },
    { login: 'lena', roles: ['legal'] },
  ]);
  const call = t.as(await t.signIn('anna'));
  const imp = async (file: FileInput, mode: 'preview' | 'commit' = 'commit') => {
    const env = await call('counterparties.importFile', { ...file, mode });
    if (!env.ok) throw new Error(env.error.message);
    return env.data as {
      committed: boolean; rowsRead: number; added: number; updated: number; unchanged: number; rejected: number;
      errors: { row: number; column: string; value: string; reason: string }[];
      preview: Record<string, string>[]; columns: { key: string; header: string | null }[]; reportXlsxBase64: string | null;
      sha256: string; kind: string; mode: string;
    };
  };
  const table = (name: string) => dumpTable(t.dbPath, name);
  return { t, call, imp, table, legal: t.as(await t.signIn('lena')) };
}

const counts = (r: { rowsRead: number; added: number; updated: number; unchanged: number; rejected: number }) => ({
  rowsRead: r.rowsRead, added: r.added, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected,
});

describe('counterparties.importFile', () => {
  it.each([
    ['counterparties.xlsx', 3],
    ['counterparties-utf8-bom-comma.csv', 2],
    ['counterparties-cp1251-semicolon.csv', 3],
    ['counterparties-utf16le-tab.txt', 2],
    ['counterparties-utf16be.csv', 1],
    ['counterparties-nul-padded.csv', 2],
  ])('imports %s', async (name, n) => {
    const { imp, table } = await setup();
    const r = await imp(fixture(name));
    expect(r).toMatchObject({ kind: 'counterparties', committed: true, errors: [], reportXlsxBase64: null });
    expect(counts(r)).toEqual({ rowsRead: n, added: n, updated: 0, unchanged: 0, rejected: 0 });
    const rows = table('counterparties');
    expect(rows).toHaveLength(n);
    for (const c of rows) {
      expect(String(c.name)).not.toContain('\u0000');
      expect(String(c.address)).not.toContain('\n');
      expect(c.created_at).toBe('2026-12-03T10:00:00.000Z');
    }
  });

  it('reads Russian headers and VAT modes as written, with all requisites intact', async () => {
    const { imp, table } = await setup();
    await imp(fixture('counterparties-cp1251-semicolon.csv'));
    expect(table('counterparties').map((c) => [c.inn, c.type, c.vat_mode, c.kpp, c.account, c.name])).toEqual([
      ['1655012344', 'ЮЛ', 'VAT', '165501001', '40702810462000012345', 'ООО «Продукты Поволжья»'],
      ['6315009872', 'ЮЛ', 'VAT5', '631501001', '40702810154400012345', 'АО «Самарская торговая сеть»'],
      ['165501234514', 'ИП', 'NO_VAT', null, '40802810962000054321', 'ИП Гарипов Ринат Ильдарович'],
    ]);
  });

  it('keeps the quoted name and joins a two-line address from a UTF-8 CSV', async () => {
    const { imp, table } = await setup();
    await imp(fixture('counterparties-utf8-bom-comma.csv'));
    expect(table('counterparties')[0]).toMatchObject({ name: 'ООО "Продукты Поволжья", Казань', address: 'г. Казань, ул. Баумана, д. 10' });
  });

  it('refuses a file with one bad row whole, listing every error of that row with row, column, value and reason', async () => {
    const { imp, table } = await setup();
    const r = await imp(fixture('counterparties-one-bad-row.xlsx'));
    expect(r.committed).toBe(false);
    expect(counts(r)).toEqual({ rowsRead: 3, added: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(r.errors).toEqual([
      { row: 3, column: 'inn', value: '6315009873', reason: 'Неверная контрольная сумма ИНН' },
      { row: 3, column: 'account', value: '40702810154400012346', reason: 'Неверный контрольный ключ расчётного счёта для указанного БИК' },
    ]);
    expect(table('counterparties')).toEqual([]);
    expect(table('import_batches')).toEqual([]);
    expect(xlsxRows(r.reportXlsxBase64!)).toEqual([
      ['Строка', 'Колонка', 'Значение', 'Причина'],
      [3, 'inn', '6315009873', 'Неверная контрольная сумма ИНН'],
      [3, 'account', '40702810154400012346', 'Неверный контрольный ключ расчётного счёта для указанного БИК'],
    ]);
    expect(r.preview.map((p) => [p._row, p._status])).toEqual([['2', 'added'], ['3', 'error'], ['4', 'added']]);
  });

  it('reports errors under the file’s own header names', async () => {
    const { imp } = await setup();
    const r = await imp(csvFile('ru.csv', [['ИНН', 'Наименование', 'Тип', 'НДС'], ['7707083894', 'ПАО Сбербанк', 'ЮЛ', 'НДС 10%']]));
    expect(r.errors).toEqual([
      { row: 2, column: 'ИНН', value: '7707083894', reason: 'Неверная контрольная сумма ИНН' },
      { row: 2, column: 'КПП', value: '', reason: 'КПП обязателен для юридического лица' },
      { row: 2, column: 'НДС', value: 'НДС 10%', reason: expect.stringContaining('Режим НДС: VAT') },
    ]);
  });

  it('names missing required columns and writes nothing', async () => {
    const { imp, table } = await setup();
    const r = await imp(csvFile('no-type.csv', [['ИНН', 'Наименование'], ['7707083893', 'ПАО Сбербанк']]));
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      { row: 1, column: 'Тип', value: '', reason: 'В файле нет обязательной колонки «Тип» (type)' },
      { row: 1, column: 'Режим НДС', value: '', reason: 'В файле нет обязательной колонки «Режим НДС» (vat_mode)' },
    ]);
    expect(r.rejected).toBe(1);
    expect(table('counterparties')).toEqual([]);
  });

  it('takes an exact repeat of a row as one record but refuses a repeat that disagrees', async () => {
    const { imp, table } = await setup();
    const r = await imp(fixture('counterparties-duplicates.csv'));
    expect(counts(r)).toEqual({ rowsRead: 4, added: 2, updated: 0, unchanged: 1, rejected: 1 });
    expect(r.errors).toEqual([
      { row: 5, column: 'inn', value: '165501234514', reason: 'Повтор: та же запись уже есть в строке 4 с другими значениями' },
    ]);
    expect(table('counterparties')).toEqual([]);
  });

  it('previews without writing anything but its own audit record', async () => {
    const { imp, table } = await setup();
    const r = await imp(fixture('counterparties.xlsx'), 'preview');
    expect(r).toMatchObject({ mode: 'preview', committed: false, added: 3, errors: [] });
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.columns.find((c) => c.key === 'edo_id')).toEqual({ key: 'edo_id', label: 'Идентификатор ЭДО', header: 'edo_id' });
    expect(r.preview[0]).toMatchObject({ inn: '1655012344', type: 'ЮЛ', _row: '2', _status: 'added' });
    expect(table('counterparties')).toEqual([]);
    expect(table('import_batches')).toEqual([]);
    const audit = table('audit_log').filter((a) => a.command !== 'session.signIn');
    expect(audit.map((a) => [a.command, a.entity, a.entity_id])).toEqual([['counterparties.importFile', 'import_batch', null]]);
    expect(JSON.parse(String(audit[0].after_json))).toMatchObject({ mode: 'preview', committed: false, added: 3, fileName: 'counterparties.xlsx' });
    expect(String(audit[0].after_json)).not.toContain('contentBase64');
  });

  it('re-importing the same file changes nothing: no writes, no batch, no audit beyond the command’s own', async () => {
    const { t, imp, table } = await setup();
    const first = await imp(fixture('counterparties.xlsx'));
    expect(first.added).toBe(3);
    const batches = table('import_batches');
    expect(batches).toEqual([
      expect.objectContaining({ kind: 'counterparties', file_name: 'counterparties.xlsx', sha256: first.sha256, user_id: 2, rows_read: 3, rows_added: 3, rows_duplicate: 0, rows_rejected: 0, status: 'committed' }),
    ]);
    const before = { cps: table('counterparties'), audit: table('audit_log').length };
    t.clock.advance(60_000);
    const again = await imp(fixture('counterparties.xlsx'));
    expect(again).toMatchObject({ committed: true, added: 0, updated: 0, unchanged: 3, errors: [] });
    expect(table('counterparties')).toEqual(before.cps);
    expect(table('import_batches')).toHaveLength(1);
    const audit = table('audit_log');
    expect(audit).toHaveLength(before.audit + 1);
    expect(audit.at(-1)).toMatchObject({ command: 'counterparties.importFile', entity: 'import_batch', entity_id: null });
    // The same data in another encoding and layout is the same data.
    expect(await imp(fixture('counterparties-cp1251-semicolon.csv'))).toMatchObject({ unchanged: 3, added: 0, updated: 0 });
  });

  it('updates changed counterparties by INN, keeps columns the file lacks, and audits each change', async () => {
    const { t, imp, table } = await setup();
    await imp(fixture('counterparties.xlsx'));
    t.clock.advance(60_000);
    const r = await imp(csvFile('names.csv', [
      ['ИНН', 'Наименование', 'Тип', 'Режим НДС'],
      ['1655012344', 'ООО «Продукты Поволжья» (новое)', 'ЮЛ', 'НДС 22%'],
      ['6315009872', 'АО «Самарская торговая сеть»', 'ЮЛ', 'VAT7'],
      ['165501234514', 'ИП Гарипов Ринат Ильдарович', 'ИП', 'NO_VAT'],
    ]));
    expect(counts(r)).toEqual({ rowsRead: 3, added: 0, updated: 2, unchanged: 1, rejected: 0 });
    const [a, b, c] = table('counterparties');
    expect(a).toMatchObject({ name: 'ООО «Продукты Поволжья» (новое)', kpp: '165501001', bik: '049205603', updated_at: '2026-12-03T10:01:00.000Z' });
    expect(b).toMatchObject({ vat_mode: 'VAT7', account: '40702810154400012345' });
    expect(c).toMatchObject({ updated_at: '2026-12-03T10:00:00.000Z' });
    const audit = table('audit_log').filter((x) => x.entity === 'counterparty');
    expect(audit).toHaveLength(5);
    expect(JSON.parse(String(audit[3].before_json))).toMatchObject({ name: 'ООО «Продукты Поволжья»' });
    expect(table('import_batches').map((x) => [x.rows_read, x.rows_added, x.rows_duplicate])).toEqual([[3, 3, 0], [3, 0, 1]]);
  });

  it('puts back leading zeros Excel dropped from INN, KPP and BIK when the value then checks out', async () => {
    const { imp, table } = await setup();
    const r = await imp(fixture('counterparties-lost-zeros.xlsx'));
    expect(r.errors).toEqual([]);
    expect(table('counterparties')[0]).toMatchObject({ inn: '0274062111', kpp: '027401001', bik: '048073601' });
    const bad = await imp(xlsxFile('short.xlsx', [['inn', 'name', 'type', 'vat_mode'], [77070838, 'X', 'ЮЛ', 'VAT']]));
    expect(bad.errors[0]).toMatchObject({ column: 'inn', value: '77070838', reason: 'ИНН должен состоять из 10 цифр для юридического лица' });
  });

  it('refuses unreadable files with a clear message and writes nothing', async () => {
    const { call, table } = await setup();
    const env = await call('counterparties.importFile', { ...fixture('counterparties-truncated.xlsx'), mode: 'commit' });
    expect(env).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Не удалось прочитать файл «counterparties-truncated.xlsx»: файл повреждён или обрезан' },
    });
    expect(await call('counterparties.importFile', { fileName: 'empty.csv', contentBase64: '' })).toMatchObject({
      ok: false,
      error: { message: 'Не удалось прочитать файл «empty.csv»: файл пуст' },
    });
    expect(table('audit_log').filter((a) => a.command === 'counterparties.importFile')).toEqual([]);
  });

  it('needs import.masterData', async () => {
    const { legal } = await setup();
    expect(await legal('counterparties.importFile', fixture('counterparties.xlsx'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('counterparties.importFile with a title above the table', () => {
  it('finds the header row below a report title, keeping spreadsheet row numbers', async () => {
    const t = testCore([{ login: 'anna', roles: ['assistant'] }]);
    const call = t.as(await t.signIn('anna'));
    const env = await call('counterparties.importFile', {
      ...xlsxFile('1c.xlsx', [
        ['Реестр контрагентов на 01.12.2026'],
        [],
        ['ИНН', 'Наименование', 'Тип', 'Режим НДС', 'КПП'],
        ['7707083893', 'ПАО Сбербанк', 'ЮЛ', 'НДС 22%', '773601001'],
        ['7707083894', 'Ошибка', 'ЮЛ', 'VAT', '773601001'],
      ]),
      mode: 'commit',
    });
    expect(env).toMatchObject({
      ok: true,
      data: { rowsRead: 2, added: 1, rejected: 1, errors: [{ row: 5, column: 'ИНН', reason: 'Неверная контрольная сумма ИНН' }] },
    });
  });
});
