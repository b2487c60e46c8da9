import type { ValidationResult } from './inn';

const ACCOUNT_WEIGHTS = [7, 1, 3] as const;

/** Bank-of-Russia account key sum: weights 7,1,3 repeated over the 23-digit string; valid when it is 0 mod 10. */
function keySum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (ACCOUNT_WEIGHTS[i % 3] ?? 0);
  return sum % 10;
}

function isValidBik(bik: string): boolean {
  return /^04[0-9]{7}$/.test(bik);
}

/** Validates a BIK: 9 digits starting with 04 (Russian bank). */
export function validateBik(value: string | null | undefined): ValidationResult {
  const bik = (value ?? '').trim();
  if (bik === '') return { ok: false, reason: 'БИК не указан' };
  if (!isValidBik(bik)) return { ok: false, reason: 'БИК должен состоять из 9 цифр и начинаться с 04' };
  return { ok: true };
}

/** Prefix that the settlement-account key covers: the last 3 digits of the BIK. */
export function settlementKeyPrefix(bik: string): string {
  return bik.slice(-3);
}

/** Prefix that the correspondent-account key covers: `0` + BIK digits 5–6 (the RKC code). */
export function corrKeyPrefix(bik: string): string {
  return `0${bik.slice(4, 6)}`;
}

/** Returns the account with its key digit (9th position) set so that it passes the control for `prefix`. */
export function withAccountKey(account: string, prefix: string): string {
  if (!/^[0-9]{20}$/.test(account) || !/^[0-9]{3}$/.test(prefix)) {
    throw new RangeError(`Expected a 20-digit account and a 3-digit prefix, got "${account}", "${prefix}"`);
  }
  for (let key = 0; key <= 9; key++) {
    const candidate = `${account.slice(0, 8)}${key}${account.slice(9)}`;
    if (keySum(prefix + candidate) === 0) return candidate;
  }
  // Unreachable: the key digit has weight 3, which is invertible mod 10.
  throw new Error('No account key digit found');
}

function accountFormat(account: string, name: string): ValidationResult {
  if (account === '') return { ok: false, reason: `${name} не указан` };
  if (!/^[0-9]+$/.test(account)) return { ok: false, reason: `${name} должен содержать только цифры` };
  if (account.length !== 20) return { ok: false, reason: `${name} должен состоять из 20 цифр` };
  return { ok: true };
}

/** Format-only check of a settlement account (20 digits), for when the BIK is unusable. */
export function validateSettlementAccountFormat(value: string | null | undefined): ValidationResult {
  return accountFormat((value ?? '').trim(), 'Расчётный счёт');
}

/** Format-only check of a correspondent account (20 digits starting 301), for when the BIK is unusable. */
export function validateCorrAccountFormat(value: string | null | undefined): ValidationResult {
  const corr = (value ?? '').trim();
  const format = accountFormat(corr, 'Корреспондентский счёт');
  if (!format.ok) return format;
  if (!corr.startsWith('301')) return { ok: false, reason: 'Корреспондентский счёт должен начинаться с 301' };
  return { ok: true };
}

/** Validates a settlement account (р/с) against its BIK: 20 digits and the control key over BIK[-3:] + account. */
export function validateSettlementAccount(
  account: string | null | undefined,
  bik: string | null | undefined,
): ValidationResult {
  const format = validateSettlementAccountFormat(account);
  if (!format.ok) return format;
  const b = (bik ?? '').trim();
  if (!isValidBik(b)) return { ok: false, reason: 'Расчётный счёт нельзя проверить без корректного БИК' };
  if (keySum(settlementKeyPrefix(b) + (account ?? '').trim()) !== 0) {
    return { ok: false, reason: 'Неверный контрольный ключ расчётного счёта для указанного БИК' };
  }
  return { ok: true };
}

/** Validates a correspondent account (к/с) against its BIK: 20 digits from 301, key over `0` + BIK[4:6] + account. */
export function validateCorrAccount(corr: string | null | undefined, bik: string | null | undefined): ValidationResult {
  const format = validateCorrAccountFormat(corr);
  if (!format.ok) return format;
  const b = (bik ?? '').trim();
  if (!isValidBik(b)) return { ok: false, reason: 'Корреспондентский счёт нельзя проверить без корректного БИК' };
  if (keySum(corrKeyPrefix(b) + (corr ?? '').trim()) !== 0) {
    return { ok: false, reason: 'Неверный контрольный ключ корреспондентского счёта для указанного БИК' };
  }
  return { ok: true };
}
