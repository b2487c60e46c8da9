// The approval run of one contract: submit, recall and the approvers' decisions (DOMAIN.md "Approval workflow").
// Every contract status change goes through transitionContract, so the lifecycle rules live in one place.
import type { AuditInput, CurrentUser } from '../command';
import { expectVersion } from '../concurrency/version';
import { annualValue, checkSubmission } from '../contracts/checks';
import { nextStatus, type ContractStatus } from '../contracts/lifecycle';
import { transitionContract } from '../contracts/status';
import type { WritableDb } from '../db/types';
import { DomainError, isDomainError } from '../errors';
import { ROLE_NAMES_RU, type Role } from '../users/roles';
import { isQuorumMet, type Quorum } from './quorum';
import {
  activeDelegatorsOf,
  approverIds,
  contractInScope,
  eligibleUserIds,
  getContractHead,
  getInstance,
  getStep,
  loadPrincipal,
  mayDecide,
  openInstanceOf,
  stepsOf,
  userName,
  type ContractHead,
  type Principal,
  type StepRow,
} from './repo';
import { selectRoute } from './route';
import { listRoutes } from './routesRepo';
import { STEP_STATUS_NAMES_RU, type Decision, type InstanceStatus, type StepStatus } from './types';
import { addWorkingHours, moscowDate } from './workingHours';

/** What the workflow functions need from a mutation's context. */
export interface WorkflowCtx {
  db: WritableDb;
  user: CurrentUser;
  /** The instant of the command, ISO. */
  nowIso: string;
  audit(rec: AuditInput): void;
}

/** A step as the workflow reports it back. */
export interface StepBrief {
  id: number;
  stepNo: number;
  role: Role;
  userId: number | null;
  quorum: Quorum;
  quorumN: number | null;
  status: StepStatus;
  activatedAt: string | null;
  dueAt: string | null;
}

const brief = (s: StepRow): StepBrief => ({
  id: s.id,
  stepNo: s.step_no,
  role: s.role,
  userId: s.user_id,
  quorum: s.quorum,
  quorumN: s.quorum_n,
  status: s.status,
  activatedAt: s.activated_at,
  dueAt: s.due_at,
});

const ruDate = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

function contractStatusOf(db: WritableDb, contractId: number): ContractStatus {
  return db.prepare('SELECT status FROM contracts WHERE id = ?').pluck().get(contractId) as ContractStatus;
}

/** Result of a submission. */
export interface SubmitResult {
  instanceId: number;
  contractId: number;
  contractStatus: ContractStatus;
  route: { id: number; name: string };
  annualValue: number;
  steps: StepBrief[];
}

/**
 * The contract as the user may act on it: outside the scope it "does not exist", as in core/contracts (no hint), and
 * a card opened at another version is refused (`version` undefined skips that check, for the CLI and scripts).
 */
function visibleFreshHead(ctx: WorkflowCtx, contractId: number, version: number | undefined): ContractHead {
  const c = getContractHead(ctx.db, contractId);
  // A contract without outlets is in nobody's regional scope: let the checks name the missing outlets instead.
  if (c.regionCode !== null && !contractInScope(ctx.db, ctx.user.scope, contractId)) {
    throw new DomainError('not_found', 'Договор не найден', { contractId });
  }
  // After the scope check, so a hidden contract does not reveal who changed it; before every other refusal, so a
  // stale card is told to refresh rather than given a reason that may no longer hold.
  expectVersion(ctx.db, 'contract', contractId, version);
  return c;
}

/**
 * Sends a draft to approval: checks, route by the rules, a new run with its first step pending, draft → on_approval.
 * `version` is the contract's version the card was opened at.
 */
export function submitContract(ctx: WorkflowCtx, contractId: number, version?: number): SubmitResult {
  const { db, user, nowIso } = ctx;
  const c = visibleFreshHead(ctx, contractId, version);
  nextStatus(c.status as ContractStatus, 'submit');
  if (openInstanceOf(db, contractId)) {
    throw new DomainError('conflict', `Договор ${c.number} уже на согласовании`, { contractId });
  }

  const issues = checkSubmission(db, contractId, moscowDate(nowIso));
  if (issues.length > 0) {
    throw new DomainError('validation', issues[0].message, {
      field: issues[0].field,
      issues: issues.map((i) => ({ path: i.field ?? i.code, code: i.code, message: i.message })),
    });
  }

  const value = annualValue(db, contractId);
  const route = selectRoute(listRoutes(db), {
    category: c.category,
    federalDistrict: c.federalDistrict,
    regionCode: c.regionCode,
    annualValue: value,
  });
  if (!route) {
    throw new DomainError(
      'conflict',
      'Ни одно правило маршрутов согласования не подходит договору: обратитесь к администратору',
      { contractId },
    );
  }

  const instanceId = Number(
    db
      .prepare(
        `INSERT INTO approval_instances (contract_id, route_id, annual_value, submitted_by, submitted_at, status)
         VALUES (?, ?, ?, ?, ?, 'in_progress')`,
      )
      .run(contractId, route.id, value, user.id, nowIso).lastInsertRowid,
  );
  const insertStep = db.prepare(
    `INSERT INTO approval_steps (instance_id, step_no, role, user_id, quorum, quorum_n, due_hours, status, activated_at, due_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of route.steps) {
    const first = s.stepNo === 1;
    insertStep.run(
      instanceId,
      s.stepNo,
      s.role,
      s.userId,
      s.quorum,
      s.quorumN,
      s.dueHours,
      first ? 'pending' : 'waiting',
      first ? nowIso : null,
      first ? addWorkingHours(nowIso, s.dueHours) : null,
    );
  }
  const t = transitionContract(db, contractId, 'submit', nowIso);
  const steps = stepsOf(db, instanceId).map(brief);
  ctx.audit({
    entity: 'contract',
    entityId: contractId,
    before: { status: t.from },
    after: { status: t.to, instanceId, routeId: route.id, routeName: route.name, annualValue: value },
  });
  return { instanceId, contractId, contractStatus: t.to, route: { id: route.id, name: route.name }, annualValue: value, steps };
}

/** Result of a recall. */
export interface RecallResult {
  instanceId: number;
  contractId: number;
  contractStatus: ContractStatus;
}

/**
 * Takes a contract back from approval: only its submitter, only while no approver has recorded anything. `version` is
 * the contract's version the card was opened at.
 */
export function recallContract(ctx: WorkflowCtx, contractId: number, version?: number): RecallResult {
  const { db, user, nowIso } = ctx;
  const c = visibleFreshHead(ctx, contractId, version);
  const inst = openInstanceOf(db, contractId);
  if (!inst) throw new DomainError('conflict', `Договор ${c.number} не находится на согласовании`, { contractId });
  if (inst.submitted_by !== user.id) {
    throw new DomainError('forbidden', 'Отозвать договор с согласования может только сотрудник, который его отправил', {
      contractId,
    });
  }
  const decisions = db
    .prepare(
      `SELECT count(*) FROM approval_decisions d JOIN approval_steps s ON s.id = d.step_id WHERE s.instance_id = ?`,
    )
    .pluck()
    .get(inst.id) as number;
  if (decisions > 0) {
    // Once an approver has acted, their work would vanish silently; the approver can return the contract instead.
    throw new DomainError(
      'conflict',
      'Отозвать договор нельзя: согласующие уже приняли решение или оставили комментарий. Попросите вернуть его на доработку',
      { contractId },
    );
  }
  db.prepare(
    "UPDATE approval_steps SET status = 'cancelled', completed_at = ? WHERE instance_id = ? AND status IN ('waiting', 'pending')",
  ).run(nowIso, inst.id);
  db.prepare("UPDATE approval_instances SET status = 'recalled', finished_at = ? WHERE id = ?").run(nowIso, inst.id);
  const t = transitionContract(db, contractId, 'recall', nowIso);
  ctx.audit({
    entity: 'contract',
    entityId: contractId,
    before: { status: t.from, instanceId: inst.id, instanceStatus: 'in_progress' },
    after: { status: t.to, instanceId: inst.id, instanceStatus: 'recalled' },
  });
  return { instanceId: inst.id, contractId, contractStatus: t.to };
}

/** Input of one decision. */
export interface DecideInput {
  stepId: number;
  decision: Decision;
  comment?: string;
  /** Act for this delegator explicitly (otherwise: yourself when you may, else the first delegator who may). */
  onBehalfOf?: number;
}

/** Result of one decision. */
export interface DecideResult {
  decisionId: number;
  stepId: number;
  decision: Decision;
  /** The delegator the user acted for, or null when acting for themselves. */
  onBehalfOf: { id: number; fullName: string } | null;
  stepStatus: StepStatus;
  instanceId: number;
  instanceStatus: InstanceStatus;
  contractId: number;
  contractNumber: string;
  contractStatus: ContractStatus;
  /** The step activated by this approval, if any. */
  nextStep: StepBrief | null;
}

const COMMENT_REQUIRED: Record<Exclude<Decision, 'approve'>, string> = {
  return: 'Чтобы вернуть договор на доработку, напишите комментарий: что нужно исправить',
  reject: 'Чтобы отклонить договор, напишите комментарий с причиной',
  comment: 'Введите текст комментария',
};

interface Acting {
  principal: Principal;
  onBehalfOf: number | null;
}

/** Who the user acts as on this step: themselves or a delegator; refuses with a Russian reason when nobody fits. */
function resolveActing(ctx: WorkflowCtx, step: StepRow, contract: { id: number; number: string }, input: DecideInput): Acting {
  const { db, user } = ctx;
  const today = moscowDate(ctx.nowIso);
  const self: Principal = { id: user.id, fullName: user.fullName, roles: user.roles, scope: user.scope };
  const delegators = activeDelegatorsOf(db, user.id, today);
  const candidates: Acting[] = [];
  if (input.onBehalfOf !== undefined && input.onBehalfOf !== user.id) {
    if (!delegators.some((d) => d.fromUserId === input.onBehalfOf)) {
      throw new DomainError(
        'forbidden',
        `У вас нет действующего на ${ruDate(today)} замещения сотрудника ${userName(db, input.onBehalfOf)}`,
        { stepId: step.id },
      );
    }
    const p = loadPrincipal(db, input.onBehalfOf);
    if (p && mayDecide(db, p, step, contract.id)) candidates.push({ principal: p, onBehalfOf: p.id });
  } else {
    if (mayDecide(db, self, step, contract.id)) candidates.push({ principal: self, onBehalfOf: null });
    if (input.onBehalfOf === undefined) {
      for (const d of delegators) {
        const p = loadPrincipal(db, d.fromUserId);
        if (p && mayDecide(db, p, step, contract.id)) candidates.push({ principal: p, onBehalfOf: p.id });
      }
    }
  }

  if (candidates.length === 0) {
    const role = ROLE_NAMES_RU[step.role];
    let message: string;
    if (step.user_id !== null) {
      message = `Этап ${step.step_no} назначен сотруднику ${userName(db, step.user_id)}: решение принимает только он или его заместитель`;
    } else if (user.roles.includes(step.role)) {
      message = `Договор ${contract.number} вне вашей зоны ответственности: этап «${role}» согласует сотрудник этого региона`;
    } else {
      message = `Нельзя принять решение за роль «${role}»: у вас нет этой роли и нет действующего замещения сотрудника с ней`;
    }
    throw new DomainError('forbidden', message, { stepId: step.id, role: step.role });
  }
  if (input.decision !== 'approve') return candidates[0];

  // Approvals are counted per person: one vote each, whether cast in person or by their delegate.
  const approved = new Set(approverIds(db, step.id));
  const free = candidates.find((c) => !approved.has(c.principal.id));
  if (!free) {
    const who = candidates[0].onBehalfOf === null ? 'Вы уже согласовали' : `От имени ${candidates[0].principal.fullName} уже согласован`;
    throw new DomainError('conflict', `${who} этот этап: повторное согласование не допускается`, { stepId: step.id });
  }
  return free;
}

/** Records one decision on a pending step and moves the run on: next step, final approval, return or rejection. */
export function decideStep(ctx: WorkflowCtx, input: DecideInput): DecideResult {
  const { db, nowIso } = ctx;
  const step = getStep(db, input.stepId);
  const inst = getInstance(db, step.instance_id);
  const contract = getContractHead(db, inst.contract_id);
  if (inst.status !== 'in_progress' || step.status !== 'pending') {
    throw new DomainError(
      'conflict',
      `Этап ${step.step_no} («${ROLE_NAMES_RU[step.role]}») договора ${contract.number} не ожидает решения: ${STEP_STATUS_NAMES_RU[step.status].toLowerCase()}`,
      { stepId: step.id, status: step.status },
    );
  }
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  if (input.decision !== 'approve' && comment === null) {
    throw new DomainError('validation', COMMENT_REQUIRED[input.decision], { field: 'comment' });
  }
  const acting = resolveActing(ctx, step, contract, input);

  const decisionId = Number(
    db
      .prepare('INSERT INTO approval_decisions (step_id, user_id, on_behalf_of, decision, comment, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(step.id, ctx.user.id, acting.onBehalfOf, input.decision, comment, nowIso).lastInsertRowid,
  );

  let stepStatus: StepStatus = step.status;
  let instanceStatus: InstanceStatus = inst.status;
  let nextStep: StepBrief | null = null;
  const finish = (status: InstanceStatus) => {
    db.prepare('UPDATE approval_instances SET status = ?, finished_at = ? WHERE id = ?').run(status, nowIso, inst.id);
    instanceStatus = status;
  };

  if (input.decision === 'approve') {
    const eligible = step.quorum === 'all' && step.user_id === null ? eligibleUserIds(db, step, contract.id) : [];
    const rule = { quorum: step.quorum, quorumN: step.quorum_n, namedUserId: step.user_id };
    if (isQuorumMet(rule, approverIds(db, step.id), eligible)) {
      db.prepare("UPDATE approval_steps SET status = 'approved', completed_at = ? WHERE id = ?").run(nowIso, step.id);
      stepStatus = 'approved';
      const next = stepsOf(db, inst.id).find((s) => s.step_no === step.step_no + 1);
      if (next) {
        db.prepare("UPDATE approval_steps SET status = 'pending', activated_at = ?, due_at = ? WHERE id = ?").run(
          nowIso,
          addWorkingHours(nowIso, next.due_hours),
          next.id,
        );
        nextStep = brief(getStep(db, next.id));
      } else {
        finish('approved');
        transitionContract(db, contract.id, 'approve', nowIso);
      }
    }
  } else if (input.decision === 'return' || input.decision === 'reject') {
    const status = input.decision === 'return' ? 'returned' : 'rejected';
    db.prepare('UPDATE approval_steps SET status = ?, completed_at = ? WHERE id = ?').run(status, nowIso, step.id);
    db.prepare(
      "UPDATE approval_steps SET status = 'cancelled', completed_at = ? WHERE instance_id = ? AND status IN ('waiting', 'pending')",
    ).run(nowIso, inst.id);
    stepStatus = status;
    finish(status);
    transitionContract(db, contract.id, input.decision, nowIso);
  }

  const contractStatus = contractStatusOf(db, contract.id);
  const onBehalfOf = acting.onBehalfOf === null ? null : { id: acting.principal.id, fullName: acting.principal.fullName };
  ctx.audit({
    entity: 'contract',
    entityId: contract.id,
    before: { status: contract.status, instanceId: inst.id, step: { id: step.id, stepNo: step.step_no, role: step.role, status: step.status } },
    after: {
      status: contractStatus,
      instanceId: inst.id,
      instanceStatus,
      step: { id: step.id, stepNo: step.step_no, role: step.role, status: stepStatus },
      decision: input.decision,
      comment,
      onBehalfOf: acting.onBehalfOf,
      nextStepId: nextStep?.id ?? null,
    },
  });
  return {
    decisionId,
    stepId: step.id,
    decision: input.decision,
    onBehalfOf,
    stepStatus,
    instanceId: inst.id,
    instanceStatus,
    contractId: contract.id,
    contractNumber: contract.number,
    contractStatus,
    nextStep,
  };
}

/** One refused step of a bulk approval. */
export interface BulkRefusal {
  stepId: number;
  code: string;
  message: string;
}

/** Approves every step or none: any refusal rolls the whole batch back and lists every refused step. */
export function bulkApprove(ctx: WorkflowCtx, stepIds: readonly number[]): { approved: DecideResult[] } {
  const unique = [...new Set(stepIds)];
  const approved: DecideResult[] = [];
  const refusals: BulkRefusal[] = [];
  for (const stepId of unique) {
    try {
      approved.push(decideStep(ctx, { stepId, decision: 'approve' }));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      refusals.push({ stepId, code: e.code, message: e.message });
    }
  }
  if (refusals.length > 0) {
    // Throwing rolls back the command's transaction, so the approvals made before the refusal vanish too.
    throw new DomainError(
      'conflict',
      `Не согласовано ни одного этапа: ${refusals.length} из ${unique.length} нельзя согласовать. ${refusals[0].message}`,
      { refusals },
    );
  }
  return { approved };
}
