// The visits/signals import through the command table: counts, duplicates, all-or-nothing, encodings, profiles, rights.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { UNMATCHED_REASONS } from '../../../core/penalties/match';
import { cp1251, fileInput, makeSignalsWorld, MARCH_ROWS, toCsv } from './world';

const FIXTURES = path.join(__dirname, '../../fixtures/signals');

interface Result {
  committed: boolean;
  rowsRead: number;
  added: number;
  duplicates: number;
  unchanged: number;
  rejected: number;
  batchId: number | null;
  sameFileBatchId: number | null;
  visitsAdded: number;
  signalsAdded: number;
  matched: number;
  unmatched: number;
  contractMonths: number;
  message: string;
  errors: { row: number; column: string; value: string; reason: string }[];
  reportXlsxBase64: string | null;
  preview: Record<string, string>[];
}

const count = (w: ReturnType<typeof makeSignalsWorld>, table: string) => w.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('signals.importFile', () => {
  it('imports a file, matches its signals and journals the batch', async () => {
    const w = makeSignalsWorld();
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('visits_2026-03.csv', toCsv(MARCH_ROWS)));
    expect(r).toMatchObject({ committed: true, rowsRead: 12, added: 12, duplicates: 0, rejected: 0, visitsAdded: 11, signalsAdded: 11, matched: 7, unmatched: 4 });
    // C1 March and April, C2 March, C4 March.
    expect(r.contractMonths).toBe(4);
    expect(count(w, 'visits')).toBe(11);
    expect(count(w, 'signals')).toBe(11);
    const batch = w.db.prepare('SELECT * FROM import_batches WHERE id = ?').get(r.batchId) as Record<string, unknown>;
    expect(batch).toMatchObject({ kind: 'signals', file_name: 'visits_2026-03.csv', rows_read: 12, rows_added: 12, rows_duplicate: 0, rows_rejected: 0, status: 'committed' });
    expect(batch.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(batch.user_id).toBe(w.db.prepare("SELECT id FROM users WHERE login = 'asst'").pluck().get());
    // Objects are stored as the unique key wants them: SKU code, equipment code, '' for SCHEDULE.
    const byVisit = w.db
      .prepare(
        `SELECT v.visit_id, s.signal_type, s.object_code, s.match_status, c.number, s.unmatched_reason, s.photo_ref, v.source, v.rep_code
         FROM signals s JOIN visits v ON v.id = s.visit_row_id LEFT JOIN contracts c ON c.id = s.contract_id ORDER BY v.visit_id, s.id`,
      )
      .raw()
      .all();
    expect(byVisit).toEqual([
      ['V-01', 'OOS', 'SKU-1', 'matched', 'MK-2026-000001', null, 'ir/V-01-1.jpg', 'IR', 'R1'],
      ['V-01', 'OOS', 'SKU-2', 'matched', 'MK-2026-000001', null, 'ir/V-01-2.jpg', 'IR', 'R1'],
      ['V-02', 'OOS', 'SKU-1', 'matched', 'MK-2026-000001', null, null, 'SFA', 'R1'],
      ['V-03', 'SCHEDULE', '', 'matched', 'MK-2026-000001', null, null, 'SFA', 'R1'],
      ['V-05', 'OOS', 'SKU-3', 'unmatched', null, UNMATCHED_REASONS.skuNotInTerms, null, 'IR', 'R1'],
      ['V-06', 'OOS', 'SKU-4', 'matched', 'MK-2026-000004', null, null, 'IR', 'R1'],
      ['V-07', 'OOS', 'SKU-1', 'matched', 'MK-2026-000002', null, null, 'IR', 'R2'],
      ['V-08', 'OOS', 'SKU-1', 'unmatched', null, UNMATCHED_REASONS.noContract, null, 'IR', 'R2'],
      ['V-09', 'SCHEDULE', '', 'unmatched', null, UNMATCHED_REASONS.noContract, null, 'SFA', 'R3'],
      ['V-10', 'SCHEDULE', '', 'unmatched', null, UNMATCHED_REASONS.noSchedule, null, 'SFA', 'R2'],
      ['V-11', 'EQUIPMENT', 'EQ-1', 'matched', 'MK-2026-000001', null, null, 'IR', 'R1'],
    ]);
    // The clean visit is kept as a visit without signals.
    expect(w.db.prepare("SELECT visit_date FROM visits WHERE visit_id = 'V-04'").pluck().get()).toBe('2026-03-22');
  });

  it('adds nothing when the same file comes twice, and says so', async () => {
    const w = makeSignalsWorld();
    const input = fileInput('visits_2026-03.csv', toCsv(MARCH_ROWS));
    const first = await w.ok<Result>('asst', 'signals.importFile', input);
    const months = w.db.prepare('SELECT * FROM contract_months ORDER BY contract_id, month').all();
    const second = await w.ok<Result>('asst', 'signals.importFile', input);
    expect(second).toMatchObject({ committed: true, rowsRead: 12, added: 0, duplicates: 12, unchanged: 12, visitsAdded: 0, signalsAdded: 0, sameFileBatchId: first.batchId });
    expect(second.message).toContain('Новых строк нет');
    expect(second.message).toContain(`пакет №${first.batchId}`);
    expect(count(w, 'visits')).toBe(11);
    expect(count(w, 'signals')).toBe(11);
    expect(w.db.prepare('SELECT * FROM contract_months ORDER BY contract_id, month').all()).toEqual(months);
    // The journal shows the second load with its duplicates.
    expect(w.db.prepare('SELECT rows_added, rows_duplicate FROM import_batches WHERE id = ?').raw().get(second.batchId)).toEqual([0, 12]);
  });

  it('counts duplicates inside one file and against stored signals, adding only what is new', async () => {
    const w = makeSignalsWorld();
    await w.ok('asst', 'signals.importFile', fileInput('a.csv', toCsv(MARCH_ROWS.slice(0, 4))));
    const rows = [
      MARCH_ROWS[0],
      MARCH_ROWS[1], // stored already
      MARCH_ROWS[4], // new
      MARCH_ROWS[4], // repeated in the file
      ['V-01', '03.03.2026', 'TT-001', 'R1', '', '', '', '', 'SFA'], // clean row of a stored visit
      ['V-01', '03.03.2026', 'TT-001', 'R1', 'EQUIPMENT', '', 'EQ-1', '', 'IR'], // new signal on a stored visit
    ];
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('b.csv', toCsv(rows)));
    expect(r).toMatchObject({ rowsRead: 5, added: 2, duplicates: 3, visitsAdded: 1, signalsAdded: 2 });
    expect(count(w, 'signals')).toBe(5);
    expect(w.db.prepare("SELECT count(*) FROM visits WHERE visit_id = 'V-01'").pluck().get()).toBe(1);
  });

  it('commits nothing when one row is bad, and reports that row with column, value and reason', async () => {
    const w = makeSignalsWorld();
    const rows = MARCH_ROWS.map((r) => [...r]);
    rows[6][5] = 'SKU-404'; // spreadsheet row 7
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('bad.csv', toCsv(rows)));
    expect(r).toMatchObject({ committed: false, rowsRead: 12, rejected: 1, batchId: null });
    expect(r.errors).toEqual([{ row: 7, column: 'sku_code', value: 'SKU-404', reason: 'Неизвестный код SKU' }]);
    expect(r.message).toContain('Файл не загружен');
    for (const t of ['visits', 'signals', 'import_batches', 'contract_months']) expect(count(w, t)).toBe(0);
    // The XLSX report lists the same error under Russian headers.
    const wb = XLSX.read(Buffer.from(r.reportXlsxBase64!, 'base64'), { type: 'buffer' });
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 });
    expect(aoa).toEqual([
      ['Строка', 'Колонка', 'Значение', 'Причина'],
      [7, 'sku_code', 'SKU-404', 'Неизвестный код SKU'],
    ]);
  });

  it('reports every bad row at once, each with its reason', async () => {
    const w = makeSignalsWorld();
    const rows = [
      MARCH_ROWS[0],
      ['V-1', '31.02.2026', 'TT-001', '', 'OOS', 'SKU-1', '', '', ''],
      ['V-2', '01.03.2026', 'TT-999', '', 'OOS', 'SKU-1', '', '', ''],
      ['V-3', '01.03.2026', 'TT-001', '', 'EQUIPMENT', '', 'EQ-9', '', ''],
      ['V-4', '01.03.2026', 'TT-001', '', 'FIRE', '', '', '', ''],
      ['V-5', '01.03.2026', 'TT-001', '', 'OOS', '', '', '', ''],
      ['', '01.03.2026', 'TT-001', '', '', '', '', '', ''],
      ['V-6', '01.03.2027', 'TT-001', '', '', '', '', '', ''],
      ['V-7', '01.03.2026', 'TT-001', '', '', '', '', '', 'EMAIL'],
      ['V-8', '01.03.2026', 'TT-001', '', 'SCHEDULE', '', '', '', ''],
      ['V-8', '02.03.2026', 'TT-001', '', 'OOS', 'SKU-1', '', '', ''],
      MARCH_ROWS[1],
    ];
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('bad.csv', toCsv(rows)));
    expect(r.committed).toBe(false);
    // Nine bad rows; row 10 is fine by itself (its twin in row 11 is the one refused) and row 12 is fine.
    expect(r.rejected).toBe(9);
    expect(r.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [2, 'visit_date', 'Неверная дата: ожидается ДД.ММ.ГГГГ, ГГГГ-ММ-ДД или дата Excel'],
      [3, 'outlet_code', 'Неизвестный код торговой точки'],
      [4, 'equipment_code', 'Неизвестный код оборудования'],
      [5, 'signal_type', 'Неизвестный тип сигнала: допустимы OOS, EQUIPMENT, SCHEDULE или пусто (визит без нарушений)'],
      [6, 'sku_code', 'Для сигнала OOS укажите код SKU'],
      [7, 'visit_id', 'Не указан ИД визита'],
      [8, 'visit_date', 'Дата визита ещё не наступила'],
      [9, 'source', 'Неизвестный источник: допустимы SFA или IR'],
      [11, 'visit_id', 'Визит с этим ИД в строке 10 указан с другой датой или торговой точкой'],
    ]);
    expect(r.errors[0].value).toBe('31.02.2026');
    expect(count(w, 'signals')).toBe(0);
  });

  it('refuses a visit id already stored with another date or outlet', async () => {
    const w = makeSignalsWorld();
    const first = await w.ok<Result>('asst', 'signals.importFile', fileInput('a.csv', toCsv(MARCH_ROWS.slice(0, 2))));
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('b.csv', toCsv([MARCH_ROWS[0], ['V-01', '04.03.2026', 'TT-001', 'R1', 'OOS', 'SKU-2', '', '', 'IR']])));
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      { row: 2, column: 'visit_id', value: 'V-01', reason: `Визит с этим ИД уже загружен (пакет №${first.batchId}) с другой датой или торговой точкой` },
    ]);
  });

  it('imports a windows-1251 CSV with `;` and Russian headers', async () => {
    const w = makeSignalsWorld();
    const bytes = fs.readFileSync(path.join(FIXTURES, 'visits_cp1251.csv'));
    // The fixture really is cp1251: «Дата визита» is not valid UTF-8 there.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('visits_cp1251.csv', bytes));
    expect(r).toMatchObject({ committed: true, rowsRead: 4, added: 4, matched: 3, unmatched: 0 });
    expect(w.db.prepare("SELECT visit_date, rep_code FROM visits WHERE visit_id = 'ВИЗ-1'").raw().get()).toEqual(['2026-03-03', 'ТП-Иванов']);
  });

  it('builds the same cp1251 bytes as the fixture (the fixture is what Russian Excel saves)', () => {
    const text = toCsv(
      [
        ['ИД визита', 'Дата визита', 'Код ТТ', 'Код ТП', 'Тип сигнала', 'Код SKU', 'Код оборудования', 'Фото', 'Источник'],
        ['ВИЗ-1', '03.03.2026', 'TT-001', 'ТП-Иванов', 'OOS', 'SKU-1', '', 'фото 1.jpg', 'IR'],
        ['ВИЗ-1', '03.03.2026', 'TT-001', 'ТП-Иванов', 'OOS', 'SKU-2', '', '', 'IR'],
        ['ВИЗ-2', '04.03.2026', 'TT-002', 'ТП-Иванов', 'SCHEDULE', '', '', '', 'SFA'],
        ['ВИЗ-3', '05.03.2026', 'TT-002', 'ТП-Иванов', '', '', '', '', 'SFA'],
      ],
      ';',
    );
    expect(Buffer.from(cp1251(text))).toEqual(fs.readFileSync(path.join(FIXTURES, 'visits_cp1251.csv')));
  });

  it('reads XLSX with Excel serial dates and date-formatted cells', async () => {
    const w = makeSignalsWorld();
    const serial = (iso: string) => (Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) - Date.UTC(1899, 11, 30)) / 86_400_000;
    const ws = XLSX.utils.aoa_to_sheet([
      ['visit_id', 'visit_date', 'outlet_code', 'signal_type', 'sku_code'],
      ['X-1', serial('2026-03-03'), 'TT-001', 'OOS', 'SKU-1'],
      ['X-2', '2026-03-04', 'tt-002', 'oos', 'sku-2'],
    ]);
    // Row 2 holds a bare serial number, row 3 a date-formatted cell as Excel saves a typed date.
    ws.B3 = { t: 'n', v: serial('2026-03-04'), z: 'dd.mm.yyyy' };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Визиты');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('visits.xlsx', bytes));
    expect(r).toMatchObject({ committed: true, added: 2, matched: 2 });
    expect(w.db.prepare('SELECT visit_id, visit_date FROM visits ORDER BY visit_id').raw().all()).toEqual([
      ['X-1', '2026-03-03'],
      ['X-2', '2026-03-04'],
    ]);
    // Codes typed in another case are stored in their reference spelling.
    expect(w.db.prepare("SELECT signal_type || ' ' || object_code FROM signals ORDER BY id").pluck().all()).toEqual(['OOS SKU-1', 'OOS SKU-2']);
  });

  it('previews without writing anything', async () => {
    const w = makeSignalsWorld();
    const r = await w.ok<Result>('asst', 'signals.importFile', { ...fileInput('p.csv', toCsv(MARCH_ROWS)), mode: 'preview' });
    expect(r).toMatchObject({ committed: false, added: 12, rejected: 0, errors: [] });
    expect(r.preview).toHaveLength(12);
    expect(r.preview[0]).toMatchObject({ _row: '2', _status: 'added', visit_id: 'V-01', sku_code: 'SKU-1' });
    expect(r.message).toContain('Проверка пройдена');
    for (const t of ['visits', 'signals', 'import_batches']) expect(count(w, t)).toBe(0);
  });

  it('refuses a file without the required columns', async () => {
    const w = makeSignalsWorld();
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('x.csv', 'visit_id;Код ТТ\nV-1;TT-001\n'));
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([{ row: 1, column: 'Дата визита', value: '', reason: 'В файле нет обязательной колонки «Дата визита» (visit_date)' }]);
  });

  it('refuses a file with a header and no rows', async () => {
    const w = makeSignalsWorld();
    const r = await w.ok<Result>('asst', 'signals.importFile', fileInput('empty.csv', toCsv(MARCH_ROWS.slice(0, 1))));
    expect(r).toMatchObject({ committed: false, rowsRead: 0 });
    expect(r.errors.map((e) => e.reason)).toEqual(['В файле нет строк с данными: только заголовок']);
    expect(count(w, 'import_batches')).toBe(0);
  });

  it('uses a saved column-mapping profile', async () => {
    const w = makeSignalsWorld();
    const odd = [
      ['Номер', 'Когда', 'Магазин', 'Что случилось', 'Товар', 'Канал'],
      ['P-1', '03.03.2026', 'TT-001', 'OOS', 'SKU-1', 'IR'],
      ['P-2', '04.03.2026', 'TT-001', 'SCHEDULE', '', 'SFA'],
    ];
    const input = fileInput('partner.csv', toCsv(odd, ';'));
    const without = await w.ok<Result>('asst', 'signals.importFile', input);
    expect(without.committed).toBe(false);
    expect(without.errors.map((e) => e.column)).toEqual(['ИД визита', 'Дата визита', 'Код ТТ']);

    const saved = await w.ok('asst', 'signals.saveProfile', {
      name: 'Партнёр',
      mapping: { visit_id: 'Номер', visit_date: 'Когда', outlet_code: 'Магазин', signal_type: 'Что случилось', sku_code: 'Товар', source: 'Канал' },
    });
    expect(saved).toMatchObject({ name: 'Партнёр' });
    expect(await w.ok('fin', 'signals.profiles')).toEqual([expect.objectContaining({ name: 'Партнёр', mapping: expect.objectContaining({ visit_id: 'Номер' }) })]);
    const r = await w.ok<Result>('asst', 'signals.importFile', { ...input, profile: 'Партнёр' });
    expect(r).toMatchObject({ committed: true, added: 2, matched: 2 });

    const missing = await w.call('asst', 'signals.importFile', { ...input, profile: 'Нет такого' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const wrongKey = await w.call('asst', 'signals.saveProfile', { name: 'X', mapping: { nope: 'A' } });
    expect(wrongKey).toMatchObject({ ok: false, error: { code: 'validation', message: 'Неизвестная колонка в профиле: nope' } });
  });

  it('reports a profile header the file lacks', async () => {
    const w = makeSignalsWorld();
    await w.ok('asst', 'signals.saveProfile', { name: 'П', mapping: { visit_id: 'Номер визита' } });
    const r = await w.ok<Result>('asst', 'signals.importFile', { ...fileInput('a.csv', toCsv(MARCH_ROWS)), profile: 'П' });
    expect(r.committed).toBe(false);
    expect(r.errors[0].reason).toBe('В файле нет колонки «Номер визита», указанной в профиле «П» для «ИД визита»');
  });

  it('checks rights in the core', async () => {
    const w = makeSignalsWorld();
    const input = fileInput('a.csv', toCsv(MARCH_ROWS));
    expect(await w.call('mgr', 'signals.importFile', input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('fin', 'signals.importFile', input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('lawyer', 'signals.saveProfile', { name: 'x', mapping: { visit_id: 'a' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('adm', 'signals.importFile', input)).toMatchObject({ ok: true });
    expect(await w.call('mgr', 'signals.batches', {})).toMatchObject({ ok: true });
  });

  it('refuses an unreadable file with a Russian message', async () => {
    const w = makeSignalsWorld();
    const env = await w.call('asst', 'signals.importFile', fileInput('broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])));
    expect(env).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!env.ok) expect(env.error.message).toContain('broken.xlsx');
  });
});
