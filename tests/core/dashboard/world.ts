// The dashboard's fixture: the signals world (4 contracts, March 2026 visits), a full recompute so every month of the
// contracts is cached, a few approvals with known cycle times and one pending step past due.
import { fixture } from '../amnesty/world';
import { fileInput, makeSignalsWorld, MARCH_ROWS, toCsv, type SignalsWorld } from '../signals/world';

/** Inserts an approval instance (and for in-progress ones a pending step due at `dueAt`). */
function addApproval(w: SignalsWorld, contractId: number, submittedAt: string, finishedAt: string | null, dueAt?: string): void {
  const id = Number(
    w.db
      .prepare(
        `INSERT INTO approval_instances (contract_id, route_id, annual_value, submitted_at, status, finished_at) VALUES (?, 2, 0, ?, ?, ?)`,
      )
      .run(contractId, submittedAt, finishedAt ? 'approved' : 'in_progress', finishedAt).lastInsertRowid,
  );
  if (dueAt) {
    w.db
      .prepare(
        `INSERT INTO approval_steps (instance_id, step_no, role, quorum, due_hours, status, activated_at, due_at) VALUES (?, 1, 'manager', 'any', 8, 'pending', ?, ?)`,
      )
      .run(id, submittedAt, dueAt);
  }
}

/**
 * The world after the March import and a full recompute. Approvals (UTC instants; Moscow = UTC+3):
 * C2 in February 1 h; C1 in March 2 h; C4 in March 5 h; C3 (ПФО, 63) in progress with a step overdue since 1 December.
 */
export async function makeDashboardWorld(): Promise<SignalsWorld> {
  const w = makeSignalsWorld();
  await w.ok('asst', 'signals.importFile', fileInput('visits_2026-03.csv', toCsv(MARCH_ROWS)));
  await w.ok('adm', 'penalties.recompute', {});
  addApproval(w, w.contracts.C2, '2026-02-10T07:00:00.000Z', '2026-02-10T08:00:00.000Z');
  addApproval(w, w.contracts.C1, '2026-03-10T07:00:00.000Z', '2026-03-10T09:00:00.000Z');
  addApproval(w, w.contracts.C4, '2026-03-11T06:00:00.000Z', '2026-03-11T11:00:00.000Z');
  addApproval(w, w.contracts.C3, '2026-11-30T07:00:00.000Z', null, '2026-12-01T07:00:00.000Z');
  return w;
}

/** A contract-month amnesty input for the lawyer. */
export const amnestyInput = (contractId: number, month: string) => ({
  contractId,
  month,
  reasonCode: 'DELIVERY_CONFIRMED',
  comment: 'Поставка подтверждена',
  evidence: [fixture('delivery-note.pdf')],
});
