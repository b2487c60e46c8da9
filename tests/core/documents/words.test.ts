import { describe, expect, it } from 'vitest';
import { amountInWords, numberInWords, pluralRu } from '../../../core/documents/words';

describe('amount in Russian words', () => {
  it.each([
    [0, '0,00 (ноль) рублей 00 копеек'],
    [100, '1,00 (один) рубль 00 копеек'],
    [200, '2,00 (два) рубля 00 копеек'],
    [500, '5,00 (пять) рублей 00 копеек'],
    [1100, '11,00 (одиннадцать) рублей 00 копеек'],
    [2100, '21,00 (двадцать один) рубль 00 копеек'],
    [1_500_000, '15 000,00 (пятнадцать тысяч) рублей 00 копеек'],
    [100_000_000, '1 000 000,00 (один миллион) рублей 00 копеек'],
    [1, '0,01 (ноль) рублей 01 копейка'],
    [2, '0,02 (ноль) рублей 02 копейки'],
    [11, '0,11 (ноль) рублей 11 копеек'],
    [2_122, '21,22 (двадцать один) рубль 22 копейки'],
    [12_345_678_95, '12 345 678,95 (двенадцать миллионов триста сорок пять тысяч шестьсот семьдесят восемь) рублей 95 копеек'],
  ])('%i kopecks → %s', (k, text) => {
    expect(amountInWords(k)).toBe(text);
  });

  it('uses the feminine forms for thousands and the plural forms by the last two digits', () => {
    expect(numberInWords(1000)).toBe('одна тысяча');
    expect(numberInWords(2000)).toBe('две тысячи');
    expect(numberInWords(5000)).toBe('пять тысяч');
    expect(numberInWords(11_000)).toBe('одиннадцать тысяч');
    expect(numberInWords(21_000)).toBe('двадцать одна тысяча');
    expect(numberInWords(2_002_001)).toBe('два миллиона две тысячи один');
    expect(numberInWords(1, 'f')).toBe('одна');
    expect(pluralRu(111, ['рубль', 'рубля', 'рублей'])).toBe('рублей');
    expect(pluralRu(104, ['рубль', 'рубля', 'рублей'])).toBe('рубля');
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => amountInWords(-1)).toThrow(RangeError);
    expect(() => numberInWords(1.5)).toThrow(RangeError);
  });
});
