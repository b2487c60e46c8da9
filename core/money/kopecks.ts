/** An integer operand: a safe-integer number or a bigint. */
export type IntLike = number | bigint;

function toBigInt(value: IntLike, name: string): bigint {
  if (typeof value === 'bigint') return value;
  // Fractions or unsafe numbers would already carry float error, so they are refused rather than rounded.
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
  return BigInt(value);
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`Result ${value} exceeds the safe integer range`);
  }
  return Number(value);
}

function divHalfUpBig(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('Division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

/** numerator ÷ denominator rounded half away from zero, in exact integer arithmetic; throws if the result is unsafe. */
export function roundHalfUp(numerator: IntLike, denominator: IntLike): number {
  if (
    typeof numerator === 'number' &&
    typeof denominator === 'number' &&
    Number.isSafeInteger(numerator) &&
    Number.isSafeInteger(denominator) &&
    denominator !== 0
  ) {
    // Fast path: % and the division of an exact multiple are exact on safe integers, so no float error creeps in.
    const sign = (numerator < 0) !== (denominator < 0) ? -1 : 1;
    const n = Math.abs(numerator);
    const d = Math.abs(denominator);
    const r = n % d;
    let q = (n - r) / d;
    if (r >= d - r) q += 1;
    return q === 0 ? 0 : sign * q;
  }
  return toSafeNumber(divHalfUpBig(toBigInt(numerator, 'numerator'), toBigInt(denominator, 'denominator')));
}

/** round_half_up(a × b ÷ c) with integer inputs; the product may exceed 2^53, so it goes through BigInt when needed. */
export function mulDivHalfUp(a: IntLike, b: IntLike, c: IntLike): number {
  if (typeof a === 'number' && typeof b === 'number' && Number.isSafeInteger(a) && Number.isSafeInteger(b)) {
    const product = a * b;
    // A float product that is still a safe integer is exact: any true product ≥ 2^53 would round to ≥ 2^53.
    if (Number.isSafeInteger(product)) return roundHalfUp(product, c);
  }
  const big = toBigInt(a, 'a') * toBigInt(b, 'b');
  return toSafeNumber(divHalfUpBig(big, toBigInt(c, 'c')));
}

// Spaces people and spreadsheets use as thousands separators: space, NBSP, narrow NBSP, thin space.
const SP = '[ \\u00a0\\u202f\\u2009]';
const ALL_GROUP_SPACES = new RegExp(SP, 'g');
// Grouping must be regular (1–3 digits, then groups of 3): "1 234567" is likelier two values run together.
const INTEGER = `([0-9]+|[0-9]{1,3}(?:${SP}[0-9]{3})+)`;
// sign, integer part, up to 2 decimals after `.` or `,`, optional trailing ₽
const AMOUNT = new RegExp(`^([-\\u2212+]?)${SP}*${INTEGER}(?:[.,]([0-9]{1,2}))?(?:${SP}*₽)?$`);

/** Parses rubles as written in a file (`15 000,50`, `-12.3`, `1 234 567.89`) into integer kopecks, without floats. */
export function parseRubles(text: string): number {
  const invalid = (): Error => new Error(`Неверная сумма: «${text}»`);
  // Spreadsheet readers hand over numbers too; refusing them here beats a TypeError from .trim().
  if (typeof text !== 'string') throw invalid();
  const m = AMOUNT.exec(text.trim());
  if (m === null) throw invalid();
  const [, sign = '', intPart = '', frac = ''] = m;
  const digits = intPart.replace(ALL_GROUP_SPACES, '');
  const kopecks = BigInt(digits + frac.padEnd(2, '0'));
  if (kopecks > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid();
  const value = Number(kopecks);
  return sign === '-' || sign === '\u2212' ? (value === 0 ? 0 : -value) : value;
}

/** Options for {@link formatRubles}. */
export interface FormatRublesOptions {
  /** Append ` ₽` (default true). */
  symbol?: boolean;
  /** `always` prints `,00`; `nonzero` omits the kopecks when they are zero (default `always`). */
  kopecks?: 'always' | 'nonzero';
}

const NBSP = '\u00a0';

/** Formats integer kopecks ru-RU style (`1 234 567,89 ₽`, NBSP grouping); by hand so output never depends on ICU. */
export function formatRubles(kopecks: number, opts: FormatRublesOptions = {}): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`kopecks must be a safe integer, got ${kopecks}`);
  const abs = Math.abs(kopecks);
  const cents = abs % 100;
  const rubles = String((abs - cents) / 100);
  let grouped = '';
  for (let end = rubles.length; end > 0; end -= 3) {
    const chunk = rubles.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? chunk : `${chunk}${NBSP}${grouped}`;
  }
  let out = (kopecks < 0 ? '-' : '') + grouped;
  if (opts.kopecks !== 'nonzero' || cents !== 0) out += `,${String(cents).padStart(2, '0')}`;
  if (opts.symbol !== false) out += `${NBSP}₽`;
  return out;
}
