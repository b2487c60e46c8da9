import { describe, it, expect } from 'vitest';
import { formatRubles, mulDivHalfUp, parseRubles, roundHalfUp } from '../../../core/money';
import { createRandom } from '../../../core/demo/random';

const NB = '\u00a0';


describe('roundHalfUp', () => {
  it('rounds exact halves away from zero in both signs', () => {
    expect(roundHalfUp(5, 2)).toBe(3);
    expect(roundHalfUp(-5, 2)).toBe(-3);
    expect(roundHalfUp(7, 2)).toBe(4);
    expect(roundHalfUp(-7, 2)).toBe(-4);
    expect(roundHalfUp(1, 2)).toBe(1);
    expect(roundHalfUp(-1, 2)).toBe(-1);
    expect(roundHalfUp(250, 100)).toBe(3);
    expect(roundHalfUp(-250, 100)).toBe(-3);
  });

  it('rounds non-halves to the nearest integer', () => {
    expect(roundHalfUp(1, 3)).toBe(0);
    expect(roundHalfUp(2, 3)).toBe(1);
    expect(roundHalfUp(-2, 3)).toBe(-1);
    expect(roundHalfUp(249, 100)).toBe(2);
    expect(roundHalfUp(-251, 100)).toBe(-3);
    expect(roundHalfUp(10, 5)).toBe(2);
    expect(roundHalfUp(0, 7)).toBe(0);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundHalfUp(-1, 3), 0)).toBe(true);
    expect(Object.is(roundHalfUp(0, -3), 0)).toBe(true);
    expect(Object.is(roundHalfUp(-1n, 3n), 0)).toBe(true);
  });

  it('handles a negative denominator', () => {
    expect(roundHalfUp(5, -2)).toBe(-3);
    expect(roundHalfUp(-5, -2)).toBe(3);
    expect(roundHalfUp(5n, -2n)).toBe(-3);
  });

  it('accepts bigint operands beyond 2^53', () => {
    expect(roundHalfUp(10n ** 20n + 5n * 10n ** 4n, 10n ** 5n)).toBe(1_000_000_000_000_001);
    expect(roundHalfUp(-(10n ** 20n) - 5n * 10n ** 4n, 10n ** 5n)).toBe(-1_000_000_000_000_001);
    expect(roundHalfUp(10n ** 20n + 49_999n, 100_000)).toBe(1_000_000_000_000_000);
  });

  it('agrees between the number fast path and the bigint path', () => {
    const rand = createRandom(1).next;
    for (let i = 0; i < 5000; i++) {
      const scale = [100, 1e6, 1e12, Number.MAX_SAFE_INTEGER][i % 4] ?? 100;
      const n = Math.floor((rand() * 2 - 1) * scale);
      const d = 1 + Math.floor(rand() * (i % 2 === 0 ? 100 : 1e9));
      expect(roundHalfUp(n, d)).toBe(roundHalfUp(BigInt(n), BigInt(d)));
    }
    expect(roundHalfUp(Number.MAX_SAFE_INTEGER, 2)).toBe(4_503_599_627_370_496);
    expect(roundHalfUp(-Number.MAX_SAFE_INTEGER, 2)).toBe(-4_503_599_627_370_496);
  });

  it('refuses division by zero, fractions, unsafe numbers and unsafe results', () => {
    expect(() => roundHalfUp(1, 0)).toThrow(RangeError);
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError);
    expect(() => roundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(3, 0.5)).toThrow(RangeError);
    expect(() => roundHalfUp(2 ** 60, 3)).toThrow(RangeError);
    expect(() => roundHalfUp(Number.NaN, 3)).toThrow(RangeError);
    expect(() => roundHalfUp(10n ** 20n, 1n)).toThrow(RangeError);
  });
});

describe('mulDivHalfUp', () => {
  it('computes round_half_up(a × b ÷ c)', () => {
    expect(mulDivHalfUp(12_345, 10, 100)).toBe(1_235); // 1234.5
    expect(mulDivHalfUp(-12_345, 10, 100)).toBe(-1_235);
    expect(mulDivHalfUp(1_234_567, 15, 100)).toBe(185_185); // 185185.05
    expect(mulDivHalfUp(10_000_000, 17, 31)).toBe(5_483_871); // 5483870.97, a pro-rated month fee
    expect(mulDivHalfUp(4_999_999, 22, 100)).toBe(1_100_000); // 1099999.78, VAT 22 %
    expect(mulDivHalfUp(0, 99, 7)).toBe(0);
  });

  it('is exact when the intermediate product exceeds 2^53', () => {
    expect(mulDivHalfUp(9_000_000_000_000, 7, 30)).toBe(2_100_000_000_000);
    expect(mulDivHalfUp(9_000_000_000_001, 7, 30)).toBe(2_100_000_000_000); // …000.2333
    expect(mulDivHalfUp(9_000_000_000_002, 15, 2)).toBe(67_500_000_000_015);
    // 15000000000000009 / 2 = 7500000000000004.5; a float product would be …008 and give …004.
    expect(mulDivHalfUp(5_000_000_000_000_003, 3, 2)).toBe(7_500_000_000_000_005);
    expect(mulDivHalfUp(-5_000_000_000_000_003, 3, 2)).toBe(-7_500_000_000_000_005);
    expect(mulDivHalfUp(5_000_000_000_000_003n, 3n, 2n)).toBe(7_500_000_000_000_005);
  });

  it('refuses non-integers, zero divisors and unsafe results', () => {
    expect(() => mulDivHalfUp(1.5, 2, 3)).toThrow(RangeError);
    expect(() => mulDivHalfUp(1, 2, 0)).toThrow(RangeError);
    expect(() => mulDivHalfUp(Number.MAX_SAFE_INTEGER, 4, 2)).toThrow(RangeError);
  });
});

describe('parseRubles', () => {
  it('parses the accepted spellings into kopecks', () => {
    expect(parseRubles('15000')).toBe(1_500_000);
    expect(parseRubles('15000.5')).toBe(1_500_050);
    expect(parseRubles('15000,5')).toBe(1_500_050);
    expect(parseRubles('15 000,50')).toBe(1_500_050);
    expect(parseRubles('15\u00a0000,50')).toBe(1_500_050);
    expect(parseRubles('15\u202f000,50')).toBe(1_500_050);
    expect(parseRubles('-12,3')).toBe(-1_230);
    expect(parseRubles('\u221212,3')).toBe(-1_230);
    expect(parseRubles('+12,3')).toBe(1_230);
    expect(parseRubles('1 234 567.89')).toBe(123_456_789);
    expect(parseRubles('1234567.89')).toBe(123_456_789);
    expect(parseRubles('0,01')).toBe(1);
    expect(parseRubles('0.1')).toBe(10);
    expect(parseRubles('007')).toBe(700);
    expect(parseRubles('  42  ')).toBe(4_200);
    expect(parseRubles('1 000 ₽')).toBe(100_000);
    expect(parseRubles('1\u00a0000,00\u00a0₽')).toBe(100_000);
  });

  it('does not lose precision where float multiplication would', () => {
    expect(parseRubles('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996
    expect(parseRubles('1.15')).toBe(115); // 1.15 * 100 = 114.99999999999999
    expect(parseRubles('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a non-string value handed over by a spreadsheet reader', () => {
    expect(() => parseRubles(15000 as unknown as string)).toThrow('Неверная сумма: «15000»');
  });

  it('returns +0 for negative zero', () => {
    expect(Object.is(parseRubles('-0'), 0)).toBe(true);
    expect(Object.is(parseRubles('-0,00'), 0)).toBe(true);
  });

  it.each([
    '',
    '   ',
    '15,505',
    '15.001',
    'abc',
    '12a',
    '15 000 руб',
    '1e3',
    'NaN',
    'Infinity',
    '1,234.56',
    '1.234,56',
    '1 23',
    '12 3456',
    '1 234567',
    '--5',
    '-',
    ',5',
    '5,',
    '5 ,00',
    '₽',
    '90071992547409.92',
  ])('refuses %j', (text) => {
    expect(() => parseRubles(text)).toThrow(new Error(`Неверная сумма: «${text}»`));
  });
});

describe('formatRubles', () => {
  it('formats ru-RU style with NBSP grouping and a comma', () => {
    expect(formatRubles(123_456_789)).toBe(`1${NB}234${NB}567,89${NB}₽`);
    expect(formatRubles(-123_456_789)).toBe(`-1${NB}234${NB}567,89${NB}₽`);
    expect(formatRubles(0)).toBe(`0,00${NB}₽`);
    expect(formatRubles(5)).toBe(`0,05${NB}₽`);
    expect(formatRubles(-5)).toBe(`-0,05${NB}₽`);
    expect(formatRubles(99_999)).toBe(`999,99${NB}₽`);
    expect(formatRubles(100_000)).toBe(`1${NB}000,00${NB}₽`);
    expect(formatRubles(1_500_050)).toBe(`15${NB}000,50${NB}₽`);
    expect(formatRubles(Number.MAX_SAFE_INTEGER)).toBe(`90${NB}071${NB}992${NB}547${NB}409,91${NB}₽`);
  });

  it('honours the options', () => {
    expect(formatRubles(123_456_789, { symbol: false })).toBe(`1${NB}234${NB}567,89`);
    expect(formatRubles(100_000, { kopecks: 'nonzero' })).toBe(`1${NB}000${NB}₽`);
    expect(formatRubles(100_001, { kopecks: 'nonzero' })).toBe(`1${NB}000,01${NB}₽`);
    expect(formatRubles(-100_000, { kopecks: 'nonzero', symbol: false })).toBe(`-1${NB}000`);
  });

  it('refuses non-integers', () => {
    expect(() => formatRubles(1.5)).toThrow(RangeError);
    expect(() => formatRubles(Number.NaN)).toThrow(RangeError);
    expect(() => formatRubles(2 ** 60)).toThrow(RangeError);
  });
});

describe('parse/format round trip', () => {
  it('parseRubles(formatRubles(x)) === x for random amounts', () => {
    const rand = createRandom(2026).next;
    for (let i = 0; i < 2000; i++) {
      const scale = [100, 10_000, 1e8, 1e13, Number.MAX_SAFE_INTEGER][i % 5] ?? 100;
      const x = Math.floor((rand() * 2 - 1) * scale);
      expect(parseRubles(formatRubles(x))).toBe(x);
      expect(parseRubles(formatRubles(x, { symbol: false }))).toBe(x);
      expect(parseRubles(formatRubles(x, { kopecks: 'nonzero' }))).toBe(x);
    }
  });

  it('formatRubles(parseRubles(s)) normalises the spelling', () => {
    expect(formatRubles(parseRubles('1234567.8'))).toBe(`1${NB}234${NB}567,80${NB}₽`);
    expect(formatRubles(parseRubles('-0012,3'))).toBe(`-12,30${NB}₽`);
  });
});
