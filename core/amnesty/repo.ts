// Reads and writes of the amnesty tables: the row itself, its signals, the list/inbox grids, adjustments, history.
import type { z } from 'zod';
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import { contractScopeSql } from '../penalties/repo';
import type { Scope } from '../users/scope';

/** Lifecycle of an amnesty: pending → applied | declined; applied → revoked. */
export type AmnestyStatus = 'pending' | 'applied' | 'declined' | 'revoked';

/** Russian names of the statuses, for messages. */
export const STATUS_RU: Record<AmnestyStatus, string> = {
  pending: 'ожидает подтверждения',
  applied: 'применена',
  declined: 'отклонена',
  revoked: 'отменена',
};

/** An amnesties row as the core uses it. */
export interface AmnestyRecord {
  id: number;
  status: AmnestyStatus;
  reasonCode: string;
  comment: string;
  scopeKind: 'signals' | 'contract_month';
  contractId: number | null;
  month: string | null;
  effect: number;
  threshold: number;
  grantedBy: number;
  grantedAt: string;
  confirmedBy: number | null;
  confirmedAt: string | null;
  declinedBy: number | null;
  declinedAt: string | null;
  declineReason: string | null;
  revokedBy: number | null;
  revokedAt: string | null;
  revokeReason: string | null;
}

const RECORD_COLS = `a.id, a.status, a.reason_code AS reasonCode, a.comment, a.scope_kind AS scopeKind, a.contract_id AS contractId,
  a.month, a.effect, a.threshold, a.granted_by AS grantedBy, a.granted_at AS grantedAt, a.confirmed_by AS confirmedBy,
  a.confirmed_at AS confirmedAt, a.declined_by AS declinedBy, a.declined_at AS declinedAt, a.decline_reason AS declineReason,
  a.revoked_by AS revokedBy, a.revoked_at AS revokedAt, a.revoke_reason AS revokeReason`;

/** Contract ids an amnesty (alias `a`) touches: those of its signals, and the contract of a contract-month amnesty. */
const AMNESTY_CONTRACTS = `SELECT s.contract_id AS cid FROM amnesty_signals x JOIN signals s ON s.id = x.signal_id
  WHERE x.amnesty_id = a.id AND s.contract_id IS NOT NULL
  UNION SELECT a.contract_id WHERE a.contract_id IS NOT NULL`;

/**
 * SQL condition on alias `a`: every contract the amnesty touches lies in the scope (DOMAIN.md: users act in their
 * regions). "Every", not "any": confirming or revoking must not reach a contract the user cannot see.
 */
export function amnestyScopeSql(scope: Scope): { sql: string; params: string[] } {
  const c = contractScopeSql(scope, 'ac.cid');
  if (c.sql === '1') return c;
  return { sql: `NOT EXISTS (SELECT 1 FROM (${AMNESTY_CONTRACTS}) ac WHERE NOT ${c.sql})`, params: c.params };
}

/** Loads an amnesty the user may see; not_found otherwise (an out-of-scope one is not revealed). */
export function loadAmnesty(db: ReadableDb, scope: Scope, id: number): AmnestyRecord {
  const s = amnestyScopeSql(scope);
  const row = db.prepare(`SELECT ${RECORD_COLS} FROM amnesties a WHERE a.id = ? AND ${s.sql}`).get(id, ...s.params) as AmnestyRecord | undefined;
  if (!row) throw new DomainError('not_found', `Амнистия №${id} не найдена или недоступна`, { id });
  return row;
}

/** The fields of a new amnesty. */
export interface NewAmnesty {
  status: 'pending' | 'applied';
  reasonCode: string;
  comment: string;
  scopeKind: 'signals' | 'contract_month';
  contractId: number | null;
  month: string | null;
  effect: number;
  threshold: number;
  grantedBy: number;
  nowIso: string;
}

/** Inserts an amnesty with its signals; returns the id. An applied one is confirmed by nobody: it needed no one. */
export function insertAmnesty(db: WritableDb, a: NewAmnesty, signalIds: readonly number[]): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO amnesties (status, reason_code, comment, scope_kind, contract_id, month, effect, threshold, granted_by, granted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.status, a.reasonCode, a.comment, a.scopeKind, a.contractId, a.month, a.effect, a.threshold, a.grantedBy, a.nowIso).lastInsertRowid,
  );
  db.prepare('INSERT INTO amnesty_signals (amnesty_id, signal_id) SELECT ?, value FROM json_each(?)').run(id, JSON.stringify(signalIds));
  return id;
}

/** A row of the amnesties grid. */
export interface AmnestyRow {
  id: number;
  status: AmnestyStatus;
  reasonCode: string;
  reasonName: string;
  comment: string;
  scopeKind: 'signals' | 'contract_month';
  /** Contract numbers, comma-separated, sorted. */
  contractNos: string | null;
  /** Months `YYYY-MM`, comma-separated, sorted. */
  months: string | null;
  signalsCount: number;
  /** Penalty removed, kopecks: as granted, or as re-priced at confirmation. */
  effect: number;
  threshold: number;
  grantedById: number;
  grantedBy: string;
  grantedByName: string;
  grantedAt: string;
  confirmedBy: string | null;
  confirmedByName: string | null;
  confirmedAt: string | null;
  closedAt: string | null;
  evidenceCount: number;
}

const LIST_COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'a.id', type: 'number' },
  status: { sql: 'a.status', type: 'text' },
  reasonCode: { sql: 'a.reason_code', type: 'text' },
  reasonName: { sql: 'r.name', type: 'text' },
  comment: { sql: 'a.comment', type: 'text' },
  scopeKind: { sql: 'a.scope_kind', type: 'text' },
  contractNos: {
    sql: `(SELECT group_concat(c.number, ', ' ORDER BY c.number) FROM contracts c WHERE c.id IN (${AMNESTY_CONTRACTS}))`,
    type: 'text',
  },
  months: {
    sql: `coalesce((SELECT group_concat(m, ', ' ORDER BY m) FROM (SELECT DISTINCT substr(v.visit_date, 1, 7) AS m
            FROM amnesty_signals x JOIN signals s ON s.id = x.signal_id JOIN visits v ON v.id = s.visit_row_id
            WHERE x.amnesty_id = a.id)), a.month)`,
    type: 'text',
  },
  signalsCount: { sql: '(SELECT count(*) FROM amnesty_signals x WHERE x.amnesty_id = a.id)', type: 'number' },
  effect: { sql: 'a.effect', type: 'number' },
  threshold: { sql: 'a.threshold', type: 'number' },
  grantedById: { sql: 'a.granted_by', type: 'number' },
  grantedBy: { sql: 'ug.login', type: 'text' },
  grantedByName: { sql: 'ug.full_name', type: 'text' },
  grantedAt: { sql: 'a.granted_at', type: 'date' },
  confirmedBy: { sql: 'uc.login', type: 'text' },
  confirmedByName: { sql: 'uc.full_name', type: 'text' },
  confirmedAt: { sql: 'a.confirmed_at', type: 'date' },
  closedAt: { sql: 'coalesce(a.revoked_at, a.declined_at)', type: 'date' },
  evidenceCount: { sql: '(SELECT count(*) FROM amnesty_evidence e WHERE e.amnesty_id = a.id)', type: 'number' },
};

const LIST_FROM = `amnesties a JOIN amnesty_reasons r ON r.code = a.reason_code JOIN users ug ON ug.id = a.granted_by
  LEFT JOIN users uc ON uc.id = a.confirmed_by`;

/** One page of amnesties in the user's scope; `extra` adds conditions (the inbox). */
export function listAmnesties(
  db: ReadableDb,
  scope: Scope,
  req: z.output<typeof gridRequest>,
  extra: { sql: string; params: unknown[] } = { sql: '1', params: [] },
): GridPage<AmnestyRow> {
  const q = buildGridSql(LIST_COLUMNS, req, { searchColumns: ['comment', 'contractNos', 'reasonName', 'grantedByName'], defaultOrder: 'a.id DESC' });
  const s = amnestyScopeSql(scope);
  const where = (q.where ? `${q.where} AND ` : 'WHERE ') + `${s.sql} AND ${extra.sql}`;
  const params = [...q.params, ...s.params, ...extra.params];
  const total = db.prepare(`SELECT count(*) FROM ${LIST_FROM} ${where}`).pluck().get(...params) as number;
  const cols = Object.entries(LIST_COLUMNS)
    .map(([k, c]) => `${c.sql} AS ${k}`)
    .join(', ');
  const rows = db.prepare(`SELECT ${cols} FROM ${LIST_FROM} ${where} ${q.orderBy} LIMIT ? OFFSET ?`).all(...params, req.limit, req.offset) as AmnestyRow[];
  return { rows, total };
}

/** One row of the grid by id (after a change), or undefined when out of scope. */
export function amnestyRow(db: ReadableDb, scope: Scope, id: number): AmnestyRow | undefined {
  return listAmnesties(db, scope, { offset: 0, limit: 1, sort: [], filters: {} }, { sql: 'a.id = ?', params: [id] }).rows[0];
}

/** A signal of an amnesty, as its card lists it. */
export interface AmnestySignalRow {
  signalId: number;
  visitId: string;
  visitDate: string;
  month: string;
  outletCode: string;
  outletName: string;
  signalType: string;
  objectCode: string;
  contractId: number | null;
  contractNo: string | null;
  matchStatus: string | null;
  /** The applied amnesty cancelling the signal now (this one, another, or none). */
  amnestyId: number | null;
}

/** The signals of an amnesty with their contract and current state. */
export function listAmnestySignalRows(db: ReadableDb, amnestyId: number): AmnestySignalRow[] {
  return db
    .prepare(
      `SELECT s.id AS signalId, v.visit_id AS visitId, v.visit_date AS visitDate, substr(v.visit_date, 1, 7) AS month,
              o.code AS outletCode, o.name AS outletName, s.signal_type AS signalType, s.object_code AS objectCode,
              s.contract_id AS contractId, c.number AS contractNo, s.match_status AS matchStatus, s.amnesty_id AS amnestyId
       FROM amnesty_signals x JOIN signals s ON s.id = x.signal_id JOIN visits v ON v.id = s.visit_row_id
         JOIN outlets o ON o.id = v.outlet_id LEFT JOIN contracts c ON c.id = s.contract_id
       WHERE x.amnesty_id = ? ORDER BY v.visit_date, v.visit_id, s.id`,
    )
    .all(amnestyId) as AmnestySignalRow[];
}

/** An entry of an amnesty's history, from the audit log. */
export interface HistoryEntry {
  at: string;
  userLogin: string | null;
  userName: string | null;
  command: string;
  status: string | null;
  comment: string | null;
  effect: number | null;
}

/** The audit trail of an amnesty, oldest first: grant, confirmation/decline, revocation. */
export function amnestyHistory(db: ReadableDb, amnestyId: number): HistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT l.at, l.user_login AS userLogin, u.full_name AS userName, l.command, l.after_json AS after
       FROM audit_log l LEFT JOIN users u ON u.id = l.user_id
       WHERE l.entity = 'amnesty' AND l.entity_id = ? ORDER BY l.id`,
    )
    .all(String(amnestyId)) as { at: string; userLogin: string | null; userName: string | null; command: string; after: string | null }[];
  return rows.map((r) => {
    const after = (r.after ? JSON.parse(r.after) : {}) as { status?: string; comment?: string; reason?: string; effect?: number };
    return {
      at: r.at,
      userLogin: r.userLogin,
      userName: r.userName,
      command: r.command,
      status: after.status ?? null,
      comment: after.comment ?? after.reason ?? null,
      effect: after.effect ?? null,
    };
  });
}

/** A row of the payout adjustments grid: the hand-off to the payments work. */
export interface AdjustmentRow {
  id: number;
  contractId: number;
  contractNo: string;
  counterpartyName: string;
  month: string;
  payoutDelta: number;
  vatDelta: number;
  totalDelta: number;
  reason: string;
  amnestyId: number | null;
  createdAt: string;
  registryId: number | null;
}

const ADJ_COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'pa.id', type: 'number' },
  contractId: { sql: 'pa.contract_id', type: 'number' },
  contractNo: { sql: 'c.number', type: 'text' },
  counterpartyName: { sql: 'cp.name', type: 'text' },
  month: { sql: 'pa.month', type: 'text' },
  payoutDelta: { sql: 'pa.payout_delta', type: 'number' },
  vatDelta: { sql: 'pa.vat_delta', type: 'number' },
  totalDelta: { sql: '(pa.payout_delta + pa.vat_delta)', type: 'number' },
  reason: { sql: 'pa.reason', type: 'text' },
  amnestyId: { sql: 'pa.amnesty_id', type: 'number' },
  createdAt: { sql: 'pa.created_at', type: 'date' },
  registryId: { sql: 'pa.registry_id', type: 'number' },
};

/** One page of payout adjustments in the user's scope; `open` keeps lines no registry has taken yet. */
export function listAdjustments(db: ReadableDb, scope: Scope, req: z.output<typeof gridRequest>, open: boolean): GridPage<AdjustmentRow> {
  const q = buildGridSql(ADJ_COLUMNS, req, { searchColumns: ['contractNo', 'counterpartyName', 'reason'], defaultOrder: 'pa.id DESC' });
  const s = contractScopeSql(scope, 'pa.contract_id');
  const conds = [s.sql];
  if (open) conds.push('pa.registry_id IS NULL');
  const where = (q.where ? `${q.where} AND ` : 'WHERE ') + conds.join(' AND ');
  const from = 'payout_adjustments pa JOIN contracts c ON c.id = pa.contract_id JOIN counterparties cp ON cp.id = c.counterparty_id';
  const params = [...q.params, ...s.params];
  const total = db.prepare(`SELECT count(*) FROM ${from} ${where}`).pluck().get(...params) as number;
  const cols = Object.entries(ADJ_COLUMNS)
    .map(([k, c]) => `${c.sql} AS ${k}`)
    .join(', ');
  const rows = db.prepare(`SELECT ${cols} FROM ${from} ${where} ${q.orderBy} LIMIT ? OFFSET ?`).all(...params, req.limit, req.offset) as AdjustmentRow[];
  return { rows, total };
}
