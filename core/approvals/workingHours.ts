// Working time of the approval desk: Monday–Friday 09:00–18:00 Moscow time. Moscow has kept UTC+3 all year since
// 2014, so a fixed offset is exact and the module needs no time-zone database (it stays pure).
// Public holidays are not known here: a due date may fall on one (see the report of the approvals work).

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Moscow time is UTC+3 without daylight saving. */
export const MOSCOW_OFFSET_MS = 3 * HOUR_MS;
const OPEN_MS = 9 * HOUR_MS;
const CLOSE_MS = 18 * HOUR_MS;

function parseInstant(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  return t;
}

/** The instant `hours` working hours after `startIso` (nights and weekends skipped), as an ISO UTC timestamp. */
export function addWorkingHours(startIso: string, hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Working hours must be a non-negative number: ${hours}`);
  // All arithmetic runs on "Moscow wall-clock milliseconds": UTC getters on a shifted value read Moscow fields.
  let local = parseInstant(startIso) + MOSCOW_OFFSET_MS;
  let left = Math.round(hours * HOUR_MS);
  while (left > 0) {
    const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6 || local >= dayStart + CLOSE_MS) {
      local = dayStart + DAY_MS + OPEN_MS;
      continue;
    }
    if (local < dayStart + OPEN_MS) local = dayStart + OPEN_MS;
    const step = Math.min(left, dayStart + CLOSE_MS - local);
    local += step;
    left -= step;
  }
  return new Date(local - MOSCOW_OFFSET_MS).toISOString();
}

/** The Moscow calendar date (YYYY-MM-DD) of an instant: "today" for delegations and checks. */
export function moscowDate(iso: string): string {
  return new Date(parseInstant(iso) + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Moscow calendar month (YYYY-MM) of an instant: the month metrics file an approval under. */
export function moscowMonth(iso: string): string {
  return moscowDate(iso).slice(0, 7);
}
