// Number formats of the dashboard tiles and charts (ru-RU).
import { formatMoney } from '../../format';
import type { Kpi } from '../../../core/dashboard/kpis';

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const SHORT = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];

/** `2026-09` → `сентябрь 2026`. */
export function monthName(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

const DATIVE = ['январю', 'февралю', 'марту', 'апрелю', 'маю', 'июню', 'июлю', 'августу', 'сентябрю', 'октябрю', 'ноябрю', 'декабрю'];

/** `2026-09` → `к сентябрю`, for «+5 % к сентябрю». */
export function toMonth(month: string): string {
  return `к ${DATIVE[Number(month.slice(5, 7)) - 1]}`;
}

/** `2026-09` → `сен 26`, for chart axes. */
export function monthShort(month: string): string {
  return `${SHORT[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`;
}

const num = (v: number, digits = 0) => v.toLocaleString('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A tile value in its unit. */
export function formatKpi(unit: Kpi['unit'], v: number | null): string {
  if (v === null) return '—';
  switch (unit) {
    case 'money':
      return formatMoney(v);
    case 'bp':
      return `${num(v / 100, 1)} %`;
    case 'hours':
      return `${num(v, 1)} ч`;
    case 'rate':
      return num(v, 2);
    case 'count':
      return num(v);
  }
}

/** A signed change in the tile's unit (`+1 234,00 ₽`, `−2,5 п.п.`). */
export function formatDelta(unit: Kpi['unit'], d: number | null): string {
  if (d === null) return '';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const a = Math.abs(d);
  const text = unit === 'bp' ? `${num(a / 100, 1)} п.п.` : formatKpi(unit, a);
  return `${sign}${text}`;
}

/** Millions of rubles from kopecks for chart axes. */
export function millions(kopecks: number): string {
  return `${num(kopecks / 100 / 1_000_000, 1)} млн`;
}
