// Import files for tests: the committed hostile fixtures and small files built on the spot.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/import');
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/templates');

/** An import command's file input. */
export interface FileInput {
  fileName: string;
  contentBase64: string;
}

/** A committed fixture by name. */
export function fixture(name: string): FileInput {
  return { fileName: name, contentBase64: fs.readFileSync(path.join(FIXTURES_DIR, name)).toString('base64') };
}

/** A shipped template by file name. */
export function template(name: string): FileInput {
  return { fileName: name, contentBase64: fs.readFileSync(path.join(TEMPLATES_DIR, name)).toString('base64') };
}

/** An XLSX workbook with one sheet of the given rows. */
export function xlsxBytes(rows: unknown[][]): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(rows, { dense: true });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Лист1');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** An XLSX import file. */
export function xlsxFile(fileName: string, rows: unknown[][]): FileInput {
  return { fileName, contentBase64: Buffer.from(xlsxBytes(rows)).toString('base64') };
}

/** A UTF-8 CSV import file (`;` unless told). */
export function csvFile(fileName: string, rows: string[][], sep = ';'): FileInput {
  return { fileName, contentBase64: Buffer.from(rows.map((r) => r.join(sep)).join('\r\n')).toString('base64') };
}

/** Reads the rows of an XLSX given as base64 (for checking error reports). */
export function xlsxRows(base64: string): unknown[][] {
  const wb = XLSX.read(Buffer.from(base64, 'base64'), { type: 'buffer' });
  return XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 });
}

/** Valid counterparties used across tests (the same as in the fixtures and templates). */
export const CP = {
  kazanLlc: {
    inn: '1655012344', kpp: '165501001', ogrn: '1161690012340', name: 'ООО «Продукты Поволжья»', type: 'ЮЛ', vatMode: 'VAT',
    bik: '049205603', account: '40702810462000012345', corrAccount: '30101810600000000603',
  },
  samaraJsc: {
    inn: '6315009872', kpp: '631501001', ogrn: '1206300012346', name: 'АО «Самарская торговая сеть»', type: 'ЮЛ', vatMode: 'VAT5',
    bik: '043601607', account: '40702810154400012345', corrAccount: '30101810200000000607',
  },
  kazanIp: {
    inn: '165501234514', ogrn: '319169000012341', name: 'ИП Гарипов Ринат Ильдарович', type: 'ИП', vatMode: 'NO_VAT',
    bik: '049205603', account: '40802810962000054321', corrAccount: '30101810600000000603',
  },
  moscowLlc: { inn: '7705123452', kpp: '770501001', name: 'ООО «Столичная розница»', type: 'ЮЛ', vatMode: 'VAT' },
  sber: {
    inn: '7707083893', kpp: '773601001', ogrn: '1027700132195', name: 'ПАО Сбербанк', type: 'ЮЛ', vatMode: 'VAT',
    bik: '044525225', account: '40702810938000000001', corrAccount: '30101810400000000225',
  },
} as const;
