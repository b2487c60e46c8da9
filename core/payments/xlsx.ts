// The registry as a formatted XLSX for analysis: ₽ number formats, a totals row, a frozen header and filters. Text a
// spreadsheet would run as a formula (= + - @ at the start) is neutralised with a leading apostrophe (core/export).
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { neutralizeCell } from '../export/formulaGuard';
import type { RegistryHeader, RegistryLine } from './repo';

const RUB = '#,##0.00 "₽"';
const KIND_RU = { payout: 'Выплата', adjustment: 'Корректировка' } as const;

type Col = { title: string; wch: number; money?: boolean; value: (l: RegistryLine, i: number) => string | number | null };

const COLUMNS: Col[] = [
  { title: '№', wch: 6, value: (_l, i) => i + 1 },
  { title: 'Договор', wch: 18, value: (l) => l.contractNumber },
  { title: 'Дата договора', wch: 12, value: (l) => l.contractDate },
  { title: 'Вид', wch: 14, value: (l) => KIND_RU[l.kind] },
  { title: 'Месяц', wch: 9, value: (l) => l.month },
  { title: 'Контрагент', wch: 36, value: (l) => l.counterpartyName },
  { title: 'ИНН', wch: 13, value: (l) => l.inn },
  { title: 'КПП', wch: 11, value: (l) => l.kpp },
  { title: 'БИК', wch: 11, value: (l) => l.bik },
  { title: 'Расчётный счёт', wch: 22, value: (l) => l.account },
  { title: 'Банк', wch: 28, value: (l) => l.bankName },
  { title: 'Федеральный округ', wch: 10, value: (l) => l.federalDistrict },
  { title: 'Регион', wch: 24, value: (l) => l.regionName },
  { title: 'Вознаграждение', wch: 16, money: true, value: (l) => l.monthFee },
  { title: 'Штраф', wch: 16, money: true, value: (l) => l.penalty },
  { title: 'К выплате без НДС', wch: 16, money: true, value: (l) => l.payout },
  { title: 'Ставка НДС, %', wch: 8, value: (l) => l.vatRateBp / 100 },
  { title: 'НДС', wch: 14, money: true, value: (l) => l.vat },
  { title: 'Итого', wch: 16, money: true, value: (l) => l.total },
  { title: '№ платёжного поручения', wch: 10, value: (l) => l.paymentOrderNo },
  { title: 'Оплачено', wch: 16, money: true, value: (l) => l.paidAmount },
  { title: 'Дата оплаты', wch: 12, value: (l) => l.paidDate },
];

/** Column titles of the registry sheet, in order (tests read the file back by them). */
export const XLSX_TITLES = COLUMNS.map((c) => c.title);

function cell(c: Col, v: string | number | null): XLSX.CellObject {
  if (v === null || v === undefined) return { t: 'z' };
  if (c.money) return { t: 'n', v: (v as number) / 100, z: RUB };
  if (typeof v === 'number') return { t: 'n', v };
  return { t: 's', v: neutralizeCell(v) };
}

// SheetJS community writes no panes: the frozen header goes into the sheet XML after writing.
function freezeHeader(xlsx: Uint8Array): Uint8Array {
  const files = unzipSync(xlsx);
  const name = 'xl/worksheets/sheet1.xml';
  const xml = strFromU8(files[name]);
  const pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>';
  const patched = xml.replace(/<sheetView ([^>]*?)\/>/, `<sheetView $1>${pane}</sheetView>`);
  if (patched === xml) throw new Error('sheetView not found in the generated sheet');
  files[name] = strToU8(patched);
  return zipSync(files, { level: 6 });
}

/** The registry sheet: header, one row per line, a totals row with SUBTOTAL formulas (so filters re-total). */
export function registryXlsx(r: RegistryHeader, lines: RegistryLine[]): Uint8Array {
  const ws: XLSX.WorkSheet = {};
  COLUMNS.forEach((c, j) => (ws[XLSX.utils.encode_cell({ r: 0, c: j })] = { t: 's', v: c.title }));
  lines.forEach((l, i) => COLUMNS.forEach((c, j) => (ws[XLSX.utils.encode_cell({ r: i + 1, c: j })] = cell(c, c.value(l, i)))));
  const last = lines.length; // 0-based row of the last line
  const totalsRow = last + 1;
  ws[XLSX.utils.encode_cell({ r: totalsRow, c: 1 })] = { t: 's', v: `Итого по реестру ${r.number}` };
  COLUMNS.forEach((c, j) => {
    if (!c.money) return;
    const col = XLSX.utils.encode_col(j);
    const sum = lines.reduce((s, l) => s + ((c.value(l, 0) as number | null) ?? 0), 0);
    ws[XLSX.utils.encode_cell({ r: totalsRow, c: j })] = { t: 'n', v: sum / 100, z: RUB, f: `SUBTOTAL(9,${col}2:${col}${last + 1})` };
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: totalsRow, c: COLUMNS.length - 1 } });
  ws['!cols'] = COLUMNS.map((c) => ({ wch: c.wch }));
  ws['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(last, 1), c: COLUMNS.length - 1 } }) };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Реестр');
  wb.Props = { Title: `Реестр выплат ${r.number} за ${r.month}` };
  const out = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
  return freezeHeader(out);
}
