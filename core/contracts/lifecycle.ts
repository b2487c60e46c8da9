import { DomainError } from '../errors';

/** Contract statuses of DOMAIN.md, in lifecycle order. */
export const CONTRACT_STATUSES = ['draft', 'on_approval', 'approved', 'signed', 'active', 'expired', 'terminated', 'rejected'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const STATUS_NAMES_RU: Record<ContractStatus, string> = {
  draft: 'Черновик',
  on_approval: 'На согласовании',
  approved: 'Согласован',
  signed: 'Подписан',
  active: 'Действует',
  expired: 'Истёк',
  terminated: 'Расторгнут',
  rejected: 'Отклонён',
};

export type ContractAction = 'submit' | 'recall' | 'return' | 'reject' | 'approve' | 'sign' | 'activate' | 'expire' | 'terminate';

const TRANSITIONS: Record<ContractAction, { from: readonly ContractStatus[]; to: ContractStatus; ru: string }> = {
  submit: { from: ['draft'], to: 'on_approval', ru: 'отправить на согласование' },
  recall: { from: ['on_approval'], to: 'draft', ru: 'отозвать с согласования' },
  return: { from: ['on_approval'], to: 'draft', ru: 'вернуть на доработку' },
  reject: { from: ['on_approval'], to: 'rejected', ru: 'отклонить' },
  approve: { from: ['on_approval'], to: 'approved', ru: 'согласовать' },
  sign: { from: ['approved'], to: 'signed', ru: 'отметить подписанным' },
  activate: { from: ['signed'], to: 'active', ru: 'ввести в действие' },
  expire: { from: ['signed', 'active'], to: 'expired', ru: 'закрыть по окончании срока' },
  terminate: { from: ['signed', 'active'], to: 'terminated', ru: 'расторгнуть' },
};

/** True when the action is allowed from the status. */
export function canTransition(from: ContractStatus, action: ContractAction): boolean {
  return TRANSITIONS[action].from.includes(from);
}

/** The status an action leads to; refuses a transition the lifecycle does not allow, with a Russian message. */
export function nextStatus(from: ContractStatus, action: ContractAction): ContractStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(from)) {
    throw new DomainError(
      'conflict',
      `Нельзя ${t.ru} договор в статусе «${STATUS_NAMES_RU[from]}»`,
      { from, action },
    );
  }
  return t.to;
}

/** Statuses in which a contract has a month fee and its signals count (DOMAIN.md "Matching"). */
export const SIGNED_STATUSES: readonly ContractStatus[] = ['signed', 'active', 'expired', 'terminated'];

/**
 * The date-driven status of a signed contract on a day: `signed` before the start, `active` inside the period,
 * `expired` after the end. Other statuses are not driven by dates and are returned unchanged.
 */
export function statusOnDate(status: ContractStatus, start: string, end: string, today: string): ContractStatus {
  if (status !== 'signed' && status !== 'active' && status !== 'expired') return status;
  if (today < start) return 'signed';
  if (today <= end) return 'active';
  return 'expired';
}
