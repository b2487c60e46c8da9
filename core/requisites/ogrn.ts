import type { CounterpartyType, ValidationResult } from './inn';

/** Check digit of an OGRN (12-digit body, mod 11) or OGRNIP (14-digit body, mod 13), via BigInt to stay exact. */
export function ogrnCheckDigit(body: string): string {
  if (!/^[0-9]+$/.test(body) || (body.length !== 12 && body.length !== 14)) {
    throw new RangeError(`OGRN body must be 12 or 14 digits, got "${body}"`);
  }
  const modulus = body.length === 12 ? 11n : 13n;
  return String((BigInt(body) % modulus) % 10n);
}

/** Validates an OGRN (13 digits, ЮЛ) or OGRNIP (15 digits, ИП); either length when the type is unknown. */
export function validateOgrn(value: string | null | undefined, type?: CounterpartyType): ValidationResult {
  const ogrn = (value ?? '').trim();
  const name = type === 'ИП' || (type === undefined && ogrn.length === 15) ? 'ОГРНИП' : 'ОГРН';
  if (ogrn === '') return { ok: false, reason: `${name} не указан` };
  if (!/^[0-9]+$/.test(ogrn)) return { ok: false, reason: `${name} должен содержать только цифры` };
  if (type === 'ЮЛ' && ogrn.length !== 13) return { ok: false, reason: 'ОГРН должен состоять из 13 цифр' };
  if (type === 'ИП' && ogrn.length !== 15) return { ok: false, reason: 'ОГРНИП должен состоять из 15 цифр' };
  if (ogrn.length !== 13 && ogrn.length !== 15) {
    return { ok: false, reason: 'ОГРН должен состоять из 13 цифр, ОГРНИП — из 15 цифр' };
  }
  const body = ogrn.slice(0, -1);
  if (ogrn.slice(-1) !== ogrnCheckDigit(body)) return { ok: false, reason: `Неверное контрольное число ${name}` };
  return { ok: true };
}
