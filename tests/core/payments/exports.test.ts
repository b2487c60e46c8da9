// Registry exports (1C exchange file in windows-1251, formatted XLSX) and marking paid (by hand, by confirmation file).
import { unzipSync, strFromU8 } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { parse1CExchange, REQUIRED_DOCUMENT_KEYS, REQUIRED_HEADER_KEYS } from '../../../core/payments/exchange1c';
import { paymentPurpose } from '../../../core/payments/purpose';
import { XLSX_TITLES } from '../../../core/payments/xlsx';
import { makePaymentsWorld, type PaymentsWorld } from './world';

async function approvedMarch(w: PaymentsWorld) {
  const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
  return w.ok('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('payment purpose text', () => {
  it('follows DOMAIN.md for VAT, no VAT, corrections and mixed rates', () => {
    const line = (month: string, vat: number, vatRateBp = 2200, kind: 'payout' | 'adjustment' = 'payout') => ({ kind, month, vat, vatRateBp });
    expect(paymentPurpose({ contractNumber: 'MK-2026-000123', registryMonth: '2026-09', vatMode: 'VAT', lines: [line('2026-09', 123_456)] })).toBe(
      'Оплата маркетинговых услуг по договору MK-2026-000123 за сентябрь 2026. В т.ч. НДС 22 % - 1 234,56 руб.',
    );
    expect(paymentPurpose({ contractNumber: 'MK-2026-000123', registryMonth: '2026-09', vatMode: 'NO_VAT', lines: [line('2026-09', 0, 0)] })).toBe(
      'Оплата маркетинговых услуг по договору MK-2026-000123 за сентябрь 2026. НДС не облагается',
    );
    expect(
      paymentPurpose({ contractNumber: 'MK-1', registryMonth: '2026-09', vatMode: 'VAT', lines: [line('2026-09', 100_000_00), line('2025-12', 2_000_00, 2000, 'adjustment')] }),
    ).toBe('Оплата маркетинговых услуг по договору MK-1 за сентябрь 2026, корректировка за декабрь 2025. В т.ч. НДС - 102 000,00 руб.');
  });
});

describe('1C export', () => {
  it('writes cp1251 payment orders with CRLF that parse back with every key, amount and Cyrillic text intact', async () => {
    const w = await makePaymentsWorld();
    const r = await approvedMarch(w);
    const file = await w.ok('fin', 'payments.exportRegistry', { id: r.id, format: '1c' });
    expect(file).toMatchObject({ fileName: '1c_to_kl_Р-2026-03-1.txt', mime: 'text/plain; charset=windows-1251' });
    const bytes = Buffer.from(file.contentBase64, 'base64');
    // cp1251, not UTF-8: «Р» is 0xD0 alone, and the bytes are not valid UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(bytes.includes(Buffer.from('Платежное поручение', 'utf8'))).toBe(false);
    expect(bytes.includes(iconv.encode('СекцияДокумент=Платежное поручение', 'windows-1251'))).toBe(true);
    const text = iconv.decode(bytes, 'windows-1251');
    expect(text.startsWith('1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\n')).toBe(true);
    expect(text.endsWith('КонецФайла\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const parsed = parse1CExchange(text);
    for (const k of REQUIRED_HEADER_KEYS) expect(parsed.header).toHaveProperty(k);
    const settings = Object.fromEntries(w.db.prepare('SELECT key, value FROM settings').all().map((s) => [(s as { key: string }).key, (s as { value: string }).value]));
    expect(parsed.header).toMatchObject({ ВерсияФормата: '1.03', Кодировка: 'Windows', ДатаСоздания: '03.12.2026', ВремяСоздания: '13:00:00', РасчСчет: settings['company.account'] });
    expect(parsed.documents).toHaveLength(2);
    for (const d of parsed.documents) for (const k of REQUIRED_DOCUMENT_KEYS) expect(d).toHaveProperty(k);
    const cp = w.db.prepare('SELECT * FROM counterparties').get() as Record<string, string>;
    expect(parsed.documents[0]).toMatchObject({
      СекцияДокумент: 'Платежное поручение',
      Номер: '1',
      Дата: '03.12.2026',
      Сумма: '219600.00',
      Плательщик1: 'АО «Вкусная компания»',
      ПлательщикИНН: settings['company.inn'],
      ПлательщикКПП: settings['company.kpp'],
      ПлательщикБИК: settings['company.bik'],
      ПлательщикРасчСчет: settings['company.account'],
      ПлательщикБанк1: 'ПАО «Сбербанк»',
      Получатель1: 'ООО «Ромашка»',
      Получатель: `ИНН ${cp.inn} ООО «Ромашка»`,
      ПолучательИНН: cp.inn,
      ПолучательКПП: cp.kpp,
      ПолучательРасчСчет: cp.account,
      ПолучательБИК: cp.bik,
      ПолучательКорсчет: cp.corr_account,
      ВидОплаты: '01',
      Очередность: '5',
      НазначениеПлатежа: 'Оплата маркетинговых услуг по договору MK-2026-000101 за март 2026. В т.ч. НДС 22 % - 39 600,00 руб.',
    });
    expect(parsed.documents[1]).toMatchObject({ Номер: '2', Сумма: '109800.00', НазначениеПлатежа: expect.stringContaining('MK-2026-000102 за март 2026. В т.ч. НДС 22 % - 19 800,00 руб.') });

    // Exported, numbered; exporting again keeps the numbers.
    const after = await w.ok('fin', 'payments.getRegistry', { id: r.id });
    expect(after).toMatchObject({ status: 'exported', exportedByName: 'Тест fin' });
    expect(w.db.prepare('SELECT payment_order_no FROM registry_lines ORDER BY contract_number').pluck().all()).toEqual([1, 2]);
    const again = await w.ok('fin', 'payments.exportRegistry', { id: r.id, format: '1c' });
    expect(parse1CExchange(iconv.decode(Buffer.from(again.contentBase64, 'base64'), 'windows-1251')).documents.map((d) => d['Номер'])).toEqual(['1', '2']);
  });

  it('refuses drafts and names a missing company setting', async () => {
    const w = await makePaymentsWorld({ company: false });
    const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    expect(await w.call('fin', 'payments.exportRegistry', { id: built.registryId, format: '1c' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Реестр Р-2026-03-1 нельзя выгрузить в 1С: он черновик' },
    });
    await w.ok('fin', 'payments.approveRegistry', { id: built.registryId, version: built.version });
    expect(await w.call('fin', 'payments.exportRegistry', { id: built.registryId, format: '1c' })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringContaining('«Наименование компании» (company.name)'), details: { field: 'company.name' } },
    });
    expect(w.db.prepare('SELECT status FROM registries').pluck().get()).toBe('approved');
  });
});

describe('XLSX export', () => {
  it('reads back with the lines, a ₽ totals row, filters, a frozen header and formulas neutralised', async () => {
    const w = await makePaymentsWorld();
    w.db.prepare(`UPDATE counterparties SET name = '=HYPERLINK("http://x","ООО")'`).run();
    const built = await w.ok('fin', 'payments.buildRegistry', { month: '2026-03' });
    // Legal reads registries and may download the XLSX (not the 1C file).
    const file = await w.ok('lawyer', 'payments.exportRegistry', { id: built.registryId, format: 'xlsx' });
    expect(file.fileName).toBe('Реестр Р-2026-03-1.xlsx');
    const bytes = Buffer.from(file.contentBase64, 'base64');
    const wb = XLSX.read(bytes, { type: 'buffer', cellFormula: true, cellNF: true });
    const ws = wb.Sheets[wb.SheetNames[0]];
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null });
    expect(rows[0]).toEqual(XLSX_TITLES);
    expect(rows).toHaveLength(4);
    const col = (t: string) => XLSX_TITLES.indexOf(t);
    expect(rows[1][col('Договор')]).toBe('MK-2026-000101');
    expect(rows[1][col('Контрагент')]).toBe(`'=HYPERLINK("http://x","ООО")`);
    expect(rows[1][col('Итого')]).toBe(219_600);
    expect(rows[3][col('Договор')]).toBe('Итого по реестру Р-2026-03-1');
    const kopecks = (v: unknown) => Math.round((v as number) * 100);
    expect([kopecks(rows[3][col('К выплате без НДС')]), kopecks(rows[3][col('НДС')]), kopecks(rows[3][col('Итого')])]).toEqual([27_000_000, 5_940_000, 32_940_000]);
    const totalCell = ws[XLSX.utils.encode_cell({ r: 3, c: col('Итого') })];
    expect(totalCell.f).toMatch(/^SUBTOTAL\(9,S2:S3\)$/);
    expect(totalCell.z).toContain('₽');
    expect(ws[XLSX.utils.encode_cell({ r: 1, c: col('НДС') })].z).toContain('₽');
    expect(ws['!autofilter']).toEqual({ ref: 'A1:V3' });
    const sheetXml = strFromU8(unzipSync(new Uint8Array(bytes))['xl/worksheets/sheet1.xml']);
    expect(sheetXml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
  });
});

describe('marking paid', () => {
  it('a confirmation with a mismatch marks nothing; a matching one marks every line and settles the registry', async () => {
    const w = await makePaymentsWorld();
    const r = await approvedMarch(w);
    await w.ok('fin', 'payments.exportRegistry', { id: r.id, format: '1c' });
    const csv = (amount2: string) =>
      ['Номер платежа;Дата;Сумма;Договор', '101;04.12.2026;219 600,00;MK-2026-000101', `102;04.12.2026;${amount2};MK-2026-000102`, ''].join('\r\n');
    const bad = await w.ok('fin', 'payments.importConfirmation', { registryId: r.id, fileName: 'bank.csv', contentBase64: b64(csv('109 800,01') + '103;04.12.2026;5,00;MK-2026-999999\r\n') });
    expect(bad).toEqual({
      matched: 1,
      applied: false,
      status: 'exported',
      mismatches: [
        { row: 3, contractNumber: 'MK-2026-000102', expected: 10_980_000, actual: 10_980_001, reason: 'Сумма не совпадает с суммой к оплате' },
        { row: 4, contractNumber: 'MK-2026-999999', expected: null, actual: 500, reason: 'Договора MK-2026-999999 нет в реестре Р-2026-03-1' },
      ],
    });
    expect(w.db.prepare('SELECT count(*) FROM registry_lines WHERE paid_date IS NOT NULL').pluck().get()).toBe(0);

    const good = await w.ok('fin', 'payments.importConfirmation', { registryId: r.id, fileName: 'bank.csv', contentBase64: b64(csv('109800.00')) });
    expect(good).toEqual({ matched: 2, applied: true, mismatches: [], status: 'paid' });
    expect(w.db.prepare('SELECT contract_number, paid_amount, paid_date, paid_ref FROM registry_lines ORDER BY contract_number').all()).toEqual([
      { contract_number: 'MK-2026-000101', paid_amount: 21_960_000, paid_date: '2026-12-04', paid_ref: '101' },
      { contract_number: 'MK-2026-000102', paid_amount: 10_980_000, paid_date: '2026-12-04', paid_ref: '102' },
    ]);
    expect(await w.ok('fin', 'payments.getRegistry', { id: r.id })).toMatchObject({ status: 'paid', paidAt: '2026-12-04' });
  });

  it('takes the exported 1C file back as a confirmation, and marks lines paid by hand', async () => {
    const w = await makePaymentsWorld();
    const r = await approvedMarch(w);
    const file = await w.ok('fin', 'payments.exportRegistry', { id: r.id, format: '1c' });
    const back = await w.ok('fin', 'payments.importConfirmation', { registryId: r.id, fileName: '1c_to_kl.txt', contentBase64: file.contentBase64 });
    expect(back).toMatchObject({ matched: 2, applied: true, status: 'paid' });
    expect(w.db.prepare('SELECT paid_ref FROM registry_lines ORDER BY contract_number').pluck().all()).toEqual(['1', '2']);

    const w2 = await makePaymentsWorld();
    const r2 = await approvedMarch(w2);
    const lineId = w2.db.prepare(`SELECT id FROM registry_lines WHERE contract_number = 'MK-2026-000101'`).pluck().get() as number;
    expect(await w2.ok('fin', 'payments.markPaid', { id: r2.id, date: '2026-12-05', lineIds: [lineId] })).toMatchObject({ marked: 1, status: 'approved' });
    expect(await w2.ok('fin', 'payments.markPaid', { id: r2.id, date: '2026-12-06' })).toMatchObject({ marked: 1, status: 'paid' });
    expect(await w2.ok('fin', 'payments.getRegistry', { id: r2.id })).toMatchObject({ status: 'paid', paidAt: '2026-12-06' });
    expect(await w2.call('fin', 'payments.markPaid', { id: r2.id, date: '2026-12-06' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
