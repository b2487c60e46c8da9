import * as XLSX from 'xlsx';
import { neutralizeCell } from '../export/formulaGuard';

/** One refused value of an import: spreadsheet row, column header, the value as read and why it was refused. */
export interface RowError {
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** Builds the XLSX error report users download and fix their file by: Строка / Колонка / Значение / Причина. */
export function errorReportXlsx(errors: RowError[], title: string): Uint8Array {
  const aoa: (string | number)[][] = [['Строка', 'Колонка', 'Значение', 'Причина']];
  // Column headers and values come from the user's file: a hostile «=HYPERLINK(…)» must stay text.
  for (const e of errors) aoa.push([e.row, neutralizeCell(e.column), neutralizeCell(e.value), e.reason]);
  const ws = XLSX.utils.aoa_to_sheet(aoa, { dense: true });
  ws['!cols'] = [{ wch: 8 }, { wch: 24 }, { wch: 30 }, { wch: 80 }];
  ws['!autofilter'] = { ref: `A1:D${aoa.length}` };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Ошибки');
  wb.Props = { Title: title };
  const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return new Uint8Array(out);
}
