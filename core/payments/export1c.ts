// The 1C export of an approved registry: one payment order per contract (its lines net out), payer = the company's
// requisites from settings, payee = the requisites copied into the lines; windows-1251 bytes with CRLF.
import type { ReadableDb, WritableDb } from '../db/types';
import { cp1251Safe, encodeCp1251 } from '../documents/cp1251';
import { DomainError } from '../errors';
import { settingDef } from '../settings/definitions';
import { readSettings } from '../settings/repo';
import { writeExchange, type PaymentOrder, type PaymentParty } from './exchange1c';
import { paymentPurpose } from './purpose';
import { allLines, type RegistryHeader, type RegistryLine } from './repo';

const COMPANY_KEYS = ['company.name', 'company.inn', 'company.kpp', 'company.account', 'company.bik', 'company.corr_account', 'company.bank_name'] as const;

/** The company as payer; refuses naming the first missing setting. */
export function companyPayer(db: ReadableDb): PaymentParty {
  const s = readSettings(db);
  for (const key of COMPANY_KEYS) {
    if (!(s[key] ?? '').trim()) {
      throw new DomainError('validation', `Не заполнена настройка «${settingDef(key)?.label ?? key}» (${key}): без неё платёжные поручения не сформировать`, {
        field: key,
      });
    }
  }
  return {
    name: s['company.name'],
    inn: s['company.inn'],
    kpp: s['company.kpp'],
    account: s['company.account'],
    bik: s['company.bik'],
    corrAccount: s['company.corr_account'],
    bankName: s['company.bank_name'],
  };
}

/** Moscow wall-clock date and time of an instant (UTC+3, no daylight saving since 2014). */
export function moscowTime(iso: string): { date: string; time: string } {
  const t = new Date(Date.parse(iso) + 3 * 3_600_000).toISOString();
  return { date: t.slice(0, 10), time: t.slice(11, 19) };
}

/** A registry's lines grouped per contract: one payment each, in contract order. */
export function paymentGroups(lines: RegistryLine[]): RegistryLine[][] {
  const groups = new Map<number, RegistryLine[]>();
  for (const l of lines) {
    const g = groups.get(l.contractId);
    if (g) g.push(l);
    else groups.set(l.contractId, [l]);
  }
  return [...groups.values()];
}

/**
 * Gives every payment of the registry a payment order number (kept on re-export; new ones continue after the highest
 * number ever issued) and returns the orders. Writes payment_order_no in the caller's transaction.
 */
export function assignPaymentOrders(db: WritableDb, r: RegistryHeader, payer: PaymentParty, nowIso: string): PaymentOrder[] {
  let next = (db.prepare('SELECT COALESCE(max(payment_order_no), 0) FROM registry_lines').pluck().get() as number) + 1;
  const setNo = db.prepare('UPDATE registry_lines SET payment_order_no = ? WHERE id = ?');
  const date = moscowTime(nowIso).date;
  return paymentGroups(allLines(db, r.id)).map((g) => {
    const first = g[0];
    const number = g.find((l) => l.paymentOrderNo !== null)?.paymentOrderNo ?? next++;
    for (const l of g) if (l.paymentOrderNo !== number) setNo.run(number, l.id);
    return {
      number,
      date,
      amount: g.reduce((s, l) => s + l.total, 0),
      payer,
      payee: {
        name: first.counterpartyName,
        inn: first.inn,
        kpp: first.kpp,
        account: first.account ?? '',
        bik: first.bik ?? '',
        corrAccount: first.corrAccount,
        bankName: first.bankName ?? '',
      },
      purpose: paymentPurpose({ contractNumber: first.contractNumber, registryMonth: r.month, vatMode: first.vatMode, lines: g }),
    };
  });
}

/** The exchange file bytes (windows-1251, CRLF) for a registry's orders. */
export function exchangeBytes(r: RegistryHeader, payer: PaymentParty, orders: PaymentOrder[], nowIso: string): Uint8Array {
  const now = moscowTime(nowIso);
  const text = writeExchange({
    sender: 'MCM',
    receiver: payer.bankName,
    createdDate: now.date,
    createdTime: now.time,
    dateFrom: now.date,
    dateTo: now.date,
    account: payer.account,
    orders,
  });
  // Line by line: the cleaner turns line breaks into spaces, and the format's line breaks must stay CRLF.
  return encodeCp1251(text.split('\r\n').map(cp1251Safe).join('\r\n'));
}
