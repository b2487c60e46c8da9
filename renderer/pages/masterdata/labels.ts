// Display names of counterparty codes; the codes themselves (VAT5, ЮЛ) are what the core stores and checks.
import type { MessageKey } from '../../i18n/messages';

export const VAT_MODES = ['VAT', 'VAT5', 'VAT7', 'NO_VAT'] as const;
export type VatModeCode = (typeof VAT_MODES)[number];

export const COUNTERPARTY_TYPES = ['ЮЛ', 'ИП'] as const;
export type CounterpartyTypeCode = (typeof COUNTERPARTY_TYPES)[number];

/** Message key of a VAT mode's name. */
export function vatKey(mode: string): MessageKey | null {
  return (VAT_MODES as readonly string[]).includes(mode) ? (`md.vat.${mode}` as MessageKey) : null;
}

/** Message key of a counterparty type's name. */
export function typeKey(type: string): MessageKey | null {
  return type === 'ЮЛ' ? 'md.type.legal' : type === 'ИП' ? 'md.type.individual' : null;
}
