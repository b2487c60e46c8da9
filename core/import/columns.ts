// Header → column mapping shared by every import. Users type headers by hand, so matching forgives case, spaces,
// underscores, `ё` and the `*` that templates put on required columns.

/** One column an import understands: canonical key, Russian label, and other headers accepted for it. */
export interface ColumnSpec {
  key: string;
  label: string;
  required: boolean;
  aliases: string[];
}

/** Where each known column sits in the file, which required ones are absent, and headers nobody claimed. */
export interface ColumnMapping {
  index: Record<string, number>;
  missing: ColumnSpec[];
  unknown: string[];
}

/** The comparison form of a header: lower case, ё→е, without spaces, underscores and `*`. */
export function normalizeHeader(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е').replace(/[\s_*\u00a0]+/g, '');
}

/** Finds each spec's column among the headers by key, label or alias; the first matching header wins. */
export function mapColumns(headers: string[], spec: ColumnSpec[]): ColumnMapping {
  const byName = new Map<string, string>();
  for (const s of spec) {
    for (const name of [s.key, s.label, ...s.aliases]) {
      const n = normalizeHeader(name);
      if (!byName.has(n)) byName.set(n, s.key);
    }
  }
  const index: Record<string, number> = {};
  const unknown: string[] = [];
  headers.forEach((h, i) => {
    if (h.trim() === '') return;
    const key = byName.get(normalizeHeader(h));
    if (key === undefined || key in index) unknown.push(h);
    else index[key] = i;
  });
  const missing = spec.filter((s) => s.required && !(s.key in index));
  return { index, missing, unknown };
}
