// The dashboard's data as an XLSX workbook for the management meeting: one sheet per view, money in rubles.
import * as XLSX from 'xlsx';
import { neutralizeRows } from '../export/formulaGuard';
import type { KpisResult } from './kpis';
import type { CycleBucket } from './cycleTimes';
import type { DistrictRow, TrendPoint, ViolationPoint } from './series';

/** Everything the workbook shows; the budget part is absent for users without budget.read. */
export interface DashboardData {
  title: string;
  kpis: KpisResult;
  trend: TrendPoint[];
  districts: DistrictRow[];
  violations: ViolationPoint[];
  cycle: CycleBucket[];
  budget?: { month: string; plan: number | null; fact: number | null; forecast: number | null }[];
}

const rub = (k: number | null) => (k === null ? null : k / 100);
const MONEY_FMT = '#,##0.00';

function sheet(aoa: (string | number | null)[][], moneyCols: number[], widths: number[]): XLSX.WorkSheet {
  // Names come from master data people type: a leading = + - @ must stay text (core/export/formulaGuard.ts).
  const ws = XLSX.utils.aoa_to_sheet(neutralizeRows(aoa), { dense: true });
  for (let r = 1; r < aoa.length; r++) {
    for (const c of moneyCols) {
      const cell = XLSX.utils.encode_cell({ r, c });
      const dense = (ws as unknown as { '!data'?: { z?: string }[][] })['!data'];
      const target = dense ? dense[r]?.[c] : (ws[cell] as { z?: string } | undefined);
      if (target) target.z = MONEY_FMT;
    }
  }
  ws['!cols'] = widths.map((wch) => ({ wch }));
  return ws;
}

function tileValue(unit: string, v: number | null): number | null {
  if (v === null) return null;
  if (unit === 'money') return v / 100;
  if (unit === 'bp') return v / 100;
  return v;
}

/** Builds the workbook bytes. */
export function dashboardXlsx(d: DashboardData): Uint8Array {
  const wb = XLSX.utils.book_new();
  const k = d.kpis;
  const kpiRows: (string | number | null)[][] = [[d.title], [], ['Показатель', `${k.month}`, `${k.previousMonth}`, 'Изменение', 'Единица']];
  for (const t of k.tiles) {
    const unit = t.unit === 'money' ? '₽' : t.unit === 'bp' ? '%' : t.unit === 'hours' ? 'ч' : t.unit === 'rate' ? 'на 100 визитов' : 'шт.';
    kpiRows.push([t.label, tileValue(t.unit, t.value), tileValue(t.unit, t.previous), tileValue(t.unit, t.delta), unit]);
  }
  XLSX.utils.book_append_sheet(wb, sheet(kpiRows, [], [34, 18, 18, 18, 16]), 'Показатели');
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [['Месяц', 'Договоров', 'Вознаграждение, ₽', 'Штрафы, ₽', 'Амнистии, ₽', 'К выплате без НДС, ₽', 'НДС, ₽', 'К выплате с НДС, ₽'],
        ...d.trend.map((p) => [p.month, p.contracts, rub(p.monthFee), rub(p.penalty), rub(p.amnesties), rub(p.payout), rub(p.vat), rub(p.payoutTotal)])],
      [2, 3, 4, 5, 6, 7],
      [10, 11, 18, 16, 16, 20, 16, 20],
    ),
    'Динамика',
  );
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [['Округ', 'Название', 'Договоров', 'Вознаграждение, ₽', 'Штрафы, ₽', 'Амнистии, ₽', 'К выплате без НДС, ₽', 'Доля штрафов, %'],
        ...d.districts.map((r) => [r.federalDistrict, r.name, r.contracts, rub(r.monthFee), rub(r.penalty), rub(r.amnesties), rub(r.payout), r.penaltyShareBp === null ? null : r.penaltyShareBp / 100])],
      [3, 4, 5, 6],
      [8, 36, 11, 18, 16, 16, 20, 14],
    ),
    'По округам',
  );
  XLSX.utils.book_append_sheet(
    wb,
    sheet([['Месяц', 'Визитов', 'OOS', 'EQUIPMENT', 'SCHEDULE', 'Всего сигналов'], ...d.violations.map((p) => [p.month, p.visits, p.OOS, p.EQUIPMENT, p.SCHEDULE, p.total])], [], [10, 12, 10, 12, 12, 14]),
    'Нарушения',
  );
  XLSX.utils.book_append_sheet(wb, sheet([['Время согласования', 'Договоров'], ...d.cycle.map((b) => [b.label, b.count])], [], [20, 12]), 'Согласование');
  if (d.budget) {
    XLSX.utils.book_append_sheet(
      wb,
      sheet([['Месяц', 'План, ₽', 'Факт, ₽', 'Прогноз, ₽'], ...d.budget.map((b) => [b.month, rub(b.plan), rub(b.fact), rub(b.forecast)])], [1, 2, 3], [10, 18, 18, 18]),
      'Бюджет',
    );
  }
  wb.Props = { Title: d.title };
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}
