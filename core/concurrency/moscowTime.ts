// Instants as Russian users read them in messages: Moscow wall-clock time (UTC+3 all year since 2014).

const MOSCOW_OFFSET_MS = 3 * 3600_000;

/** `2026-12-03T10:05:00Z` → `03.12.2026 13:05` (Moscow time). */
export function moscowDateTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + MOSCOW_OFFSET_MS).toISOString();
  return `${t.slice(8, 10)}.${t.slice(5, 7)}.${t.slice(0, 4)} ${t.slice(11, 16)}`;
}
