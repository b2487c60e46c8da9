// Spreadsheet formula injection: a text cell starting with = + - @ (or a tab / carriage return that Excel strips
// before looking) is run as a formula when a CSV is opened, and may be by other spreadsheet tools for XLSX text.
// Every export that writes text people typed (names, file values in error reports) passes it through here.

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** True when a text value would be taken for a formula by a spreadsheet program. */
export function looksLikeFormula(text: string): boolean {
  return text.length > 0 && TRIGGERS.has(text[0]);
}

/**
 * Makes a text cell inert by a leading apostrophe, the spreadsheet convention for "this is text" (OWASP's advice).
 * Numbers, booleans and empty values pass unchanged: only text can carry a formula.
 */
export function neutralizeCell<T>(value: T): T | string {
  return typeof value === 'string' && looksLikeFormula(value) ? `'${value}` : value;
}

/** neutralizeCell over every cell of a table (array of rows), returning a new table. */
export function neutralizeRows<T>(rows: readonly (readonly T[])[]): (T | string)[][] {
  return rows.map((r) => r.map((c) => neutralizeCell(c)));
}
