// Statuses and decisions of the approval workflow with their Russian names. Pure, so the renderer may use them.

export const INSTANCE_STATUSES = ['in_progress', 'approved', 'returned', 'rejected', 'recalled'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export const STEP_STATUSES = ['waiting', 'pending', 'approved', 'returned', 'rejected', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const DECISIONS = ['approve', 'return', 'reject', 'comment'] as const;
export type Decision = (typeof DECISIONS)[number];

export const INSTANCE_STATUS_NAMES_RU: Record<InstanceStatus, string> = {
  in_progress: 'На согласовании',
  approved: 'Согласовано',
  returned: 'Возвращено на доработку',
  rejected: 'Отклонено',
  recalled: 'Отозвано',
};

export const STEP_STATUS_NAMES_RU: Record<StepStatus, string> = {
  waiting: 'Ожидает предыдущих этапов',
  pending: 'Ожидает решения',
  approved: 'Согласован',
  returned: 'Возвращён на доработку',
  rejected: 'Отклонён',
  cancelled: 'Отменён',
};

export const DECISION_NAMES_RU: Record<Decision, string> = {
  approve: 'Согласовать',
  return: 'Вернуть на доработку',
  reject: 'Отклонить',
  comment: 'Комментарий',
};
