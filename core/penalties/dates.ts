// Calendar helpers of the penalty engine on ISO strings. Pure and cheap: a full rebuild calls them for every
// contract-month, so they work on the digits of `YYYY-MM(-DD)` and never build a Date.

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthParts(month: string): [number, number] {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`Expected YYYY-MM, got "${month}"`);
  return [Number(m[1]), Number(m[2])];
}

// A rebuild asks for the same few dozen months hundreds of thousands of times.
const dimCache = new Map<string, number>();

/** Number of days in a `YYYY-MM` month (Gregorian leap years). */
export function daysInMonth(month: string): number {
  const cached = dimCache.get(month);
  if (cached !== undefined) return cached;
  const [y, m] = monthParts(month);
  const n = m !== 2 ? MONTH_DAYS[m - 1] : (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  if (dimCache.size < 10_000) dimCache.set(month, n);
  return n;
}

/** Day of the month of an ISO date (`2026-03-16` → 16). */
export function dayOfMonth(iso: string): number {
  return Number(iso.slice(8, 10));
}

/** First day of a month, `YYYY-MM-01`. */
export function monthStart(month: string): string {
  daysInMonth(month);
  return `${month}-01`;
}

/** Last day of a month. */
export function monthEnd(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/** Every month from the month of `from` to the month of `to` (ISO dates), inclusive, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = monthParts(from.slice(0, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const label = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (label > last) break;
    out.push(label);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** `dd.mm.yyyy` of an ISO date, for Russian messages. */
export function ruDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}
