// Month arithmetic of the dashboard on `YYYY-MM` strings; pure so the renderer's month pickers can share it.

/** The month `n` months after `month` (negative `n` goes back). */
export function shiftMonth(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const idx = y * 12 + (m - 1) + n;
  return `${String(Math.floor(idx / 12)).padStart(4, '0')}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** The `count` months ending with `to`, oldest first. */
export function monthsEndingWith(to: string, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(shiftMonth(to, -i));
  return out;
}

/** The month of a `Date` in UTC, `YYYY-MM`. */
export function monthOf(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/** Months the budget chart runs past the chosen month, so its forecast stands next to the facts (screen and export). */
export const BUDGET_MONTHS_AHEAD = 3;
