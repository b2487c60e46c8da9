// Whether a contract-month's payout is frozen in an approved payment registry (DOMAIN.md "Payments": approving
// freezes it). Its own module so tests can stand in for it.
import type { ReadableDb } from '../db/types';

/** Registry statuses whose lines never change again. */
export const FROZEN_STATUSES_SQL = `('approved', 'exported', 'paid')`;

/**
 * True when the contract-month is in an approved (or later: exported, paid) payment registry — as a payout line or an
 * adjustment line for it — so a change of its payout must become an adjustment line instead.
 */
export function isMonthFrozen(db: ReadableDb, contractId: number, month: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM registry_lines l JOIN registries r ON r.id = l.registry_id
         WHERE l.contract_id = ? AND l.month = ? AND r.status IN ${FROZEN_STATUSES_SQL} LIMIT 1`,
      )
      .get(contractId, month) !== undefined
  );
}
