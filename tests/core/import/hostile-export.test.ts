import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { looksLikeFormula, neutralizeCell, neutralizeRows } from '../../../core/export/formulaGuard';
import { errorReportXlsx } from '../../../core/import/report';

describe('formula injection in exports', () => {
  it('prefixes text starting with = + - @ tab or CR with an apostrophe, and leaves everything else alone', () => {
    for (const s of ['=1+1', '+7 (999) 000-00-00', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x","y")']) {
      expect(looksLikeFormula(s), s).toBe(true);
      expect(neutralizeCell(s)).toBe(`'${s}`);
    }
    for (const v of ['ООО «Ромашка»', '', ' =not-first', 'a=b', "'=already", 0, -5, 12.5, null, true]) {
      expect(neutralizeCell(v), String(v)).toBe(v);
    }
    expect(neutralizeRows([['=a', 1], ['b', '-c']])).toEqual([["'=a", 1], ['b', "'-c"]]);
  });

  it('the import error report writes hostile values as inert text', () => {
    const bytes = errorReportXlsx([{ row: 2, column: '=cmd|/C calc!A0', value: '@SUM(1)', reason: 'Неверное значение' }], 'Ошибки');
    const wb = XLSX.read(bytes, { type: 'array', cellFormula: true });
    const ws = wb.Sheets[wb.SheetNames[0]];
    expect(ws.B2).toMatchObject({ t: 's', v: "'=cmd|/C calc!A0" });
    expect(ws.C2).toMatchObject({ t: 's', v: "'@SUM(1)" });
    expect(ws.B2.f).toBeUndefined();
  });
});
