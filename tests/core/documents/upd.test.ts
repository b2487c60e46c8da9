import { describe, expect, it } from 'vitest';
import { buildUpd, stableGuid, type UpdInput } from '../../../core/documents/upd';
import { updRuleViolations } from '../../../core/documents/updRules';
import { readUpd } from '../../../core/documents/updForm';
import { parseXml } from '../../../core/documents/xtree';
import { cp1251Safe, decodeCp1251, encodeCp1251 } from '../../../core/documents/cp1251';
import { xsdErrors } from './xsd';

const BUYER_EDO = '2BM-7707083893-773601001-000000000000000000001';

/** A VAT payer (ООО) paid 100 000 ₽ + 22 % for September 2026. */
function vatPayer(over: Partial<UpdInput> = {}): UpdInput {
  return {
    seller: { type: 'ЮЛ', name: 'ООО «Торговая точка»', inn: '7804431521', kpp: '780401001', address: '194064, г. Санкт-Петербург, ул. Политехническая, д. 29', edoId: '2BM-7804431521-780401001-000000000000000000002' },
    buyer: { type: 'ЮЛ', name: 'АО «Северная пищевая компания»', inn: '7707083893', kpp: '773601001', address: '115035, г. Москва, ул. Садовническая, д. 20', edoId: BUYER_EDO },
    number: 'Р-2026-09-1/1',
    docDate: '2026-09-30',
    madeAt: new Date('2026-10-05T09:15:30.000Z'),
    guid: stableGuid('test-1'),
    month: '2026-09',
    contractNumber: 'MK-2026-000123',
    contractDate: '2026-01-15',
    vatMode: 'VAT',
    vatRateBp: 2200,
    payout: 10_000_000,
    vat: 2_200_000,
    total: 12_200_000,
    signer: { name: 'Иванов Иван Иванович', position: 'Генеральный директор' },
    programVersion: 'MCM test',
    ...over,
  };
}

const ip = (over: Partial<UpdInput> = {}): UpdInput =>
  vatPayer({
    seller: { type: 'ИП', name: 'ИП Петров Пётр Петрович', inn: '500100732259', kpp: null, address: null, regionCode: '50', regionName: 'Московская область', edoId: '2BM-500100732259-000000000000000000000000003' },
    vatMode: 'NO_VAT',
    vatRateBp: 0,
    payout: 500_000,
    vat: 0,
    total: 500_000,
    ...over,
  });

const FILE_NAME = /^ON_NSCHFDOPPR_(2BM-[0-9-]+)_(2BM-[0-9-]+)_(\d{8})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_0_0_0_0_0_00\.xml$/;

describe('UPD 5.03', () => {
  it('a VAT payer in 2026 at 22 %: СЧФДОП, valid against the XSD, amounts equal to the kopeck', async () => {
    const u = buildUpd(vatPayer());
    expect(await xsdErrors(u.fileName, u.bytes)).toEqual([]);
    expect(u.function).toBe('СЧФДОП');
    const form = readUpd(u.bytes);
    expect(form.function).toBe('СЧФДОП');
    expect(form.lines).toHaveLength(1);
    expect(form.lines[0]).toMatchObject({ vatRate: '22%', amount: 10_000_000, vat: 2_200_000, total: 12_200_000, unitCode: '876', quantity: '1' });
    expect(form.lines[0].name).toBe('Маркетинговые услуги по договору № MK-2026-000123 от 15.01.2026 за сентябрь 2026');
    expect(form.totals).toEqual({ amount: 10_000_000, vat: 2_200_000, total: 12_200_000 });
    expect(form.basis).toEqual({ name: 'Договор', number: 'MK-2026-000123', date: '15.01.2026' });
    expect(form.seller).toMatchObject({ inn: '7804431521', kpp: '780401001' });
    expect(form.buyer).toMatchObject({ inn: '7707083893', kpp: '773601001', name: 'АО «Северная пищевая компания»' });
    expect(form.signer).toEqual({ position: 'Генеральный директор', name: 'Иванов Иван Иванович' });
    expect(form.periodFrom).toBe('01.09.2026');
    expect(form.periodTo).toBe('30.09.2026');
    // Moscow time of the fixed instant: 12:15:30 on 05.10.2026.
    expect([form.madeOn, form.madeAt]).toEqual(['05.10.2026', '12.15.30']);
  });

  it('a 2025 month at 20 %', async () => {
    const u = buildUpd(vatPayer({ month: '2025-11', docDate: '2025-11-30', contractDate: '2025-01-10', vatRateBp: 2000, payout: 1_234_567, vat: 246_913, total: 1_481_480 }));
    expect(await xsdErrors(u.fileName, u.bytes)).toEqual([]);
    const form = readUpd(u.bytes);
    expect(form.lines[0]).toMatchObject({ vatRate: '20%', amount: 1_234_567, vat: 246_913, total: 1_481_480 });
    expect(form.lines[0].name).toContain('за ноябрь 2025');
    expect(u.xml).toContain('СтТовБезНДС="12345.67"');
  });

  it.each([
    [500, '5%'],
    [700, '7%'],
  ])('a reduced-rate payer (%i bp) gets НалСт %s', async (bp, text) => {
    const vat = (1_000_000 * bp) / 10_000;
    const u = buildUpd(vatPayer({ vatMode: bp === 500 ? 'VAT5' : 'VAT7', vatRateBp: bp, payout: 1_000_000, vat, total: 1_000_000 + vat }));
    expect(await xsdErrors(u.fileName, u.bytes)).toEqual([]);
    expect(readUpd(u.bytes).lines[0].vatRate).toBe(text);
  });

  it('an ИП without VAT: ДОП, СвИП with a 12-digit INN and no KPP, «без НДС», region as address', async () => {
    const u = buildUpd(ip());
    expect(await xsdErrors(u.fileName, u.bytes)).toEqual([]);
    expect(u.function).toBe('ДОП');
    const tree = parseXml(decodeCp1251(u.bytes));
    const seller = tree.children[0].children[0].children.find((c) => c.name === 'СвПрод')!;
    const svip = seller.children[0].children[0];
    expect(svip.name).toBe('СвИП');
    expect(svip.attrs).toEqual({ ИННФЛ: '500100732259' });
    expect(svip.children[0].attrs).toEqual({ Фамилия: 'Петров', Имя: 'Пётр', Отчество: 'Петрович' });
    expect(seller.children[1].children[0]).toMatchObject({ name: 'АдрРФ', attrs: { КодРегион: '50', НаимРегион: 'Московская область' } });
    const form = readUpd(u.bytes);
    expect(form.lines[0]).toMatchObject({ vatRate: 'без НДС', vat: null, amount: 500_000, total: 500_000 });
    expect(form.totals).toEqual({ amount: 500_000, vat: null, total: 500_000 });
    expect(u.xml).toContain('<БезНДС>без НДС</БезНДС>');
  });

  it('names with quotes, ampersands and characters outside cp1251 are escaped and replaced, still valid', async () => {
    const u = buildUpd(vatPayer({ seller: { ...vatPayer().seller, name: 'ООО "Рога & Копыта" <Юг> ₽ 😀' }, contractNumber: 'MK-"1"&2' }));
    expect(await xsdErrors(u.fileName, u.bytes)).toEqual([]);
    expect(u.xml).toContain('НаимОрг="ООО &quot;Рога &amp; Копыта&quot; &lt;Юг&gt; руб. ?"');
    const form = readUpd(u.bytes);
    expect(form.seller.name).toBe('ООО "Рога & Копыта" <Юг> руб. ?');
    expect(form.basis?.number).toBe('MK-"1"&2');
  });

  it('the validator is real: a rate outside the enumeration and a missing required attribute fail', async () => {
    const u = buildUpd(vatPayer());
    const text = decodeCp1251(u.bytes).replace('НалСт="22%"', 'НалСт="19%"').replace(/ КНД="1115131"/, '');
    const errors = await xsdErrors(u.fileName, encodeCp1251(text));
    expect(errors.some((e) => e.includes('НалСт'))).toBe(true);
    expect(errors.some((e) => e.includes('КНД'))).toBe(true);
  });

  it('is windows-1251 with a matching declaration and no BOM', () => {
    const u = buildUpd(vatPayer());
    expect(u.bytes[0]).toBe(0x3c); // '<', no BOM
    expect(u.bytes.subarray(0, 44).toString('latin1')).toBe('<?xml version="1.0" encoding="windows-1251"?>'.slice(0, 44));
    // «Файл» in cp1251 is D4 E0 E9 EB; in UTF-8 it would start with D0 A4.
    expect(u.bytes.includes(Buffer.from([0xd4, 0xe0, 0xe9, 0xeb]))).toBe(true);
    expect(u.bytes.includes(Buffer.from([0xd0, 0xa4]))).toBe(false);
    expect(decodeCp1251(u.bytes)).toBe(u.xml);
    expect(cp1251Safe('a\u001db «№» ₽')).toBe('ab «№» руб.');
  });

  it('names the file by the rule: buyer EDO id first, seller second, the date made, a GUID, the _0_0_0_0_0_00 tail', () => {
    const input = vatPayer();
    const u = buildUpd(input);
    const m = FILE_NAME.exec(u.fileName);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(BUYER_EDO);
    expect(m![2]).toBe(input.seller.edoId);
    expect(m![3]).toBe('20261005');
    expect(m![4]).toBe(input.guid);
    expect(u.fileName).toBe(`${u.idFile}.xml`);
    expect(u.xml).toContain(`ИдФайл="${u.idFile}"`);
    expect(stableGuid('test-1')).toBe(input.guid);
    expect(stableGuid('test-2')).not.toBe(input.guid);
  });

  it('refuses amounts that do not add up, a rate the format lacks and an unparsable ИП name', () => {
    expect(() => buildUpd(vatPayer({ total: 12_200_001 }))).toThrow(/не равна/);
    expect(() => buildUpd(vatPayer({ vatRateBp: 1800 + 1 }))).toThrow(/не предусмотрена/);
    expect(() => buildUpd(ip({ seller: { ...ip().seller, name: 'ИП Петров' } }))).toThrow(/фамилию и имя/);
    expect(() => buildUpd(vatPayer({ payout: 0, vat: 0, total: 0 }))).toThrow(/положительную/);
  });

  it('checks the conditional rules of the format and names the broken one', () => {
    const u = buildUpd(vatPayer());
    const tree = parseXml(u.xml);
    expect(updRuleViolations(tree, u.fileName)).toEqual([]);
    expect(updRuleViolations(tree, 'other.xml').map((v) => v.rule)).toEqual(['Имя файла должно совпадать со значением атрибута @ИдФайл']);
    const doc = tree.children[0];
    const noAddress = structuredClone(tree);
    const seller = noAddress.children[0].children[0].children.find((c) => c.name === 'СвПрод')!;
    seller.children = seller.children.filter((c) => c.name !== 'Адрес');
    expect(updRuleViolations(noAddress, u.fileName)).toEqual([{ context: 'СвПрод', rule: 'Адрес обязателен для функции СЧФ и СЧФДОП' }]);
    const noPeriod = structuredClone(tree);
    const per = noPeriod.children[0].children.find((c) => c.name === 'СвПродПер')!.children[0];
    delete per.attrs['ДатаОконПер'];
    expect(updRuleViolations(noPeriod, u.fileName).map((v) => v.context)).toEqual(['СвПер']);
    const poa = structuredClone(tree);
    poa.children[0].children.find((c) => c.name === 'Подписант')!.attrs['СпосПодтПолном'] = '3';
    expect(updRuleViolations(poa, u.fileName).map((v) => v.rule)).toEqual(['СвДоверЭл указывается тогда и только тогда, когда СпосПодтПолном=3']);
    expect(doc.attrs['НаимДокОпр']).toBeDefined();
  });
});
