// "My approvals": the pending steps the current user may decide, for themselves or for the people they substitute.
import type { z } from 'zod';
import type { CurrentUser } from '../command';
import type { ReadableDb } from '../db/types';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import type { Role } from '../users/roles';
import type { Quorum } from './quorum';
import { activeDelegatorsOf, contractScopeSql, loadPrincipal, type Principal } from './repo';

/** One row of the inbox. */
export interface InboxRow {
  stepId: number;
  instanceId: number;
  contractId: number;
  contractNumber: string;
  counterpartyName: string;
  category: string;
  /** Kopecks, as computed at submission. */
  annualValue: number;
  role: Role;
  quorum: Quorum;
  stepNo: number;
  stepsTotal: number;
  submittedAt: string;
  submittedByName: string | null;
  activatedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  /** The delegator the user would act for, or null for the user's own steps. */
  actingForId: number | null;
  actingForName: string | null;
}

const COLUMNS: Record<string, ColumnSpec> = {
  stepId: { sql: 'x.stepId', type: 'number' },
  contractId: { sql: 'x.contractId', type: 'number' },
  contractNumber: { sql: 'x.contractNumber', type: 'text' },
  counterpartyName: { sql: 'x.counterpartyName', type: 'text' },
  category: { sql: 'x.category', type: 'text' },
  annualValue: { sql: 'x.annualValue', type: 'number' },
  role: { sql: 'x.role', type: 'text' },
  stepNo: { sql: 'x.stepNo', type: 'number' },
  stepsTotal: { sql: 'x.stepsTotal', type: 'number' },
  submittedAt: { sql: 'x.submittedAt', type: 'date' },
  submittedByName: { sql: 'x.submittedByName', type: 'text' },
  activatedAt: { sql: 'x.activatedAt', type: 'date' },
  dueAt: { sql: 'x.dueAt', type: 'date' },
  overdue: { sql: 'x.overdue', type: 'number' },
  actingForName: { sql: 'x.actingForName', type: 'text' },
};

/** Pending steps one person may decide and has not approved yet; `rank` orders own steps before delegated ones. */
function candidatesSql(p: Principal, actingFor: number | null, rank: number): { sql: string; params: unknown[] } {
  const scope = contractScopeSql(p.scope, 'i.contract_id');
  const roles = p.roles.length ? `s.role IN (${p.roles.map(() => '?').join(', ')})` : '0';
  return {
    sql: `SELECT s.id AS step_id, ? AS acting_for, ? AS rank
          FROM approval_steps s JOIN approval_instances i ON i.id = s.instance_id
          WHERE s.status = 'pending' AND i.status = 'in_progress'
            AND (s.user_id = ? OR (s.user_id IS NULL AND ${roles} AND ${scope.sql}))
            AND NOT EXISTS (SELECT 1 FROM approval_decisions d WHERE d.step_id = s.id AND d.decision = 'approve'
                              AND COALESCE(d.on_behalf_of, d.user_id) = ?)`,
    params: [actingFor, rank, p.id, ...p.roles, ...scope.params, p.id],
  };
}

/** One page of the user's inbox: overdue first, then by due time; delegated steps only with `includeDelegated`. */
export function listInbox(
  db: ReadableDb,
  user: CurrentUser,
  req: z.output<typeof gridRequest> & { includeDelegated: boolean },
  nowIso: string,
  today: string,
): GridPage<InboxRow> {
  const parts = [candidatesSql({ id: user.id, fullName: user.fullName, roles: user.roles, scope: user.scope }, null, 0)];
  if (req.includeDelegated) {
    activeDelegatorsOf(db, user.id, today).forEach((d, k) => {
      const p = loadPrincipal(db, d.fromUserId);
      if (p) parts.push(candidatesSql(p, p.id, k + 1));
    });
  }
  // One row per step: SQLite takes the bare column `acting_for` from the row holding MIN(rank), so a step the user
  // may decide personally never shows up as "for a colleague".
  const candidates = `SELECT step_id, MIN(rank) AS rank, acting_for FROM (${parts.map((p) => p.sql).join(' UNION ALL ')}) GROUP BY step_id`;
  const inner = `
    SELECT s.id AS stepId, i.id AS instanceId, c.id AS contractId, c.number AS contractNumber,
           cp.name AS counterpartyName, c.category AS category, i.annual_value AS annualValue,
           s.role AS role, s.quorum AS quorum, s.step_no AS stepNo,
           (SELECT count(*) FROM approval_steps t WHERE t.instance_id = i.id) AS stepsTotal,
           i.submitted_at AS submittedAt, sb.full_name AS submittedByName,
           s.activated_at AS activatedAt, s.due_at AS dueAt,
           CASE WHEN s.due_at IS NOT NULL AND s.due_at < ? THEN 1 ELSE 0 END AS overdue,
           cand.acting_for AS actingForId, af.full_name AS actingForName
    FROM (${candidates}) cand
    JOIN approval_steps s ON s.id = cand.step_id
    JOIN approval_instances i ON i.id = s.instance_id
    JOIN contracts c ON c.id = i.contract_id
    JOIN counterparties cp ON cp.id = c.counterparty_id
    LEFT JOIN users sb ON sb.id = i.submitted_by
    LEFT JOIN users af ON af.id = cand.acting_for`;
  const innerParams = [nowIso, ...parts.flatMap((p) => p.params)];
  const q = buildGridSql(COLUMNS, req, {
    searchColumns: ['contractNumber', 'counterpartyName', 'actingForName'],
    defaultOrder: 'x.overdue DESC, x.dueAt ASC, x.stepId ASC',
  });
  const total = db.prepare(`SELECT count(*) FROM (${inner}) x ${q.where}`).pluck().get(...innerParams, ...q.params) as number;
  const rows = db
    .prepare(`SELECT * FROM (${inner}) x ${q.where} ${q.orderBy} LIMIT ? OFFSET ?`)
    .all(...innerParams, ...q.params, req.limit, req.offset) as (Omit<InboxRow, 'overdue'> & { overdue: number })[];
  return { rows: rows.map((r) => ({ ...r, overdue: r.overdue === 1 })), total };
}
