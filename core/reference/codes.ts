// Rules for the codes of reference records: they appear in files, contracts and signals, so they must be plain.

const ITEM_CODE = /^[\p{L}\p{N}][\p{L}\p{N}._\-/]{0,63}$/u;
const ENUM_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** Null when the SKU/equipment code is acceptable, else the reason. */
export function itemCodeProblem(code: string): string | null {
  if (code === '') return 'Код не указан';
  return ITEM_CODE.test(code) ? null : 'Код: буквы, цифры, точка, дефис, подчёркивание или «/», без пробелов, до 64 символов';
}

/** Null when a reason/category code is acceptable (`IR_ERROR`, `BEVERAGES`), else the reason. */
export function enumCodeProblem(code: string): string | null {
  if (code === '') return 'Код не указан';
  return ENUM_CODE.test(code) ? null : 'Код: заглавные латинские буквы, цифры и «_», начиная с буквы';
}

/** Null when a name is acceptable, else the reason. */
export function nameProblem(name: string | null, max = 300): string | null {
  if (name === null || name === '') return 'Наименование не указано';
  return name.length > max ? `Наименование длиннее ${max} символов` : null;
}
