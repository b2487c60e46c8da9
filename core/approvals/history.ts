// The approval history of one contract for its card: every submission with its steps and decisions.
import type { CurrentUser } from '../command';
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import type { Role } from '../users/roles';
import type { Quorum } from './quorum';
import { activeDelegatorsOf, contractInScope, getContractHead, loadPrincipal } from './repo';
import type { Decision, InstanceStatus, StepStatus } from './types';

/** One recorded decision. */
export interface HistoryDecision {
  id: number;
  userId: number;
  userName: string;
  onBehalfOfId: number | null;
  onBehalfOfName: string | null;
  decision: Decision;
  comment: string | null;
  at: string;
}

/** One step of a submission. */
export interface HistoryStep {
  id: number;
  stepNo: number;
  role: Role;
  userId: number | null;
  userName: string | null;
  quorum: Quorum;
  quorumN: number | null;
  dueHours: number;
  status: StepStatus;
  activatedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  /** Pending past its due time now, or completed after it. */
  overdue: boolean;
  decisions: HistoryDecision[];
}

/** One submission (run of a route). */
export interface HistoryInstance {
  id: number;
  routeId: number;
  routeName: string;
  annualValue: number;
  submittedById: number | null;
  submittedByName: string | null;
  submittedAt: string;
  status: InstanceStatus;
  finishedAt: string | null;
  steps: HistoryStep[];
}

/**
 * True when the user may read the contract's approvals: it lies in their scope or in the scope of someone they
 * substitute today, or they took part (submitted, were named on a step, decided).
 */
function mayRead(db: ReadableDb, user: CurrentUser, contractId: number, today: string): boolean {
  if (contractInScope(db, user.scope, contractId)) return true;
  const tookPart = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM approval_instances i WHERE i.contract_id = ? AND i.submitted_by = ?)
           OR EXISTS (SELECT 1 FROM approval_steps s JOIN approval_instances i ON i.id = s.instance_id
                      WHERE i.contract_id = ? AND s.user_id = ?)
           OR EXISTS (SELECT 1 FROM approval_decisions d JOIN approval_steps s ON s.id = d.step_id
                      JOIN approval_instances i ON i.id = s.instance_id
                      WHERE i.contract_id = ? AND (d.user_id = ? OR d.on_behalf_of = ?))`,
    )
    .pluck()
    .get(contractId, user.id, contractId, user.id, contractId, user.id, user.id);
  if (tookPart === 1) return true;
  return activeDelegatorsOf(db, user.id, today).some((d) => {
    const p = loadPrincipal(db, d.fromUserId);
    return p !== undefined && contractInScope(db, p.scope, contractId);
  });
}

/** Every submission of the contract, oldest first, with steps and decisions (full names resolved). */
export function contractHistory(db: ReadableDb, user: CurrentUser, contractId: number, nowIso: string, today: string): HistoryInstance[] {
  getContractHead(db, contractId);
  // Outside what the user may read the contract "does not exist", as in core/contracts.
  if (!mayRead(db, user, contractId, today)) throw new DomainError('not_found', 'Договор не найден', { contractId });
  const instances = db
    .prepare(
      `SELECT i.id, i.route_id AS routeId, r.name AS routeName, i.annual_value AS annualValue,
              i.submitted_by AS submittedById, u.full_name AS submittedByName, i.submitted_at AS submittedAt,
              i.status, i.finished_at AS finishedAt
       FROM approval_instances i JOIN approval_routes r ON r.id = i.route_id LEFT JOIN users u ON u.id = i.submitted_by
       WHERE i.contract_id = ? ORDER BY i.submitted_at, i.id`,
    )
    .all(contractId) as Omit<HistoryInstance, 'steps'>[];
  const steps = db.prepare(
    `SELECT s.id, s.step_no AS stepNo, s.role, s.user_id AS userId, u.full_name AS userName, s.quorum,
            s.quorum_n AS quorumN, s.due_hours AS dueHours, s.status, s.activated_at AS activatedAt, s.due_at AS dueAt,
            s.completed_at AS completedAt
     FROM approval_steps s LEFT JOIN users u ON u.id = s.user_id WHERE s.instance_id = ? ORDER BY s.step_no`,
  );
  const decisions = db.prepare(
    `SELECT d.id, d.user_id AS userId, u.full_name AS userName, d.on_behalf_of AS onBehalfOfId,
            b.full_name AS onBehalfOfName, d.decision, d.comment, d.at
     FROM approval_decisions d JOIN users u ON u.id = d.user_id LEFT JOIN users b ON b.id = d.on_behalf_of
     WHERE d.step_id = ? ORDER BY d.at, d.id`,
  );
  return instances.map((i) => ({
    ...i,
    steps: (steps.all(i.id) as Omit<HistoryStep, 'decisions' | 'overdue'>[]).map((s) => ({
      ...s,
      overdue:
        s.dueAt !== null &&
        ((s.status === 'pending' && s.dueAt < nowIso) || (s.completedAt !== null && s.status !== 'cancelled' && s.completedAt > s.dueAt)),
      decisions: decisions.all(s.id) as HistoryDecision[],
    })),
  }));
}
