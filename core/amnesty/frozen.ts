// Whether a contract-month's payout is frozen in an approved payment registry (DOMAIN.md "Payments": approving
// freezes it). Its own module so the payments work replaces one function, and tests can stand in for it.
import type { ReadableDb } from '../db/types';

/**
 * True when the contract-month is in an approved (or later: exported, paid) payment registry, so a change of its
 * payout must become an adjustment line instead. There is no registry table yet (issue 6): always false until then.
 * TODO(payments): look the contract-month up in the lines of registries with status approved/exported/paid.
 */
export function isMonthFrozen(_db: ReadableDb, _contractId: number, _month: string): boolean {
  return false;
}
