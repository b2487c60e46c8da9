import type { ValidationResult } from './inn';

const KPP_FORMAT = 'КПП должен состоять из 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры';

/** Validates a KPP: 4 digits, 2 of [0-9A-Z] (reason code), 3 digits. */
export function validateKpp(value: string | null | undefined): ValidationResult {
  const kpp = (value ?? '').trim();
  if (kpp === '') return { ok: false, reason: 'КПП не указан' };
  if (/^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$/.test(kpp)) return { ok: true };
  // Specific hints for the two mistakes that look right on screen but are not.
  if (kpp.length === 9 && /^[0-9]{4}[0-9A-Za-z]{2}[0-9]{3}$/.test(kpp)) {
    return { ok: false, reason: 'КПП может содержать только заглавные латинские буквы' };
  }
  if (/[\u0400-\u04FF]/.test(kpp)) {
    return { ok: false, reason: 'КПП содержит кириллические буквы; допускаются только цифры и латинские буквы' };
  }
  return { ok: false, reason: KPP_FORMAT };
}
