// Calendar helpers on ISO `YYYY-MM-DD` strings, in UTC so no time zone ever shifts a day.

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the text is an existing calendar day in ISO form (`2027-02-30` is not). */
export function isIsoDate(text: string): boolean {
  const m = ISO.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The ISO day `days` after (or before, when negative) `iso`. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** `2027-01-31` → `31.01.2027`, as Russian users read dates. */
export function ruDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

// Russia keeps Moscow time all year (no DST since 2014); the approvals workflow counts days the same way.
const MOSCOW_OFFSET_MS = 3 * 3600_000;

/** The Moscow calendar day of an instant: "today" for status dates, presets and checks. */
export function isoDay(now: Date): string {
  return new Date(now.getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
}
