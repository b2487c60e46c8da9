// Shared bits of the «Выплаты» page: status words, month helpers and the Russian text of a refused command.
import { ApiError } from '../../api/client';

export type RegistryStatus = 'draft' | 'approved' | 'exported' | 'paid';

/** Status labels as the badges show them. */
export const REGISTRY_STATUS_LABEL: Record<RegistryStatus, string> = {
  draft: 'Черновик',
  approved: 'Утверждён',
  exported: 'Выгружен',
  paid: 'Оплачен',
};

const MONTHS_RU = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

/** «сентябрь 2026» for `2026-09`. */
export function monthLabel(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${MONTHS_RU[Number(m[2]) - 1]} ${m[1]}` : month;
}

/** `YYYY-MM` of the month `n` months from the current one (local calendar). */
export function monthFromNow(n: number): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The message of a refused command, with every zod issue when there are several. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const issues = e.details?.issues as { message: string }[] | undefined;
    if (issues && issues.length > 1) return issues.map((i) => i.message).join('; ');
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
