// Payment orders in the 1C ↔ bank-client exchange format (`1CClientBankExchange`, version 1.03), which both
// 1C:Accounting and Russian bank clients import. Text only and pure: bytes (windows-1251, CRLF) are made elsewhere.
import { amountText } from './purpose';

/** A payer or payee of a payment order. */
export interface PaymentParty {
  name: string;
  inn: string;
  kpp: string | null;
  account: string;
  bik: string;
  corrAccount: string | null;
  bankName: string;
}

/** One payment order. */
export interface PaymentOrder {
  number: number;
  /** ISO date of the order. */
  date: string;
  /** Kopecks, > 0. */
  amount: number;
  payer: PaymentParty;
  payee: PaymentParty;
  purpose: string;
}

/** The whole exchange file. */
export interface ExchangeFile {
  sender: string;
  receiver: string;
  /** ISO date and `HH:MM:SS` of creation. */
  createdDate: string;
  createdTime: string;
  /** ISO dates of the period the file covers. */
  dateFrom: string;
  dateTo: string;
  account: string;
  orders: PaymentOrder[];
}

/** Keys every payment document of ours carries; the round-trip test checks them. */
export const REQUIRED_DOCUMENT_KEYS = [
  'Номер', 'Дата', 'Сумма', 'ПлательщикСчет', 'Плательщик', 'ПлательщикИНН', 'ПлательщикКПП', 'Плательщик1',
  'ПлательщикРасчСчет', 'ПлательщикБанк1', 'ПлательщикБИК', 'ПлательщикКорсчет', 'ПолучательСчет', 'Получатель',
  'ПолучательИНН', 'ПолучательКПП', 'Получатель1', 'ПолучательРасчСчет', 'ПолучательБанк1', 'ПолучательБИК',
  'ПолучательКорсчет', 'ВидОплаты', 'Код', 'Очередность', 'НазначениеПлатежа',
] as const;

/** Keys of the file header. */
export const REQUIRED_HEADER_KEYS = [
  'ВерсияФормата', 'Кодировка', 'Отправитель', 'Получатель', 'ДатаСоздания', 'ВремяСоздания', 'ДатаНачала', 'ДатаКонца', 'РасчСчет',
] as const;

/** ISO date → `dd.mm.yyyy`. */
export function dotDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

// A value must stay on its line: the format has no escaping, so line breaks become spaces.
const clean = (s: string | null | undefined) => (s ?? '').replace(/[\r\n]+/g, ' ').trim();

function partyLines(role: 'Плательщик' | 'Получатель', p: PaymentParty): string[] {
  // For an individual entrepreneur (no KPP) a payment order carries KPP «0».
  const kpp = clean(p.kpp) || '0';
  return [
    `${role}Счет=${clean(p.account)}`,
    `${role}=ИНН ${clean(p.inn)} ${clean(p.name)}`,
    `${role}ИНН=${clean(p.inn)}`,
    `${role}КПП=${kpp}`,
    `${role}1=${clean(p.name)}`,
    `${role}РасчСчет=${clean(p.account)}`,
    `${role}Банк1=${clean(p.bankName)}`,
    `${role}БИК=${clean(p.bik)}`,
    `${role}Корсчет=${clean(p.corrAccount)}`,
  ];
}

/** The exchange file as text lines joined by CRLF (with a final CRLF). */
export function writeExchange(f: ExchangeFile): string {
  const out = [
    '1CClientBankExchange',
    'ВерсияФормата=1.03',
    'Кодировка=Windows',
    `Отправитель=${clean(f.sender)}`,
    `Получатель=${clean(f.receiver)}`,
    `ДатаСоздания=${dotDate(f.createdDate)}`,
    `ВремяСоздания=${f.createdTime}`,
    `ДатаНачала=${dotDate(f.dateFrom)}`,
    `ДатаКонца=${dotDate(f.dateTo)}`,
    `РасчСчет=${clean(f.account)}`,
    'Документ=Платежное поручение',
  ];
  for (const o of f.orders) {
    out.push(
      'СекцияДокумент=Платежное поручение',
      `Номер=${o.number}`,
      `Дата=${dotDate(o.date)}`,
      `Сумма=${amountText(o.amount)}`,
      ...partyLines('Плательщик', o.payer),
      ...partyLines('Получатель', o.payee),
      'ВидПлатежа=',
      'ВидОплаты=01',
      'Код=0',
      'Очередность=5',
      `НазначениеПлатежа=${clean(o.purpose)}`,
      'КонецДокумента',
    );
  }
  out.push('КонецФайла');
  return out.join('\r\n') + '\r\n';
}

/** A parsed exchange file: header keys and one key → value map per document section. */
export interface ParsedExchange {
  header: Record<string, string>;
  documents: (Record<string, string> & { СекцияДокумент: string })[];
}

/** Parses an exchange file's text (any line ending); refuses a file that is not one. */
export function parse1CExchange(text: string): ParsedExchange {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines[0]?.trim() !== '1CClientBankExchange') throw new Error('Это не файл обмена 1С с банком: нет строки 1CClientBankExchange');
  const header: Record<string, string> = {};
  const documents: ParsedExchange['documents'] = [];
  let doc: Record<string, string> | null = null;
  let inAccountSection = false;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (!line) continue;
    if (line === 'КонецФайла') break;
    if (line === 'КонецДокумента') {
      if (doc) documents.push(doc as ParsedExchange['documents'][number]);
      doc = null;
      continue;
    }
    if (line === 'СекцияРасчСчет') {
      inAccountSection = true;
      continue;
    }
    if (line === 'КонецРасчСчет') {
      inAccountSection = false;
      continue;
    }
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const value = eq < 0 ? '' : line.slice(eq + 1);
    if (key === 'СекцияДокумент') {
      doc = { СекцияДокумент: value };
      continue;
    }
    if (doc) doc[key] = value;
    else if (!inAccountSection && !(key in header)) header[key] = value;
  }
  return { header, documents };
}

/** `1234.56` → kopecks; null when not an amount. */
export function parseExchangeAmount(s: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}
