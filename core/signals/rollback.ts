// Rolling back one signals batch as a whole: its signals and the visits it introduced go, the touched contract-months
// are recomputed, and the batch stays in the journal as `rolled_back`.
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import type { ContractMonthKey } from '../penalties/match';
import { recomputeContractMonths, type RecomputeSummary } from '../penalties/recompute';

/**
 * True when an approved (or exported, paid) payment registry has a line for a contract-month that this batch's
 * matched signals count in, so rolling it back would change frozen numbers.
 */
export function approvedRegistryDependsOnBatch(db: ReadableDb, batchId: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM signals s JOIN visits v ON v.id = s.visit_row_id
         JOIN registry_lines l ON l.contract_id = s.contract_id AND l.month = substr(v.visit_date, 1, 7)
         JOIN registries r ON r.id = l.registry_id AND r.status IN ('approved', 'exported', 'paid')
         WHERE s.batch_id = ? AND s.match_status = 'matched' LIMIT 1`,
      )
      .get(batchId) !== undefined
  );
}

/** What a rollback removed. */
export interface RollbackSummary {
  batchId: number;
  fileName: string;
  signalsDeleted: number;
  visitsDeleted: number;
  recompute: RecomputeSummary;
}

/** Deletes a committed signals batch's data and recomputes the affected contract-months, in the caller's transaction. */
export function rollbackSignalsBatch(db: WritableDb, batchId: number, nowIso: string): RollbackSummary {
  const batch = db.prepare('SELECT kind, file_name AS fileName, status FROM import_batches WHERE id = ?').get(batchId) as
    | { kind: string; fileName: string; status: string }
    | undefined;
  if (!batch || batch.kind !== 'signals') throw new DomainError('not_found', 'Пакет загрузки сигналов не найден', { batchId });
  if (batch.status !== 'committed') throw new DomainError('conflict', `Пакет №${batchId} уже откачен`, { batchId });
  if (approvedRegistryDependsOnBatch(db, batchId)) {
    throw new DomainError('conflict', `Пакет №${batchId} нельзя откатить: его данные вошли в утверждённый реестр выплат`, { batchId });
  }
  // Deleting signals under a live amnesty would silently shrink it; the amnesty has to be revoked or declined first.
  const amnesties = db
    .prepare(
      `SELECT DISTINCT a.id FROM amnesty_signals x JOIN amnesties a ON a.id = x.amnesty_id JOIN signals s ON s.id = x.signal_id
       WHERE s.batch_id = ? AND a.status IN ('pending', 'applied') ORDER BY a.id`,
    )
    .pluck()
    .all(batchId) as number[];
  if (amnesties.length) {
    throw new DomainError(
      'conflict',
      `Пакет №${batchId} нельзя откатить: на его сигналы выдана амнистия №${amnesties.join(', №')}. Сначала отзовите её.`,
      { batchId, amnesties },
    );
  }
  const affected = db
    .prepare(
      `SELECT DISTINCT s.contract_id AS contractId, substr(v.visit_date, 1, 7) AS month
       FROM signals s JOIN visits v ON v.id = s.visit_row_id
       WHERE s.batch_id = ? AND s.match_status = 'matched' AND s.contract_id IS NOT NULL`,
    )
    .all(batchId) as ContractMonthKey[];
  const signalsDeleted = db.prepare('DELETE FROM signals WHERE batch_id = ?').run(batchId).changes;
  // A visit this batch introduced may since have received signals from a later file: it stays, owned by that batch.
  db.prepare(
    `UPDATE visits SET batch_id = (SELECT min(s.batch_id) FROM signals s WHERE s.visit_row_id = visits.id)
     WHERE batch_id = ? AND EXISTS (SELECT 1 FROM signals s WHERE s.visit_row_id = visits.id)`,
  ).run(batchId);
  const visitsDeleted = db.prepare('DELETE FROM visits WHERE batch_id = ?').run(batchId).changes;
  db.prepare(`UPDATE import_batches SET status = 'rolled_back' WHERE id = ?`).run(batchId);
  const recompute = recomputeContractMonths(db, affected, nowIso);
  return { batchId, fileName: batch.fileName, signalsDeleted, visitsDeleted, recompute };
}
