// The company's requisites from settings, for documents: a document that needs a missing one refuses, naming it.
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { readSettings } from '../settings/repo';
import { settingDef } from '../settings/definitions';

/** Company settings keys without the `company.` prefix. */
export type CompanyKey = 'name' | 'inn' | 'kpp' | 'ogrn' | 'address' | 'bik' | 'account' | 'corr_account' | 'bank_name' | 'edo_id' | 'signer_name' | 'signer_position';

/** What a UPD needs of the company (the buyer). */
export const UPD_COMPANY_KEYS: CompanyKey[] = ['name', 'inn', 'kpp', 'address', 'edo_id', 'signer_name', 'signer_position'];
/** What a contract or an agreement needs (the requisites section). */
export const DOCX_COMPANY_KEYS: CompanyKey[] = ['name', 'inn', 'kpp', 'ogrn', 'address', 'bik', 'account', 'corr_account', 'bank_name', 'signer_name', 'signer_position'];

/** The company's settings; refuses when one of `need` is unset, naming every missing setting. */
export function companyRequisites(db: ReadableDb, need: CompanyKey[]): Record<CompanyKey, string> {
  const all = readSettings(db);
  const out = {} as Record<CompanyKey, string>;
  const missing: string[] = [];
  for (const k of need) {
    const v = all[`company.${k}`]?.trim();
    if (v) out[k] = v;
    else missing.push(`company.${k}`);
  }
  if (missing.length) {
    const names = missing.map((k) => `«${settingDef(k)?.label ?? k}» (${k})`).join(', ');
    throw new DomainError('validation', `Не заполнены настройки компании: ${names}. Укажите их в разделе «Настройки»`, { missing });
  }
  return out;
}

/** Ф. И. О. → `Фамилия И. О.` for signature lines. */
export function shortName(fullName: string): string {
  const [last, ...rest] = fullName.trim().replace(/^ИП\s+/, '').split(/\s+/);
  return [last, ...rest.map((r) => (r.endsWith('.') ? r : `${r[0]}.`))].join(' ');
}
