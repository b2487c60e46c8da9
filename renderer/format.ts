// Display formats of ru-RU: 03.12.2026, 14:05:09, 1 234 567,89 ₽.
import { formatRubles } from '../core/money';

/** Formats kopecks as rubles, or a dash for a missing amount. */
export function formatMoney(kopecks: number | null | undefined): string {
  return typeof kopecks === 'number' ? formatRubles(kopecks) : '—';
}

/** Formats an ISO timestamp as local dd.mm.yyyy hh:mm:ss. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Formats an ISO date (YYYY-MM-DD) as dd.mm.yyyy without time-zone shifts. */
export function formatDate(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${m[3]}.${m[2]}.${m[1]}` : (iso ?? '');
}
