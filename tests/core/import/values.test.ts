import { describe, expect, it } from 'vitest';
import { mapColumns, normalizeHeader, type ColumnSpec } from '../../../core/import/columns';
import { errorReportXlsx } from '../../../core/import/report';
import { optionalText, parseDateCell, parseListCell, parseRubles } from '../../../core/import/values';
import { xlsxRows } from './files';

describe('parseDateCell', () => {
  it.each([
    ['03.12.2026', '2026-12-03'],
    ['3.1.2027', '2027-01-03'],
    ['29.02.2028', '2028-02-29'],
    ['03/12/2026', '2026-12-03'],
    ['2026-12-03', '2026-12-03'],
    ['2026-12-03T00:00:00.000Z', '2026-12-03'],
    ['2026-12-03 10:15:00', '2026-12-03'],
    ['46000', '2025-12-09'],
    ['46388', '2027-01-01'],
    ['46388.75', '2027-01-01'],
    [' 01.01.2027 ', '2027-01-01'],
  ])('%s → %s', (s, iso) => expect(parseDateCell(s)).toBe(iso));

  it.each(['31.02.2027', '29.02.2027', '2027-13-01', '00.01.2027', '32.01.2027', '1.1.27', '12', '999', 'завтра', '', '2027/01/01'])(
    'refuses %s',
    (s) => expect(parseDateCell(s)).toBeNull(),
  );
});

describe('parseListCell', () => {
  it('splits on , and ; and drops blanks and repeats', () => {
    expect(parseListCell('SKU-1, SKU-2;SKU-3 ; ;SKU-1')).toEqual(['SKU-1', 'SKU-2', 'SKU-3']);
    expect(parseListCell('')).toEqual([]);
  });
});

describe('money and text cells', () => {
  it('reads rubles into kopecks through core/money', () => {
    expect(parseRubles('15 000,50')).toBe(1_500_050);
    expect(parseRubles('15000.5')).toBe(1_500_050);
    expect(() => parseRubles('15,000.50')).toThrow('Неверная сумма');
  });

  it('collapses spaces and maps blank to null', () => {
    expect(optionalText('  a \n b ')).toBe('a b');
    expect(optionalText('   ')).toBeNull();
  });
});

describe('mapColumns', () => {
  const spec: ColumnSpec[] = [
    { key: 'inn', label: 'ИНН', required: true, aliases: [] },
    { key: 'corr_account', label: 'Корр. счёт', required: false, aliases: ['К/с'] },
    { key: 'name', label: 'Наименование', required: true, aliases: ['Название'] },
    { key: 'bik', label: 'БИК', required: false, aliases: [] },
  ];

  it('matches key, label and alias regardless of case, spaces, underscores, ё and a required-marker *', () => {
    expect(normalizeHeader(' Корр. Счёт* ')).toBe('корр.счет');
    const m = mapColumns(['инн*', 'КОРР.СЧЕТ', 'Комментарий', 'название', 'Name'], spec);
    expect(m).toEqual({ index: { inn: 0, corr_account: 1, name: 3 }, missing: [], unknown: ['Комментарий', 'Name'] });
    expect(mapColumns(['corr account', 'к/с'], spec)).toEqual({
      index: { corr_account: 0 },
      missing: [spec[0], spec[2]],
      unknown: ['к/с'],
    });
  });
});

describe('errorReportXlsx', () => {
  it('writes one row per error under Russian headers', () => {
    const bytes = errorReportXlsx(
      [
        { row: 3, column: 'ИНН', value: '6315009873', reason: 'Неверная контрольная сумма ИНН' },
        { row: 3, column: 'Расчётный счёт', value: '4070', reason: 'Расчётный счёт должен состоять из 20 цифр' },
      ],
      'Ошибки импорта',
    );
    expect(xlsxRows(Buffer.from(bytes).toString('base64'))).toEqual([
      ['Строка', 'Колонка', 'Значение', 'Причина'],
      [3, 'ИНН', '6315009873', 'Неверная контрольная сумма ИНН'],
      [3, 'Расчётный счёт', '4070', 'Расчётный счёт должен состоять из 20 цифр'],
    ]);
  });
});
