import {
  validateBik,
  validateCorrAccount,
  validateCorrAccountFormat,
  validateSettlementAccount,
  validateSettlementAccountFormat,
} from './bank';
import { validateInn, type CounterpartyType, type ValidationResult } from './inn';
import { validateKpp } from './kpp';
import { validateOgrn } from './ogrn';

export * from './inn';
export * from './kpp';
export * from './ogrn';
export * from './bank';
export * from './generate';

/** Raw requisites as entered or imported; blank optional values count as absent. */
export interface CounterpartyRequisitesInput {
  type: string;
  inn: string | null | undefined;
  kpp?: string | null | undefined;
  ogrn?: string | null | undefined;
  bik?: string | null | undefined;
  account?: string | null | undefined;
  corr_account?: string | null | undefined;
}

/** One refused field; `field` is the input key so the UI and import report can point at it. */
export interface RequisiteIssue {
  field: keyof CounterpartyRequisitesInput;
  reason: string;
}

function isBlank(value: string | null | undefined): boolean {
  return (value ?? '').trim() === '';
}

/** Validates a counterparty's requisites as a whole; returns every problem found, empty when valid. */
export function validateCounterpartyRequisites(input: CounterpartyRequisitesInput): RequisiteIssue[] {
  const issues: RequisiteIssue[] = [];
  const push = (field: RequisiteIssue['field'], result: ValidationResult): void => {
    if (!result.ok) issues.push({ field, reason: result.reason });
  };

  const rawType = (input.type ?? '').trim();
  // An unknown type must not hide INN/OGRN errors, so those are then checked against both lengths.
  const type: CounterpartyType | undefined = rawType === 'ЮЛ' || rawType === 'ИП' ? rawType : undefined;
  if (type === undefined) {
    issues.push({ field: 'type', reason: 'Тип контрагента должен быть «ЮЛ» или «ИП»' });
  }

  push('inn', validateInn(input.inn, type));

  if (type === 'ЮЛ') {
    if (isBlank(input.kpp)) issues.push({ field: 'kpp', reason: 'КПП обязателен для юридического лица' });
    else push('kpp', validateKpp(input.kpp));
  } else if (type === 'ИП') {
    if (!isBlank(input.kpp)) {
      issues.push({ field: 'kpp', reason: 'КПП не указывается для индивидуального предпринимателя' });
    }
  } else if (!isBlank(input.kpp)) {
    push('kpp', validateKpp(input.kpp));
  }

  if (!isBlank(input.ogrn)) push('ogrn', validateOgrn(input.ogrn, type));

  const hasAccount = !isBlank(input.account);
  const hasCorr = !isBlank(input.corr_account);
  let bikOk = false;
  if (isBlank(input.bik)) {
    if (hasAccount || hasCorr) {
      issues.push({ field: 'bik', reason: 'БИК обязателен, если указан расчётный или корреспондентский счёт' });
    }
  } else {
    const bik = validateBik(input.bik);
    push('bik', bik);
    bikOk = bik.ok;
  }
  // With a bad BIK only the account format is checked: the key error would just repeat the BIK error.
  if (hasAccount) {
    const account = bikOk
      ? validateSettlementAccount(input.account, input.bik)
      : validateSettlementAccountFormat(input.account);
    push('account', account);
  }
  if (hasCorr) {
    const corr = bikOk
      ? validateCorrAccount(input.corr_account, input.bik)
      : validateCorrAccountFormat(input.corr_account);
    push('corr_account', corr);
  }
  return issues;
}
