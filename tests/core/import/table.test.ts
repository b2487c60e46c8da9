import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, parseCsv } from '../../../core/import/csv';
import { readTable } from '../../../core/import/table';
import { FIXTURES_DIR, xlsxBytes } from './files';

const utf8 = (s: string) => new TextEncoder().encode(s);
const file = (name: string) => fs.readFileSync(path.join(FIXTURES_DIR, name));
const cp1251 = (s: string) => {
  const dec = new TextDecoder('windows-1251');
  const map = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) map.set(dec.decode(Uint8Array.of(b)), b);
  return Uint8Array.from([...s].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : map.get(ch)!)));
};

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM, windows-1251, UTF-16 LE/BE by BOM and by NUL pattern', () => {
    expect(decodeText(utf8('\ufeffИНН;КПП'))).toBe('ИНН;КПП');
    expect(decodeText(utf8('ИНН;КПП'))).toBe('ИНН;КПП');
    expect(decodeText(cp1251('ИНН;Наименование «Ёлка»'))).toBe('ИНН;Наименование «Ёлка»');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ИНН\tКПП', 'utf16le')]))).toBe('ИНН\tКПП');
    expect(decodeText(Buffer.from('inn;kpp\r\n1;2', 'utf16le'))).toBe('inn;kpp\r\n1;2');
  });

  it('drops NUL padding', () => {
    expect(decodeText(Buffer.concat([Buffer.from('a;b\n1;2\n'), Buffer.alloc(100)]))).toBe('a;b\n1;2\n');
  });
});

describe('detectDelimiter', () => {
  it('counts outside quotes in the header line; `;` wins a tie', () => {
    expect(detectDelimiter('a;b;c\n1,2,3,4,5')).toBe(';');
    expect(detectDelimiter('"a;b";c,d,e\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('single')).toBe(';');
    expect(detectDelimiter('a,b;c')).toBe(';');
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF and lone CR', () => {
    const recs = parseCsv('a;b;c\r\n"x;y";"say ""hi""";"two\r\nlines"\r\n1;;\r3;4;5');
    expect(recs).toEqual([
      { rowNo: 1, cells: ['a', 'b', 'c'] },
      { rowNo: 2, cells: ['x;y', 'say "hi"', 'two\r\nlines'] },
      { rowNo: 3, cells: ['1', '', ''] },
      { rowNo: 4, cells: ['3', '4', '5'] },
    ]);
  });

  it('honours an Excel `sep=` line without counting it as a row', () => {
    expect(parseCsv('sep=,\na;b,c\n1;2,3\n')).toEqual([
      { rowNo: 1, cells: ['a;b', 'c'] },
      { rowNo: 2, cells: ['1;2', '3'] },
    ]);
  });

  it('keeps an unterminated quote to the end instead of losing data', () => {
    expect(parseCsv('a;b\n"open;1')).toEqual([
      { rowNo: 1, cells: ['a', 'b'] },
      { rowNo: 2, cells: ['open;1'] },
    ]);
  });
});

describe('readTable', () => {
  it('reads CSV: trims cells, drops empty rows, keeps the row numbers a user sees', () => {
    const t = readTable(utf8('  ИНН ; Наименование \n\n 7707083893 ;  ПАО Сбербанк \n;\n"1";"a\nb"\n'), 'x.csv');
    expect(t).toEqual({
      headers: ['ИНН', 'Наименование'],
      rows: [
        { rowNo: 3, cells: ['7707083893', 'ПАО Сбербанк'] },
        { rowNo: 5, cells: ['1', 'a\nb'] },
      ],
    });
  });

  it('pads short rows to the header width and ignores trailing empty headers', () => {
    expect(readTable(utf8('a;b;;\n1\n'), 'x.csv')).toEqual({ headers: ['a', 'b'], rows: [{ rowNo: 2, cells: ['1', ''] }] });
  });

  it('reads XLSX: numbers without grouping or float noise, date cells as ISO, Excel row numbers', () => {
    const bytes = xlsxBytes([
      ['contract_no', 'start_date', 'monthly_fee', 'inn', 'flag'],
      [],
      ['MK-1', { t: 'n', v: 46388, z: 'dd.mm.yyyy' }, 1234567.5, 7707083893, true],
      ['MK-2', { t: 'd', v: new Date(Date.UTC(2027, 0, 31)) }, 0.1 + 0.2, '0274062111', false],
    ]);
    const t = readTable(bytes, 'c.xlsx');
    expect(t.headers).toEqual(['contract_no', 'start_date', 'monthly_fee', 'inn', 'flag']);
    expect(t.rows).toEqual([
      { rowNo: 3, cells: ['MK-1', '2027-01-01', '1234567.5', '7707083893', 'ИСТИНА'] },
      { rowNo: 4, cells: ['MK-2', '2027-01-31', '0.3', '0274062111', 'ЛОЖЬ'] },
    ]);
  });

  it('reads only the first sheet, and an old .xls (BIFF8)', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['a'], ['first']]), 'one');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['a'], ['second']]), 'two');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    expect(readTable(bytes, 'two.xlsx').rows).toEqual([{ rowNo: 2, cells: ['first'] }]);
    expect(readTable(file('skus.xls'), 'skus.xls')).toEqual({
      headers: ['Код SKU', 'Наименование', 'Бренд'],
      rows: [
        { rowNo: 2, cells: ['SKU-1001', 'Напиток «Лимонад», 0,5 л', 'Родник'] },
        { rowNo: 4, cells: ['SKU-2001', 'Чипсы со сметаной, 90 г', 'Хрустим'] },
      ],
    });
  });

  it('goes by content, not extension: an XLSX named .csv is still a workbook', () => {
    expect(readTable(xlsxBytes([['a'], ['1']]), 'renamed.csv').rows).toEqual([{ rowNo: 2, cells: ['1'] }]);
  });

  it.each([
    ['counterparties-utf8-bom-comma.csv', 2],
    ['counterparties-cp1251-semicolon.csv', 3],
    ['counterparties-utf16le-tab.txt', 2],
    ['counterparties-utf16be.csv', 1],
    ['counterparties-nul-padded.csv', 2],
    ['counterparties.xlsx', 3],
  ])('reads the fixture %s', (name, rows) => {
    const t = readTable(file(name), name);
    expect(t.headers[0]).toMatch(/^(inn|ИНН)$/);
    expect(t.headers).toHaveLength(12);
    expect(t.rows).toHaveLength(rows);
    for (const r of t.rows) {
      expect(r.cells[0]).toMatch(/^\d{10,12}$/);
      expect(r.cells.join('')).not.toContain('\u0000');
    }
  });

  it.each([
    ['counterparties-truncated.xlsx', 'файл повреждён или обрезан'],
    ['not-a-table.csv', 'это не текстовый файл CSV и не книга Excel'],
  ])('refuses %s clearly', (name, reason) => {
    expect(() => readTable(file(name), name)).toThrow(`Не удалось прочитать файл «${name}»: ${reason}`);
  });

  it('refuses empty files, header-less files and text named .xlsx', () => {
    expect(() => readTable(new Uint8Array(0), 'e.csv')).toThrow('Не удалось прочитать файл «e.csv»: файл пуст');
    expect(() => readTable(utf8(' ; \r\n\r\n'), 'blank.csv')).toThrow('в файле нет данных');
    expect(() => readTable(Buffer.alloc(64), 'zeros.csv')).toThrow('в файле нет данных');
    expect(() => readTable(utf8('a;b'), 'fake.xlsx')).toThrow('это не книга Excel (XLSX) или файл повреждён');
  });
});
