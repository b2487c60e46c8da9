// Contracts and supplementary agreements as DOCX from the Word templates in resources/templates (lawyers edit the
// wording there; the code only supplies the values named by the {placeholders}).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { templatesDir } from '../reference/templates';
import { SUPPLEMENT_KIND_NAMES_RU, type SupplementKind } from '../contracts/schemas';
import { termsOn } from '../contracts/repo';
import { companyRequisites, DOCX_COMPANY_KEYS, shortName } from './company';
import { ddmmyyyy } from './upd';
import { amountInWords } from './words';

/** A generated DOCX and what it is. */
export interface DocxFile {
  fileName: string;
  bytes: Buffer;
  number: string;
  docDate: string;
  contractId: number;
  counterpartyId: number;
  /** The monthly fee in the document (kopecks excl. VAT). */
  fee: number | null;
}

/** The template files; lawyers may replace them with edited copies keeping the placeholders. */
export const DOCX_TEMPLATES = { contract: 'contract.docx', supplement: 'supplement.docx' } as const;

/** Fills a DOCX template; a template broken by editing (an unclosed tag) is refused with docxtemplater's reason. */
export function renderDocx(template: keyof typeof DOCX_TEMPLATES, data: Record<string, unknown>): Buffer {
  const file = path.join(templatesDir(), DOCX_TEMPLATES[template]);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new DomainError('not_found', `Шаблон «${DOCX_TEMPLATES[template]}» не найден в папке шаблонов приложения`);
  }
  try {
    const doc = new Docxtemplater(new PizZip(bytes), { paragraphLoop: true, linebreaks: true, nullGetter: () => '' });
    doc.render(data);
    return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
  } catch (e) {
    const errs = (e as { properties?: { errors?: { properties?: { explanation?: string } }[] } }).properties?.errors ?? [];
    const why = errs.map((x) => x.properties?.explanation).filter(Boolean).join('; ') || (e as Error).message;
    throw new DomainError('validation', `Шаблон «${DOCX_TEMPLATES[template]}» содержит ошибку: ${why}`);
  }
}

/** A file name Diadoc and Windows accept (no `< > : " / \ | ? *`, no trailing dot or space). */
export function safeFileName(name: string): string {
  return name.replace(/[<>:"/\\|?*]/g, '_').replace(/\p{Cc}/gu, '').replace(/[. ]+$/, '');
}

interface CpRow {
  id: number;
  type: 'ЮЛ' | 'ИП';
  name: string;
  inn: string;
  kpp: string | null;
  ogrn: string | null;
  vat_mode: string;
  bik: string | null;
  account: string | null;
  corr_account: string | null;
  bank_name: string | null;
  address: string | null;
}

// "Генеральный директор" → "Генерального директора" for "в лице …"; other titles are left as written.
function genitive(position: string): string {
  return position
    .split(' ')
    .map((w, i) => {
      if (i > 2 || !/^[А-ЯЁа-яё-]+$/.test(w)) return w;
      if (/(ый|ой)$/.test(w)) return w.slice(0, -2) + 'ого';
      if (/ий$/.test(w)) return w.slice(0, -2) + 'его';
      if (/(ор|ер|ист|ель|ант|ент|ар)$/.test(w)) return w.endsWith('ель') ? w.slice(0, -1) + 'я' : w + 'а';
      return w;
    })
    .join(' ');
}

/** The VAT clause of the fee. */
export function vatNote(vatMode: string): string {
  if (vatMode === 'NO_VAT') return 'НДС не облагается (Исполнитель не является плательщиком НДС)';
  if (vatMode === 'VAT5') return 'кроме того НДС по ставке 5 %';
  if (vatMode === 'VAT7') return 'кроме того НДС по ставке 7 %';
  return 'кроме того НДС по ставке, установленной законодательством на дату оказания услуг';
}

function partiesData(db: ReadableDb, counterpartyId: number): Record<string, unknown> {
  const co = companyRequisites(db, DOCX_COMPANY_KEYS);
  const cp = db.prepare('SELECT * FROM counterparties WHERE id = ?').get(counterpartyId) as CpRow;
  const isLegal = cp.type === 'ЮЛ';
  return {
    companyName: co.name,
    companyInn: co.inn,
    companyKpp: co.kpp,
    companyOgrn: co.ogrn,
    companyAddress: co.address,
    companyBik: co.bik,
    companyAccount: co.account,
    companyCorrAccount: co.corr_account,
    companyBankName: co.bank_name,
    companySignerName: co.signer_name,
    companySignerShort: shortName(co.signer_name),
    companySignerPosition: co.signer_position,
    companySignerPositionGen: genitive(co.signer_position),
    cpName: cp.name,
    cpInn: cp.inn,
    cpKpp: cp.kpp ?? '',
    cpOgrn: cp.ogrn ?? '',
    cpOgrnLabel: isLegal ? 'ОГРН' : 'ОГРНИП',
    cpAddress: cp.address ?? '—',
    cpBik: cp.bik ?? '',
    cpAccount: cp.account ?? '',
    cpCorrAccount: cp.corr_account ?? '',
    cpBankName: cp.bank_name ?? '',
    cpIsLegal: isLegal,
    cpSignerTitle: isLegal ? 'Руководитель' : 'Индивидуальный предприниматель',
    cpSignerShort: isLegal ? '____________' : shortName(cp.name),
    vatNote: vatNote(cp.vat_mode),
  };
}

interface ContractHead {
  id: number;
  number: string;
  counterparty_id: number;
  start_date: string;
  end_date: string;
  signed_date: string | null;
  created_at: string;
}

function contractHead(db: ReadableDb, contractId: number): ContractHead {
  const c = db.prepare('SELECT id, number, counterparty_id, start_date, end_date, signed_date, created_at FROM contracts WHERE id = ?').get(contractId) as ContractHead | undefined;
  if (!c) throw new DomainError('not_found', 'Договор не найден', { id: contractId });
  return c;
}

/** The contract's date as documents cite it: the signing date, else the start. */
export function contractDate(c: { signed_date: string | null; start_date: string }): string {
  return c.signed_date ?? c.start_date;
}

/** The contract as DOCX, with the terms in force on its start (or today's terms when asked for `onDay`). */
export function contractDocx(db: ReadableDb, contractId: number, onDay?: string): DocxFile {
  const c = contractHead(db, contractId);
  const day = onDay && onDay >= c.start_date ? onDay : c.start_date;
  const terms = termsOn(db, c.id, day);
  if (!terms) throw new DomainError('validation', `У договора ${c.number} нет условий на ${ddmmyyyy(day)}`);
  const outlets = db
    .prepare(
      `SELECT o.code, o.name, COALESCE(o.address, '') AS address, r.name AS region FROM contract_outlets co
       JOIN outlets o ON o.id = co.outlet_id JOIN regions r ON r.code = o.region_code WHERE co.contract_id = ? ORDER BY o.code`,
    )
    .all(c.id);
  const skus = db
    .prepare('SELECT s.code, s.name, COALESCE(s.brand, \'\') AS brand FROM terms_skus ts JOIN skus s ON s.id = ts.sku_id WHERE ts.terms_id = ? ORDER BY s.code')
    .all(terms.id);
  const equipment = db
    .prepare('SELECT e.code, e.name FROM terms_equipment te JOIN equipment_types e ON e.id = te.equipment_id WHERE te.terms_id = ? ORDER BY e.code')
    .all(terms.id);
  const date = contractDate(c);
  const bytes = renderDocx('contract', {
    ...partiesData(db, c.counterparty_id),
    number: c.number,
    date: ddmmyyyy(date),
    startDate: ddmmyyyy(c.start_date),
    endDate: ddmmyyyy(c.end_date),
    outlets,
    skus,
    equipment,
    schedule: terms.schedule ?? 'по режиму работы торговой точки',
    fee: amountInWords(terms.monthly_fee),
  });
  return {
    fileName: safeFileName(`Договор ${c.number}.docx`),
    bytes,
    number: c.number,
    docDate: date,
    contractId: c.id,
    counterpartyId: c.counterparty_id,
    fee: terms.monthly_fee,
  };
}

interface AgreementRow {
  id: number;
  contract_id: number;
  number: string;
  kind: SupplementKind;
  effective_from: string;
  details_json: string;
  created_at: string;
}

interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

function codeList(db: ReadableDb, table: 'skus' | 'equipment_types', codes: string[]): string {
  if (codes.length === 0) return '—';
  const names = new Map(
    (db.prepare(`SELECT code, name FROM ${table} WHERE code IN (${codes.map(() => '?').join(', ')})`).all(...codes) as { code: string; name: string }[]).map((r) => [r.code, r.name]),
  );
  return codes.map((c) => (names.has(c) ? `${c} «${names.get(c)}»` : c)).join(', ');
}

/** One line of "what changes" in words, as the agreement states it. */
export function describeChange(db: ReadableDb, ch: Change): string {
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  switch (ch.field) {
    case 'monthlyFee':
      return `ежемесячная стоимость услуг: вместо ${amountInWords(Number(ch.before))} устанавливается ${amountInWords(Number(ch.after))}`;
    case 'skuCodes':
    case 'equipmentCodes': {
      const table = ch.field === 'skuCodes' ? 'skus' : 'equipment_types';
      const before = list(ch.before);
      const after = list(ch.after);
      const added = after.filter((x) => !before.includes(x));
      const removed = before.filter((x) => !after.includes(x));
      const what = ch.field === 'skuCodes' ? 'обязательный ассортимент (SKU)' : 'оборудование Заказчика';
      const parts = [added.length ? `добавляются ${codeList(db, table, added)}` : '', removed.length ? `исключаются ${codeList(db, table, removed)}` : ''].filter(Boolean);
      return `${what}: ${parts.join('; ') || 'состав не меняется'}`;
    }
    case 'schedule':
      return `график работы торговых точек: «${String(ch.after ?? '—')}» (ранее «${String(ch.before ?? '—')}»)`;
    case 'outletFees': {
      const fees = (Array.isArray(ch.after) ? ch.after : []) as { outletId: number; monthlyFee: number }[];
      const codes = new Map(
        fees.length
          ? (db.prepare(`SELECT id, code FROM outlets WHERE id IN (${fees.map(() => '?').join(', ')})`).all(...fees.map((f) => f.outletId)) as { id: number; code: string }[]).map((r) => [r.id, r.code])
          : [],
      );
      return `стоимость по торговым точкам: ${fees.map((f) => `${codes.get(f.outletId) ?? f.outletId} — ${amountInWords(f.monthlyFee)}`).join('; ') || '—'}`;
    }
    case 'endDate':
      return `срок действия договора продлевается до ${ddmmyyyy(String(ch.after))}`;
    case 'terminationDate':
      return `договор расторгается с ${ddmmyyyy(String(ch.after))}`;
    default:
      return `${ch.field}: ${JSON.stringify(ch.after)}`;
  }
}

/** The Moscow calendar day of a stored timestamp. */
function moscowDay(iso: string): string {
  return new Date(new Date(iso).getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}

/** A supplementary agreement as DOCX: what changes, from when, the new fee in figures and words. */
export function supplementDocx(db: ReadableDb, supplementId: number): DocxFile {
  const sa = db.prepare('SELECT id, contract_id, number, kind, effective_from, details_json, created_at FROM supplementary_agreements WHERE id = ?').get(supplementId) as
    | AgreementRow
    | undefined;
  if (!sa) throw new DomainError('not_found', 'Дополнительное соглашение не найдено', { id: supplementId });
  const c = contractHead(db, sa.contract_id);
  let details: { changes?: Change[]; comment?: string } = {};
  try {
    details = JSON.parse(sa.details_json) as typeof details;
  } catch {
    details = {};
  }
  const changes = details.changes ?? [];
  const feeChange = changes.find((x) => x.field === 'monthlyFee');
  const newFee = feeChange ? Number(feeChange.after) : (termsOn(db, c.id, sa.effective_from)?.monthly_fee ?? null);
  const date = moscowDay(sa.created_at);
  const bytes = renderDocx('supplement', {
    ...partiesData(db, c.counterparty_id),
    number: sa.number,
    date: ddmmyyyy(date),
    contractNumber: c.number,
    contractDate: ddmmyyyy(contractDate(c)),
    effectiveFrom: ddmmyyyy(sa.effective_from),
    kindName: SUPPLEMENT_KIND_NAMES_RU[sa.kind] ?? sa.kind,
    changes: changes.map((ch) => ({ text: describeChange(db, ch) })),
    feeChanged: feeChange !== undefined,
    newFee: newFee !== null ? amountInWords(newFee) : '',
    comment: details.comment ?? '',
  });
  return {
    fileName: safeFileName(`${/^\d/.test(sa.number) ? `ДС-${sa.number}` : sa.number} к договору ${c.number}.docx`),
    bytes,
    number: sa.number,
    docDate: date,
    contractId: c.id,
    counterpartyId: c.counterparty_id,
    fee: newFee,
  };
}
