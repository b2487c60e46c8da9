// Putting an amnesty into effect and taking it back. Both change signals.amnesty_id (the one column the penalty
// engine filters on), recompute the affected contract-months with the engine, and for months frozen in an approved
// registry record the payout difference as an adjustment line instead of touching the registry.
import type { WritableDb } from '../db/types';
import { recomputeContractMonths, type RecomputeSummary } from '../penalties/recompute';
import type { Impact } from './effect';
import { isMonthFrozen } from './frozen';

/** A payout_adjustments row written by an amnesty action. */
export interface AdjustmentLine {
  id: number;
  contractId: number;
  contractNo: string;
  month: string;
  payoutDelta: number;
  vatDelta: number;
  reason: string;
}

/** What applying or revoking changed. */
export interface ApplyOutcome {
  /** Signals whose amnesty_id was set (apply) or cleared (revoke). */
  signalsChanged: number;
  adjustments: AdjustmentLine[];
  recompute: RecomputeSummary;
}

function recordAdjustments(
  db: WritableDb,
  amnestyId: number,
  impact: Impact,
  direction: 'apply' | 'revoke',
  reason: string,
  nowIso: string,
): AdjustmentLine[] {
  const insert = db.prepare(
    `INSERT INTO payout_adjustments (contract_id, month, payout_delta, vat_delta, reason, amnesty_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const out: AdjustmentLine[] = [];
  for (const m of impact.months) {
    if (!isMonthFrozen(db, m.contractId, m.month)) continue;
    // The difference this action makes, by the same engine numbers that priced it (not the cache, which may lag).
    const sign = direction === 'apply' ? 1 : -1;
    const payoutDelta = sign * (m.withoutSignals.payout - m.withSignals.payout);
    const vatDelta = sign * (m.withoutSignals.vat - m.withSignals.vat);
    if (payoutDelta === 0 && vatDelta === 0) continue;
    const id = Number(insert.run(m.contractId, m.month, payoutDelta, vatDelta, reason, amnestyId, nowIso).lastInsertRowid);
    out.push({ id, contractId: m.contractId, contractNo: m.contractNo, month: m.month, payoutDelta, vatDelta, reason });
  }
  return out;
}

/**
 * Cancels the amnesty's signals (those not already cancelled by another amnesty), writes adjustment lines for frozen
 * months, and recomputes the contract-months of `impact` — which the caller computed just before, in the same
 * transaction. Runs inside the caller's transaction.
 */
export function applyAmnesty(db: WritableDb, amnestyId: number, impact: Impact, nowIso: string): ApplyOutcome {
  const signalsChanged = db
    .prepare(
      `UPDATE signals SET amnesty_id = ?
       WHERE id IN (SELECT signal_id FROM amnesty_signals WHERE amnesty_id = ?) AND amnesty_id IS NULL`,
    )
    .run(amnestyId, amnestyId).changes;
  const adjustments = recordAdjustments(db, amnestyId, impact, 'apply', `Амнистия №${amnestyId}`, nowIso);
  const recompute = recomputeContractMonths(db, impact.months, nowIso);
  return { signalsChanged, adjustments, recompute };
}

/** Un-cancels the signals an amnesty cancelled, with adjustment lines for frozen months, and recomputes. */
export function unapplyAmnesty(db: WritableDb, amnestyId: number, impact: Impact, reason: string, nowIso: string): ApplyOutcome {
  const signalsChanged = db
    .prepare(
      `UPDATE signals SET amnesty_id = NULL
       WHERE id IN (SELECT signal_id FROM amnesty_signals WHERE amnesty_id = ?) AND amnesty_id = ?`,
    )
    .run(amnestyId, amnestyId).changes;
  const adjustments = recordAdjustments(db, amnestyId, impact, 'revoke', `Отмена амнистии №${amnestyId}: ${reason}`, nowIso);
  const recompute = recomputeContractMonths(db, impact.months, nowIso);
  return { signalsChanged, adjustments, recompute };
}
