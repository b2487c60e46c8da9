// The payment purpose text of DOMAIN.md "Payments": `Оплата маркетинговых услуг по договору MK-2026-000123 за сентябрь
// 2026. В т.ч. НДС 22 % - 1 234,56 руб.` or `… НДС не облагается`. Pure: used by the 1C export and the tests.

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

/** `2026-09` → `сентябрь 2026`. */
export function monthWords(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** Kopecks as a bank text amount: `1 234,56` (plain spaces: bank clients choke on NBSP). */
export function rublesText(kopecks: number): string {
  const abs = Math.abs(kopecks);
  const rub = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${kopecks < 0 ? '-' : ''}${rub},${String(abs % 100).padStart(2, '0')}`;
}

/** Kopecks as an exchange-file amount: `1234.56`. */
export function amountText(kopecks: number): string {
  const abs = Math.abs(kopecks);
  return `${kopecks < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A rate in basis points as a percent: 2200 → `22`, 1050 → `10,5`. */
export function ratePercent(bp: number): string {
  return (bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, '')).replace('.', ',');
}

/** What one payment covers: the contract, the registry month, and the lines that make it up. */
export interface PurposeInput {
  contractNumber: string;
  registryMonth: string;
  vatMode: string;
  lines: { kind: 'payout' | 'adjustment'; month: string; vatRateBp: number; vat: number }[];
}

const MAX_PURPOSE = 210; // the field length of a Russian payment order

/** The purpose text of a payment for a contract (its payout line and any adjustment lines). */
export function paymentPurpose(p: PurposeInput): string {
  const paid = [...new Set(p.lines.filter((l) => l.kind === 'payout').map((l) => l.month))].sort();
  const corrected = [...new Set(p.lines.filter((l) => l.kind === 'adjustment').map((l) => l.month))].sort();
  const parts: string[] = [];
  if (paid.length) parts.push(`за ${paid.map(monthWords).join(', ')}`);
  if (corrected.length) parts.push(`корректировка за ${corrected.map(monthWords).join(', ')}`);
  if (!parts.length) parts.push(`за ${monthWords(p.registryMonth)}`);
  const vat = p.lines.reduce((s, l) => s + l.vat, 0);
  const rates = [...new Set(p.lines.map((l) => l.vatRateBp))];
  const vatText =
    p.vatMode === 'NO_VAT' || (vat === 0 && rates.every((r) => r === 0))
      ? 'НДС не облагается'
      : rates.length === 1
        ? `В т.ч. НДС ${ratePercent(rates[0])} % - ${rublesText(vat)} руб.`
        : `В т.ч. НДС - ${rublesText(vat)} руб.`;
  const text = `Оплата маркетинговых услуг по договору ${p.contractNumber} ${parts.join(', ')}. ${vatText}`;
  if (text.length <= MAX_PURPOSE) return text;
  // Many corrected months: name the count instead, keeping the VAT clause the bank and the tax office need.
  const short = `Оплата маркетинговых услуг по договору ${p.contractNumber} ${paid.length ? `за ${paid.map(monthWords).join(', ')}, ` : ''}корректировки за ${corrected.length} мес. ${vatText}`;
  return short.slice(0, MAX_PURPOSE);
}
