// Store access shared by the approval commands: instances, steps, decisions, contract scope and who may act.
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import type { Role } from '../users/roles';
import { isWholeCountry, loadScope, scopeCondition, type Scope } from '../users/scope';
import type { Quorum } from './quorum';
import type { InstanceStatus, StepStatus } from './types';


export interface InstanceRow {
  id: number;
  contract_id: number;
  route_id: number;
  annual_value: number;
  submitted_by: number | null;
  submitted_at: string;
  status: InstanceStatus;
  finished_at: string | null;
}

export interface StepRow {
  id: number;
  instance_id: number;
  step_no: number;
  role: Role;
  user_id: number | null;
  quorum: Quorum;
  quorum_n: number | null;
  due_hours: number;
  status: StepStatus;
  activated_at: string | null;
  due_at: string | null;
  completed_at: string | null;
}

/** Loads a step or refuses with not_found. */
export function getStep(db: ReadableDb, stepId: number): StepRow {
  const row = db.prepare('SELECT * FROM approval_steps WHERE id = ?').get(stepId) as StepRow | undefined;
  if (!row) throw new DomainError('not_found', `Этап согласования №${stepId} не найден`, { stepId });
  return row;
}

/** Loads an instance (it always exists for a step that exists). */
export function getInstance(db: ReadableDb, instanceId: number): InstanceRow {
  return db.prepare('SELECT * FROM approval_instances WHERE id = ?').get(instanceId) as InstanceRow;
}

/** Steps of an instance in order. */
export function stepsOf(db: ReadableDb, instanceId: number): StepRow[] {
  return db.prepare('SELECT * FROM approval_steps WHERE instance_id = ? ORDER BY step_no').all(instanceId) as StepRow[];
}

/** The contract's instance still in progress, if any. */
export function openInstanceOf(db: ReadableDb, contractId: number): InstanceRow | undefined {
  return db
    .prepare("SELECT * FROM approval_instances WHERE contract_id = ? AND status = 'in_progress' ORDER BY id DESC LIMIT 1")
    .get(contractId) as InstanceRow | undefined;
}

/** The people whose approval of the step is recorded (the principal when a delegate acted). */
export function approverIds(db: ReadableDb, stepId: number): number[] {
  return db
    .prepare(
      `SELECT DISTINCT COALESCE(on_behalf_of, user_id) FROM approval_decisions
       WHERE step_id = ? AND decision = 'approve' ORDER BY 1`,
    )
    .pluck()
    .all(stepId) as number[];
}

/**
 * SQL condition "the contract lies in the scope": at least one of its outlets is in a region of the scope.
 * A contract without outlets is visible only to users with the whole country.
 */
export function contractScopeSql(scope: Scope, contractIdSql: string): { sql: string; params: string[] } {
  if (isWholeCountry(scope)) return { sql: '1', params: [] };
  const cond = scopeCondition(scope, 'so.region_code');
  return {
    sql: `EXISTS (SELECT 1 FROM contract_outlets sco JOIN outlets so ON so.id = sco.outlet_id
                  WHERE sco.contract_id = ${contractIdSql} AND ${cond.sql})`,
    params: cond.params,
  };
}

/** True when the contract lies in the scope. */
export function contractInScope(db: ReadableDb, scope: Scope, contractId: number): boolean {
  if (isWholeCountry(scope)) return true;
  const c = contractScopeSql(scope, '?');
  return db.prepare(`SELECT ${c.sql}`).pluck().get(contractId, ...c.params) === 1;
}

export interface ContractHead {
  id: number;
  number: string;
  status: string;
  category: string;
  /** Region and district of the first outlet (by outlet code): the inputs of region/district route rules. */
  regionCode: string | null;
  federalDistrict: string | null;
}

/** The contract fields the workflow needs, or not_found. */
export function getContractHead(db: ReadableDb, contractId: number): ContractHead {
  const row = db
    .prepare(
      `SELECT c.id, c.number, c.status, c.category,
              (SELECT o.region_code FROM contract_outlets co JOIN outlets o ON o.id = co.outlet_id
                 WHERE co.contract_id = c.id ORDER BY o.code LIMIT 1) AS regionCode
       FROM contracts c WHERE c.id = ?`,
    )
    .get(contractId) as Omit<ContractHead, 'federalDistrict'> | undefined;
  if (!row) throw new DomainError('not_found', 'Договор не найден', { contractId });
  const federalDistrict =
    row.regionCode === null
      ? null
      : ((db.prepare('SELECT federal_district FROM regions WHERE code = ?').pluck().get(row.regionCode) as string | undefined) ??
        null);
  return { ...row, federalDistrict };
}

export interface Principal {
  id: number;
  fullName: string;
  roles: Role[];
  scope: Scope;
}

/** An active user as a possible approver (roles and scope), or undefined when missing or disabled. */
export function loadPrincipal(db: ReadableDb, userId: number): Principal | undefined {
  const row = db.prepare('SELECT id, full_name AS fullName FROM users WHERE id = ? AND is_active = 1').get(userId) as
    | { id: number; fullName: string }
    | undefined;
  if (!row) return undefined;
  const roles = db.prepare('SELECT role FROM user_roles WHERE user_id = ?').pluck().all(userId) as Role[];
  return { ...row, roles, scope: loadScope(db, userId) };
}

/**
 * True when the person may decide on the step: the named person of the step, or (no one named) a holder of the
 * step's role in whose scope the contract lies.
 */
export function mayDecide(db: ReadableDb, p: Principal, step: Pick<StepRow, 'role' | 'user_id'>, contractId: number): boolean {
  if (step.user_id !== null) return step.user_id === p.id;
  return p.roles.includes(step.role) && contractInScope(db, p.scope, contractId);
}

/** The people who may approve the step now: the named person, or every active holder of the role with the contract in scope. */
export function eligibleUserIds(db: ReadableDb, step: Pick<StepRow, 'role' | 'user_id'>, contractId: number): number[] {
  if (step.user_id !== null) return [step.user_id];
  // The built-in CLI account holds `admin` but is no person: it never counts towards "all of the role".
  const ids = db
    .prepare(
      `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
       WHERE r.role = ? AND u.is_active = 1 AND u.login <> 'system' ORDER BY u.id`,
    )
    .pluck()
    .all(step.role) as number[];
  return ids.filter((id) => contractInScope(db, loadScope(db, id), contractId));
}

/** Active delegations to the user on the day (not revoked, the range covers it, the delegator still active). */
export function activeDelegatorsOf(db: ReadableDb, userId: number, today: string): { delegationId: number; fromUserId: number }[] {
  return db
    .prepare(
      `SELECT d.id AS delegationId, d.from_user_id AS fromUserId FROM delegations d JOIN users u ON u.id = d.from_user_id
       WHERE d.to_user_id = ? AND d.revoked_at IS NULL AND d.date_from <= ? AND d.date_to >= ? AND u.is_active = 1
       ORDER BY d.id`,
    )
    .all(userId, today, today) as { delegationId: number; fromUserId: number }[];
}

/** Full name of a user (for messages). */
export function userName(db: ReadableDb, userId: number): string {
  return (db.prepare('SELECT full_name FROM users WHERE id = ?').pluck().get(userId) as string | undefined) ?? `№${userId}`;
}
