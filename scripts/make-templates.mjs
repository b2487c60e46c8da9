#!/usr/bin/env node
// Writes the import templates of DOMAIN.md "Canonical import files" to resources/templates/: a header row with the
// canonical column names and a few realistic rows whose requisites pass every check (verified by
// tests/core/reference/templates.test.ts, which imports each template into a fresh database).
// The rows agree across files (counterparties → outlets → contracts → visits), so importing them in that order works.
// Rerunnable: `node scripts/make-templates.mjs`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'resources', 'templates');

// Dates go in as Excel serials with a date format, as Excel itself stores them; no time zone can shift them.
const serial = (iso) => Date.UTC(...iso.split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0))) / 86_400_000 + 25_569;
const date = (iso) => ({ t: 'n', v: serial(iso), z: 'dd.mm.yyyy' });
// Requisites and codes are text, so Excel keeps leading zeros and all 20 digits of an account.
const text = (s) => ({ t: 's', v: s, z: '@' });
const cell = (v) => (v === null || v === undefined ? { t: 's', v: '' } : typeof v === 'object' ? v : typeof v === 'number' ? { t: 'n', v } : text(v));

function writeXlsx(file, header, rows) {
  const aoa = [header.map((h) => ({ t: 's', v: h })), ...rows.map((r) => r.map(cell))];
  const ws = XLSX.utils.aoa_to_sheet(aoa, { dense: true });
  ws['!cols'] = header.map((h, i) => ({ wch: Math.min(60, Math.max(h.length + 2, ...rows.map((r) => String(r[i]?.v ?? r[i] ?? '').length + 2))) }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Данные');
  wb.Props = { Title: `Шаблон импорта: ${file}`, Author: 'MCM', CreatedDate: new Date('2026-12-01T00:00:00Z') };
  fs.writeFileSync(path.join(outDir, file), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}

// windows-1251 encoder built from the decoder, so no extra package is needed.
const CP1251 = new Map();
{
  const dec = new TextDecoder('windows-1251');
  for (let b = 0x80; b <= 0xff; b++) CP1251.set(dec.decode(Uint8Array.of(b)), b);
}
function encodeCp1251(s) {
  const out = [];
  for (const ch of s) {
    const code = ch.codePointAt(0);
    if (code < 0x80) out.push(code);
    else if (CP1251.has(ch)) out.push(CP1251.get(ch));
    else throw new Error(`Character ${ch} is not in windows-1251`);
  }
  return Uint8Array.from(out);
}
const csvField = (v) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const CP = {
  kazanLlc: {
    inn: '1655012344', kpp: '165501001', ogrn: '1161690012340', name: 'ООО «Продукты Поволжья»', type: 'ЮЛ', vat: 'VAT',
    bik: '049205603', account: '40702810462000012345', corr: '30101810600000000603',
    bank: 'Отделение «Банк Татарстан» № 8610 ПАО Сбербанк', address: '420111, Республика Татарстан, г. Казань, ул. Баумана, д. 10',
    edo: '2BM-1655012344-165501001-201601150000000000000',
  },
  samaraJsc: {
    inn: '6315009872', kpp: '631501001', ogrn: '1206300012346', name: 'АО «Самарская торговая сеть»', type: 'ЮЛ', vat: 'VAT5',
    bik: '043601607', account: '40702810154400012345', corr: '30101810200000000607',
    bank: 'Поволжский банк ПАО Сбербанк', address: '443099, г. Самара, ул. Ленинградская, д. 45', edo: '',
  },
  kazanIp: {
    inn: '165501234514', kpp: '', ogrn: '319169000012341', name: 'ИП Гарипов Ринат Ильдарович', type: 'ИП', vat: 'NO_VAT',
    bik: '049205603', account: '40802810962000054321', corr: '30101810600000000603',
    bank: 'Отделение «Банк Татарстан» № 8610 ПАО Сбербанк', address: '420073, Республика Татарстан, г. Казань, пр. Победы, д. 120', edo: '',
  },
};
const CPS = Object.values(CP);

fs.mkdirSync(outDir, { recursive: true });

writeXlsx('skus.xlsx', ['sku_code', 'name', 'brand'], [
  ['SKU-1001', 'Напиток газированный «Лимонад», 0,5 л', 'Родник'],
  ['SKU-1002', 'Вода минеральная газированная, 1,5 л', 'Родник'],
  ['SKU-2001', 'Чипсы картофельные со вкусом сметаны, 90 г', 'Хрустим'],
]);

writeXlsx('equipment.xlsx', ['equipment_code', 'name'], [
  ['EQ-FRIDGE', 'Холодильник брендированный однодверный'],
  ['EQ-RACK', 'Стеллаж брендированный'],
  ['EQ-POS', 'POS-материалы (шелфтокер, воблер)'],
]);

const CP_HEADER = ['inn', 'kpp', 'ogrn', 'name', 'type', 'vat_mode', 'bik', 'account', 'corr_account', 'bank_name', 'address', 'edo_id'];
writeXlsx('counterparties.xlsx', CP_HEADER, CPS.map((c) => [c.inn, c.kpp, c.ogrn, c.name, c.type, c.vat, c.bik, c.account, c.corr, c.bank, c.address, c.edo]));

writeXlsx('outlets.xlsx', ['outlet_code', 'name', 'address', 'region', 'counterparty_inn', 'channel', 'rep_code', 'manager'], [
  ['TT-000101', 'Магазин «Продукты» на Баумана', 'г. Казань, ул. Баумана, д. 10', 'Татарстан', CP.kazanLlc.inn, 'Традиционная розница', 'TP-016-01', ''],
  ['TT-000102', 'Минимаркет «У дома»', 'г. Казань, пр. Победы, д. 120', 'Республика Татарстан', CP.kazanIp.inn, 'Традиционная розница', 'TP-016-02', ''],
  ['TT-000201', 'Супермаркет «Волга»', 'г. Самара, ул. Ленинградская, д. 45', 'Самарская обл.', CP.samaraJsc.inn, 'Современная розница', 'TP-063-01', ''],
]);

writeXlsx(
  'contracts.xlsx',
  ['contract_no', 'counterparty_inn', 'outlet_codes', 'category', 'start_date', 'end_date', 'monthly_fee', 'must_stock_skus', 'equipment', 'schedule', 'status', 'signed_date'],
  [
    ['MK-2027-000001', CP.kazanLlc.inn, 'TT-000101', 'BEVERAGES', date('2027-01-01'), date('2027-12-31'), 15000, 'SKU-1001, SKU-1002', 'EQ-FRIDGE', 'Пн-Пт 08:00-22:00; Сб-Вс 10:00-20:00', 'draft', ''],
    ['MK-2027-000002', CP.samaraJsc.inn, 'TT-000201', 'SNACKS', date('2027-02-01'), date('2028-01-31'), 25000.5, 'SKU-2001', 'EQ-RACK, EQ-POS', 'Пн-Вс 09:00-21:00', 'draft', ''],
    ['MK-2027-000003', CP.kazanIp.inn, 'TT-000102', 'BEVERAGES', date('2027-01-15'), date('2027-12-31'), 8000, 'SKU-1001', '', 'Пн-Вс 08:00-23:00', 'draft', ''],
  ],
);

writeXlsx('visits.xlsx', ['visit_id', 'visit_date', 'outlet_code', 'rep_code', 'signal_type', 'sku_code', 'equipment_code', 'photo_ref', 'source'], [
  ['V-2027-0000001', date('2027-01-15'), 'TT-000101', 'TP-016-01', 'OOS', 'SKU-1002', '', 'IMG_20270115_101500.jpg', 'IR'],
  ['V-2027-0000001', date('2027-01-15'), 'TT-000101', 'TP-016-01', 'EQUIPMENT', '', 'EQ-FRIDGE', 'IMG_20270115_101512.jpg', 'SFA'],
  ['V-2027-0000002', date('2027-01-16'), 'TT-000201', 'TP-063-01', '', '', '', '', 'SFA'],
]);

// The budget plan (core/budget/import.ts): federal district × month, rubles with kopecks, months as YYYY-MM text.
writeXlsx('budget-plan.xlsx', ['Федеральный округ', 'Месяц', 'Сумма, ₽'], [
  ['ЦФО', '2027-01', { t: 'n', v: 12500000, z: '#,##0.00' }],
  ['ЦФО', '2027-02', { t: 'n', v: 12750000.5, z: '#,##0.00' }],
  ['ПФО', '2027-01', { t: 'n', v: 8300000, z: '#,##0.00' }],
  ['ПФО', '2027-02', { t: 'n', v: 8450000, z: '#,##0.00' }],
]);

// The CSV sample is what Russian Excel saves: windows-1251, `;`, Russian headers, VAT modes as accountants write them.
const RU_HEADER = ['ИНН', 'КПП', 'ОГРН/ОГРНИП', 'Наименование', 'Тип', 'Режим НДС', 'БИК', 'Р/с', 'К/с', 'Банк', 'Адрес', 'ЭДО'];
const VAT_RU = { VAT: 'НДС 22%', VAT5: 'НДС 5%', VAT7: 'НДС 7%', NO_VAT: 'Без НДС' };
const lines = [RU_HEADER, ...CPS.map((c) => [c.inn, c.kpp, c.ogrn, c.name, c.type, VAT_RU[c.vat], c.bik, c.account, c.corr, c.bank, c.address, c.edo])];
fs.writeFileSync(
  path.join(outDir, 'counterparties-cp1251.csv'),
  encodeCp1251(lines.map((l) => l.map(csvField).join(';')).join('\r\n') + '\r\n'),
);

process.stdout.write(`Шаблоны записаны в ${path.relative(root, outDir)}\n`);
