// Signing and the date-driven statuses. `signed → active → expired` follow the calendar, so the same rule
// (statusOnDate) runs right after signing and in the daily refresh; both move through transitionContract.
import type { MutationCtx } from '../command';
import type { WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { ruDate } from './dates';
import { nextStatus, statusOnDate, type ContractAction, type ContractStatus } from './lifecycle';
import { loadContractInScope } from './repo';
import { transitionContract } from './status';

/** Moves a signed/active contract to the status its dates call for today; returns the new status. */
export function settleByDate(db: WritableDb, c: { id: number; status: ContractStatus; start_date: string; end_date: string }, today: string, nowIso: string): ContractStatus {
  const want = statusOnDate(c.status, c.start_date, c.end_date, today);
  if (want === c.status) return c.status;
  // Only forward moves exist in the lifecycle; an active contract whose start moved later simply stays active.
  const action: ContractAction | null = want === 'active' && c.status === 'signed' ? 'activate' : want === 'expired' ? 'expire' : null;
  if (!action) return c.status;
  return transitionContract(db, c.id, action, nowIso).to;
}

/** `contracts.sign`: an approved contract becomes signed on the given day, then takes its date-driven status. */
export function signContract(ctx: MutationCtx, input: { id: number; signedDate: string }, today: string): { id: number; status: ContractStatus } {
  const c = loadContractInScope(ctx.db, ctx.user!.scope, input.id);
  // The lifecycle refusal comes first: a wrong status is the more useful message than a wrong date.
  nextStatus(c.status, 'sign');
  if (input.signedDate > today) {
    throw new DomainError('validation', `Дата подписания ${ruDate(input.signedDate)} ещё не наступила`, { field: 'signedDate' });
  }
  const now = ctx.clock.now().toISOString();
  transitionContract(ctx.db, c.id, 'sign', now, { signedDate: input.signedDate });
  const status = settleByDate(ctx.db, { ...c, status: 'signed' }, today, now);
  ctx.audit({ entity: 'contract', entityId: c.id, before: { status: c.status, signedDate: c.signed_date }, after: { status, signedDate: input.signedDate } });
  return { id: c.id, status };
}

/** Counts of a status refresh. */
export interface RefreshResult {
  checked: number;
  activated: number;
  expired: number;
}

/** `contracts.refreshStatuses`: every signed/active contract whose dates call for another status moves; idempotent. */
export function refreshStatuses(ctx: MutationCtx, today: string): RefreshResult {
  // Only rows that must move are read: signed ones that have started, and signed/active ones past their end.
  const due = ctx.db
    .prepare(
      `SELECT id, status, start_date, end_date FROM contracts
       WHERE (status = 'signed' AND start_date <= ?) OR (status IN ('signed', 'active') AND end_date < ?)`,
    )
    .all(today, today) as { id: number; status: ContractStatus; start_date: string; end_date: string }[];
  const now = ctx.clock.now().toISOString();
  const out: RefreshResult = { checked: due.length, activated: 0, expired: 0 };
  for (const c of due) {
    const to = settleByDate(ctx.db, c, today, now);
    if (to === 'active') out.activated++;
    if (to === 'expired') out.expired++;
    if (to !== c.status) ctx.audit({ entity: 'contract', entityId: c.id, before: { status: c.status }, after: { status: to, today } });
  }
  if (out.activated + out.expired === 0) ctx.audit({ after: { today, ...out } });
  return out;
}
