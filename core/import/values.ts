// Cell value parsers shared by imports. Money goes through parseRubles (core/money) so no float ever holds rubles.
export { parseRubles } from '../money';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function isoIfValid(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return null;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > dim) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

// Excel's day 0 is 1899-12-30 once its fake 1900-02-29 is behind (serials ≥ 61); the range keeps a stray
// small number or a phone number from passing as a date.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MIN_SERIAL = 10_000; // 1927-05-18
const MAX_SERIAL = 99_999; // 2173-10-14

/** Parses `dd.mm.yyyy`, `d.m.yyyy`, `dd/mm/yyyy`, ISO (time part ignored) or an Excel serial into `YYYY-MM-DD`; null if invalid. */
export function parseDateCell(s: string): string | null {
  const t = s.trim();
  let m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  if (m) return isoIfValid(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{5})(?:[.,]\d+)?$/.exec(t);
  if (m) {
    const serial = Number(m[1]);
    if (serial < MIN_SERIAL || serial > MAX_SERIAL) return null;
    return new Date(EXCEL_EPOCH_MS + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return null;
}

/** Splits a list cell on `,` or `;`, trimming items and dropping empty and repeated ones. */
export function parseListCell(s: string): string[] {
  const out: string[] = [];
  for (const part of s.split(/[,;]/)) {
    const v = part.trim();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** A text cell as stored: inner runs of spaces collapsed, empty → null. */
export function optionalText(s: string): string | null {
  const t = s.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}
