// Any import file (XLSX, XLS, CSV in any of the usual encodings) → one plain table of trimmed strings.
import * as XLSX from 'xlsx';
import { DomainError } from '../errors';
import { decodeText, parseCsv } from './csv';
import { checkXlsx, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS } from './limits';

/** A file's first sheet as text: the header row and the non-empty data rows with their spreadsheet row numbers. */
export interface RawTable {
  headers: string[];
  rows: { rowNo: number; cells: string[] }[];
}

type Format = 'xlsx' | 'xls' | 'csv';

function unreadable(fileName: string, reason: string): DomainError {
  return new DomainError('validation', `Не удалось прочитать файл «${fileName}»: ${reason}`, { fileName });
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

// The content decides, the extension only breaks ties: users rename CSVs to .xls and vice versa.
function detectFormat(bytes: Uint8Array, fileName: string): Format {
  if (isZip(bytes)) return 'xlsx';
  if (isOle(bytes)) return 'xls';
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'xlsm') throw unreadable(fileName, 'это не книга Excel (XLSX) или файл повреждён');
  // An .xls may also be an HTML or XML table saved by an old exporter; SheetJS reads those.
  if (ext === 'xls') return 'xls';
  return 'csv';
}

/** Plain text of a number: no grouping, no exponent for integers, no float noise like 0.30000000000000004. */
function numberText(v: number): string {
  if (Number.isInteger(v)) return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
  return String(Number(v.toPrecision(15)));
}

function isoFromSerial(serial: number, date1904: boolean): string {
  const p = XLSX.SSF.parse_date_code(serial, { date1904 }) as { y: number; m: number; d: number } | null;
  if (!p) return numberText(serial);
  return `${String(p.y).padStart(4, '0')}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

function cellText(cell: XLSX.CellObject | undefined, date1904: boolean): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      // Date-formatted numbers become ISO dates here, so no time zone ever touches them.
      return typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z) ? isoFromSerial(v, date1904) : numberText(v);
    }
    case 'd': {
      const d = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
      return Number.isNaN(d.getTime()) ? String(cell.v) : d.toISOString().slice(0, 10);
    }
    case 'b':
      return cell.v ? 'ИСТИНА' : 'ЛОЖЬ';
    case 'e':
      return cell.w ?? '#ОШИБКА';
    default:
      return String(cell.v);
  }
}

function readWorkbookRows(bytes: Uint8Array, fileName: string): { rowNo: number; cells: string[] }[] {
  if (isZip(bytes)) {
    const check = checkXlsx(bytes);
    if (!check.ok) throw unreadable(fileName, check.reason);
    bytes = check.bytes;
  }
  let wb: XLSX.WorkBook;
  try {
    // Formulas are never parsed, let alone evaluated: the value Excel cached when it saved the file is what counts.
    wb = XLSX.read(bytes, { type: 'array', dense: true, cellNF: true, cellHTML: false, cellText: false, cellFormula: false });
  } catch (e) {
    const detail = e instanceof Error && /zip|corrupt|end of central|invalid/i.test(e.message) ? 'файл повреждён или обрезан' : 'формат не распознан';
    throw unreadable(fileName, detail);
  }
  const name = wb.SheetNames[0];
  const sheet = name === undefined ? undefined : wb.Sheets[name];
  if (!sheet) throw unreadable(fileName, 'в книге нет листов');
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const data = (sheet['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const origin = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']).s : { r: 0, c: 0 };
  const out: { rowNo: number; cells: string[] }[] = [];
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (!row) continue;
    const cells: string[] = [];
    // Dense rows start at column A even when the used range starts later; keep the range's left edge as column 1.
    for (let c = origin.c; c < row.length; c++) cells.push(cellText(row[c], date1904));
    out.push({ rowNo: r + 1, cells });
  }
  return out;
}

function cleanRows(rows: { rowNo: number; cells: string[] }[], fileName: string): { rowNo: number; cells: string[] }[] {
  const out: { rowNo: number; cells: string[] }[] = [];
  for (const r of rows) {
    const cells = r.cells.map((c) => (c.includes('\u0000') ? c.replaceAll('\u0000', '') : c).trim());
    // Trailing empty cells (formatting dragged to column XFD) are dropped, so only real data counts against limits.
    let width = cells.length;
    while (width > 0 && cells[width - 1] === '') width--;
    if (width === 0) continue;
    if (width > MAX_COLUMNS) throw unreadable(fileName, `в строке ${r.rowNo} больше ${MAX_COLUMNS} заполненных колонок`);
    for (let i = 0; i < width; i++) {
      if (cells[i].length > MAX_CELL_CHARS) {
        throw unreadable(fileName, `в строке ${r.rowNo} ячейка длиной ${cells[i].length.toLocaleString('ru-RU')} символов (допустимо до ${MAX_CELL_CHARS.toLocaleString('ru-RU')}, как в Excel)`);
      }
    }
    if (out.length >= MAX_ROWS) throw unreadable(fileName, `в файле больше ${MAX_ROWS.toLocaleString('ru-RU')} строк`);
    out.push({ rowNo: r.rowNo, cells: width === cells.length ? cells : cells.slice(0, width) });
  }
  return out;
}

// Text never holds control characters other than tab and line breaks; a PDF or image renamed to .csv does.
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0b && c !== 0x0c) return true;
  }
  return false;
}

/**
 * Reads the first sheet of an XLSX/XLS file or a CSV (encoding and delimiter detected) as trimmed strings.
 * The first non-empty row is the header; fully empty rows are dropped; row numbers are those Excel shows.
 */
export function readTable(bytes: Uint8Array, fileName: string): RawTable {
  if (bytes.length === 0) throw unreadable(fileName, 'файл пуст');
  const format = detectFormat(bytes, fileName);
  let rows: { rowNo: number; cells: string[] }[];
  if (format === 'csv') {
    const text = decodeText(bytes);
    if (looksBinary(text)) throw unreadable(fileName, 'это не текстовый файл CSV и не книга Excel');
    rows = parseCsv(text);
  } else {
    rows = readWorkbookRows(bytes, fileName);
  }
  const nonEmpty = cleanRows(rows, fileName);
  const [header, ...data] = nonEmpty;
  if (!header) throw unreadable(fileName, 'в файле нет данных');
  let width = header.cells.length;
  while (width > 0 && header.cells[width - 1] === '') width--;
  const headers = header.cells.slice(0, width);
  for (const r of data) while (r.cells.length < headers.length) r.cells.push('');
  return { headers, rows: data };
}
