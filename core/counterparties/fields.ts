// A counterparty's fields as entered or imported → a checked record, with every problem reported at once.
import {
  validateCounterpartyRequisites,
  validateInn,
  type CounterpartyRequisitesInput,
} from '../requisites';

export const VAT_MODES = ['VAT', 'VAT5', 'VAT7', 'NO_VAT'] as const;
export type VatMode = (typeof VAT_MODES)[number];
export type CounterpartyType = 'ЮЛ' | 'ИП';

/** The stored fields of a counterparty (no id or timestamps). */
export interface CounterpartyData {
  type: CounterpartyType;
  name: string;
  inn: string;
  kpp: string | null;
  ogrn: string | null;
  vatMode: VatMode;
  bik: string | null;
  account: string | null;
  corrAccount: string | null;
  bankName: string | null;
  address: string | null;
  edoId: string | null;
}
export type CounterpartyField = keyof CounterpartyData;

/** Russian field names used in messages, so «ИНН: …» tells the user which box to fix. */
export const FIELD_LABELS: Record<CounterpartyField, string> = {
  inn: 'ИНН',
  type: 'Тип',
  kpp: 'КПП',
  ogrn: 'ОГРН',
  name: 'Наименование',
  vatMode: 'Режим НДС',
  bik: 'БИК',
  account: 'Расчётный счёт',
  corrAccount: 'Корр. счёт',
  bankName: 'Банк',
  address: 'Адрес',
  edoId: 'Идентификатор ЭДО',
};

const squash = (s: string) => s.toUpperCase().replace(/ё/gi, 'Е').replace(/[\s._]+/g, '');

const VAT_ALIASES: Record<string, VatMode> = {
  VAT: 'VAT', НДС: 'VAT', 'НДС20%': 'VAT', 'НДС22%': 'VAT', НДС20: 'VAT', НДС22: 'VAT', ОСН: 'VAT', ОСНО: 'VAT',
  VAT5: 'VAT5', 'НДС5%': 'VAT5', НДС5: 'VAT5',
  VAT7: 'VAT7', 'НДС7%': 'VAT7', НДС7: 'VAT7',
  NOVAT: 'NO_VAT', БЕЗНДС: 'NO_VAT', НДСНЕОБЛАГАЕТСЯ: 'NO_VAT', 'НДС0%': 'NO_VAT',
};

/** Reads a VAT mode in its code (`VAT5`) or as accountants write it (`НДС 5%`, `Без НДС`); null if unknown. */
export function parseVatMode(s: string): VatMode | null {
  return VAT_ALIASES[squash(s)] ?? null;
}

const TYPE_ALIASES: Record<string, CounterpartyType> = {
  ЮЛ: 'ЮЛ', ЮРЛИЦО: 'ЮЛ', ЮРИДИЧЕСКОЕЛИЦО: 'ЮЛ',
  ИП: 'ИП', ИНДИВИДУАЛЬНЫЙПРЕДПРИНИМАТЕЛЬ: 'ИП',
};

/** Reads the counterparty type (`ЮЛ`/`ИП`, also spelled out); null if unknown. */
export function parseCounterpartyType(s: string): CounterpartyType | null {
  return TYPE_ALIASES[squash(s)] ?? null;
}

/** Requisite digits as typed: spaces (also NBSP) removed, empty → null. */
export function digitsText(s: string | null | undefined): string | null {
  const t = (s ?? '').replace(/[\s\u00a0]+/g, '');
  return t === '' ? null : t;
}

/** A free-text field: runs of spaces collapsed, empty → null. */
export function plainText(s: string | null | undefined): string | null {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/**
 * Excel drops leading zeros of numbers, so an INN of regions 01–09 or a KPP/BIK arrives one digit short.
 * The zero is put back only when the result is then valid, so a genuinely short value still gets its error.
 */
export function restoreLeadingZero(value: string | null, length: number, isValid: (v: string) => boolean): string | null {
  if (value === null || !/^\d+$/.test(value) || value.length !== length - 1) return value;
  const padded = '0' + value;
  return isValid(padded) ? padded : value;
}

/** Puts back an INN's lost leading zero (9→10 or 11→12 digits) when the check digits then agree. */
export function restoreInn(inn: string | null): string | null {
  if (inn === null) return inn;
  const ok = (v: string) => validateInn(v).ok;
  return restoreLeadingZero(restoreLeadingZero(inn, 10, ok), 12, ok);
}

/** Raw values of a counterparty from a form or a file row (strings; blank means absent). */
export interface CounterpartyInput {
  type: string;
  name: string;
  inn: string;
  kpp?: string | null;
  ogrn?: string | null;
  vatMode: string;
  bik?: string | null;
  account?: string | null;
  corrAccount?: string | null;
  bankName?: string | null;
  address?: string | null;
  edoId?: string | null;
}

/** One refused field with the reason as shown to the user. */
export interface FieldIssue {
  field: CounterpartyField;
  reason: string;
}

const REQUISITE_FIELD: Record<keyof CounterpartyRequisitesInput, CounterpartyField> = {
  type: 'type',
  inn: 'inn',
  kpp: 'kpp',
  ogrn: 'ogrn',
  bik: 'bik',
  account: 'account',
  corr_account: 'corrAccount',
};

/** Checks every field of a counterparty and returns the clean record, or every problem found. */
export function checkCounterparty(input: CounterpartyInput): { data: CounterpartyData; issues: [] } | { data: null; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const type = parseCounterpartyType(input.type);
  const vatMode = parseVatMode(input.vatMode);
  const req = {
    inn: digitsText(input.inn),
    kpp: digitsText(input.kpp)?.toUpperCase() ?? null,
    ogrn: digitsText(input.ogrn),
    bik: digitsText(input.bik),
    account: digitsText(input.account),
    corr_account: digitsText(input.corrAccount),
  };
  for (const i of validateCounterpartyRequisites({ ...req, type: type ?? input.type.trim() })) {
    issues.push({ field: REQUISITE_FIELD[i.field], reason: i.reason });
  }
  if (input.vatMode.trim() === '') issues.push({ field: 'vatMode', reason: 'Режим НДС не указан' });
  else if (!vatMode) issues.push({ field: 'vatMode', reason: 'Режим НДС: VAT (НДС 20 %/22 %), VAT5 (НДС 5 %), VAT7 (НДС 7 %) или NO_VAT (Без НДС)' });
  const name = plainText(input.name);
  if (!name) issues.push({ field: 'name', reason: 'Наименование не указано' });
  else if (name.length > 500) issues.push({ field: 'name', reason: 'Наименование длиннее 500 символов' });
  const text = (field: CounterpartyField, v: string | null | undefined, max: number) => {
    const t = plainText(v);
    if (t && t.length > max) issues.push({ field, reason: `Длиннее ${max} символов` });
    return t;
  };
  const bankName = text('bankName', input.bankName, 300);
  const address = text('address', input.address, 1000);
  const edoId = digitsText(input.edoId);
  if (edoId && !/^[0-9A-Za-z-]{4,100}$/.test(edoId)) {
    issues.push({ field: 'edoId', reason: 'Идентификатор ЭДО: латинские буквы, цифры и дефисы (например, 2BM-7707083893-773601001-…)' });
  }
  // Fields are reported in a fixed order, INN first: it identifies the counterparty, so its error leads the message.
  const order = Object.keys(FIELD_LABELS);
  issues.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (issues.length || !type || !vatMode || !name || !req.inn) return { data: null, issues };
  return {
    data: {
      type, name, inn: req.inn, kpp: req.kpp, ogrn: req.ogrn, vatMode, bik: req.bik, account: req.account,
      corrAccount: req.corr_account, bankName, address, edoId,
    },
    issues: [],
  };
}
