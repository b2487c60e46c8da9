// An outlet's fields as entered or imported → a checked record with references resolved, every problem at once.
import { digitsText, plainText, restoreInn } from '../counterparties/fields';
import { findCounterpartyByInn, getCounterparty } from '../counterparties/repo';
import type { ReadableDb } from '../db/types';
import { itemCodeProblem } from '../reference/codes';
import type { OutletData } from './repo';
import type { ManagerHit, RegionHit } from './resolve';

/** Raw values of an outlet from a form or a file row; `undefined` keeps nothing (callers merge stored values first). */
export interface OutletInput {
  code: string;
  name: string;
  address?: string | null;
  /** Region name in any usual form, or its two-digit code. */
  region: string;
  counterpartyId?: number | null;
  counterpartyInn?: string | null;
  channel?: string | null;
  repCode?: string | null;
  /** User id, login or full name; empty means no manager. */
  manager?: string | number | null;
}

export type OutletField = 'code' | 'name' | 'address' | 'region' | 'counterparty' | 'channel' | 'repCode' | 'manager';

/** One refused field with the reason as shown to the user. */
export interface OutletIssue {
  field: OutletField;
  reason: string;
}

/** Lookups a check needs, built once per command. */
export interface OutletResolvers {
  db: ReadableDb;
  region: (text: string) => RegionHit | null;
  manager: (ref: string | number) => ManagerHit | { error: string };
}

/** Checks an outlet and resolves its region, counterparty and manager; returns the record or every problem. */
export function checkOutlet(input: OutletInput, r: OutletResolvers): { data: OutletData | null; region: RegionHit | null; issues: OutletIssue[] } {
  const issues: OutletIssue[] = [];
  const code = input.code.trim();
  const codeBad = itemCodeProblem(code);
  if (codeBad) issues.push({ field: 'code', reason: codeBad.replace(/^Код/, 'Код ТТ') });
  const name = plainText(input.name);
  if (!name) issues.push({ field: 'name', reason: 'Наименование не указано' });
  else if (name.length > 300) issues.push({ field: 'name', reason: 'Наименование длиннее 300 символов' });
  const text = (field: OutletField, v: string | null | undefined, max: number) => {
    const t = plainText(v);
    if (t && t.length > max) issues.push({ field, reason: `Длиннее ${max} символов` });
    return t;
  };
  const address = text('address', input.address, 1000);
  const channel = text('channel', input.channel, 100);
  const repCode = text('repCode', input.repCode, 64);

  const regionText = input.region.trim();
  const region = regionText === '' ? null : r.region(regionText);
  if (regionText === '') issues.push({ field: 'region', reason: 'Регион не указан' });
  else if (!region) issues.push({ field: 'region', reason: `Регион «${regionText}» не найден среди субъектов РФ` });

  let counterpartyId: number | null = null;
  if (input.counterpartyId != null) {
    if (getCounterparty(r.db, input.counterpartyId)) counterpartyId = input.counterpartyId;
    else issues.push({ field: 'counterparty', reason: `Контрагент с id ${input.counterpartyId} не найден` });
  } else {
    const inn = restoreInn(digitsText(input.counterpartyInn));
    const cp = inn ? findCounterpartyByInn(r.db, inn) : undefined;
    if (!inn) issues.push({ field: 'counterparty', reason: 'Контрагент не указан' });
    else if (!cp) issues.push({ field: 'counterparty', reason: `Контрагент с ИНН ${inn} не найден: сначала добавьте или загрузите его` });
    else counterpartyId = cp.id;
  }

  let managerUserId: number | null = null;
  const ref = typeof input.manager === 'string' ? input.manager.trim() : input.manager;
  if (ref !== undefined && ref !== null && ref !== '') {
    const m = r.manager(ref);
    if ('error' in m) issues.push({ field: 'manager', reason: m.error });
    else managerUserId = m.id;
  }

  if (issues.length || !name || !region || counterpartyId === null) return { data: null, region, issues };
  return {
    data: { code, name, address, regionCode: region.code, channel, counterpartyId, repCode, managerUserId },
    region,
    issues,
  };
}
