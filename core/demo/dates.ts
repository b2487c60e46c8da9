// Calendar arithmetic on whole UTC days: the generator compares and shifts thousands of dates, and integers are both
// faster and free of time-zone surprises compared with Date objects.

const MS_PER_DAY = 86_400_000;

/** Day number (days since 1970-01-01) of an ISO date `YYYY-MM-DD`; throws on anything else. */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${iso}"`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (isoOf(t / MS_PER_DAY) !== iso) throw new RangeError(`No such date: ${iso}`);
  return t / MS_PER_DAY;
}

/** ISO date `YYYY-MM-DD` of a day number. */
export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Month index (year × 12 + zero-based month) of a day number. */
export function monthOf(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** First day of a month index. */
export function firstDay(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / MS_PER_DAY;
}

/** Last day of a month index. */
export function lastDay(month: number): number {
  return firstDay(month + 1) - 1;
}

/** `YYYY-MM` of a month index. */
export function monthLabel(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** Day of week of a day number, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
