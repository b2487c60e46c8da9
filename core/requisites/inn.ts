/** Counterparty legal form: legal entity (ЮЛ) or individual entrepreneur (ИП). */
export type CounterpartyType = 'ЮЛ' | 'ИП';

/** Outcome of a single requisite check; `reason` is shown to the user as is. */
export type ValidationResult = { ok: true } | { ok: false; reason: string };

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INN11_WEIGHTS = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INN12_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;

const OK: ValidationResult = { ok: true };

function fail(reason: string): ValidationResult {
  return { ok: false, reason };
}

/** FNS check digit of the prefix covered by `weights`: weighted sum mod 11 mod 10. */
function innCheckDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  return (sum % 11) % 10;
}

/** Computes the check digit(s) to append to a 9-digit (ЮЛ) or 10-digit (ИП) INN body; used by the generators. */
export function innCheckDigits(body: string): string {
  if (!/^[0-9]+$/.test(body) || (body.length !== 9 && body.length !== 10)) {
    throw new RangeError(`INN body must be 9 or 10 digits, got "${body}"`);
  }
  if (body.length === 9) return String(innCheckDigit(body, INN10_WEIGHTS));
  const first = innCheckDigit(body, INN11_WEIGHTS);
  const second = innCheckDigit(body + String(first), INN12_WEIGHTS);
  return `${first}${second}`;
}

/** Validates an INN: 10 digits for ЮЛ, 12 for ИП, either when the type is unknown, with FNS check digits. */
export function validateInn(value: string | null | undefined, type?: CounterpartyType): ValidationResult {
  const inn = (value ?? '').trim();
  if (inn === '') return fail('ИНН не указан');
  if (!/^[0-9]+$/.test(inn)) return fail('ИНН должен содержать только цифры');
  if (type === 'ЮЛ' && inn.length !== 10) return fail('ИНН должен состоять из 10 цифр для юридического лица');
  if (type === 'ИП' && inn.length !== 12) {
    return fail('ИНН должен состоять из 12 цифр для индивидуального предпринимателя');
  }
  if (inn.length !== 10 && inn.length !== 12) {
    return fail('ИНН должен состоять из 10 цифр (юридическое лицо) или 12 цифр (индивидуальный предприниматель)');
  }
  const body = inn.slice(0, inn.length === 10 ? 9 : 10);
  if (inn !== body + innCheckDigits(body)) return fail('Неверная контрольная сумма ИНН');
  return OK;
}
