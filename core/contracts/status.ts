import type { WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { refreshContracts } from '../penalties/recompute';
import { nextStatus, type ContractAction, type ContractStatus } from './lifecycle';

/** Moves a contract through the lifecycle (checked), stamping updated_at; returns the statuses for the audit. */
export function transitionContract(
  db: WritableDb,
  contractId: number,
  action: ContractAction,
  nowIso: string,
  extra: { signedDate?: string; terminatedDate?: string } = {},
): { from: ContractStatus; to: ContractStatus } {
  const row = db.prepare('SELECT status FROM contracts WHERE id = ?').get(contractId) as { status: ContractStatus } | undefined;
  if (!row) throw new DomainError('not_found', 'Договор не найден', { contractId });
  const to = nextStatus(row.status, action);
  db.prepare(
    `UPDATE contracts SET status = ?, updated_at = ?,
       signed_date = COALESCE(?, signed_date), terminated_date = COALESCE(?, terminated_date)
     WHERE id = ?`,
  ).run(to, nowIso, extra.signedDate ?? null, extra.terminatedDate ?? null, contractId);
  // Signing gives the contract month fees; termination cuts them. Other moves keep the fees as they are.
  if (action === 'sign' || action === 'terminate') refreshContracts(db, [contractId], nowIso);
  return { from: row.status, to };
}
