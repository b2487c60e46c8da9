import type { ReadableDb, WritableDb } from '../db/types';
import { insertChained } from './chain';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import type { GridPage, gridRequest } from '../grid/request';
import type { z } from 'zod';

export interface AuditRecord {
  at: string;
  userId: number | null;
  userLogin: string | null;
  command: string;
  entity: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditRow {
  id: number;
  at: string;
  userLogin: string | null;
  command: string;
  entity: string | null;
  entityId: string | null;
  before: string | null;
  after: string | null;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Appends one record chained to the previous one by hash; the table's triggers refuse any later change. */
export function appendAudit(db: WritableDb, r: AuditRecord): void {
  insertChained(db, {
    at: r.at,
    user_id: r.userId,
    user_login: r.userLogin,
    command: r.command,
    entity: r.entity,
    entity_id: r.entityId,
    before_json: json(r.before),
    after_json: json(r.after),
  });
}

const COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'id', type: 'number' },
  at: { sql: 'at', type: 'date' },
  userLogin: { sql: 'user_login', type: 'text' },
  command: { sql: 'command', type: 'text' },
  entity: { sql: 'entity', type: 'text' },
  entityId: { sql: 'entity_id', type: 'text' },
  before: { sql: 'before_json', type: 'text' },
  after: { sql: 'after_json', type: 'text' },
};

/** One page of the audit log with server-side sort and filters. */
export function listAudit(db: ReadableDb, req: z.output<typeof gridRequest>): GridPage<AuditRow> {
  const q = buildGridSql(COLUMNS, req, {
    searchColumns: ['userLogin', 'command', 'entity', 'entityId', 'before', 'after'],
    defaultOrder: 'id DESC',
  });
  const total = db.prepare(`SELECT count(*) FROM audit_log ${q.where}`).pluck().get(...q.params) as number;
  const rows = db
    .prepare(
      `SELECT id, at, user_login AS userLogin, command, entity, entity_id AS entityId,
              before_json AS before, after_json AS after
       FROM audit_log ${q.where} ${q.orderBy} LIMIT ? OFFSET ?`,
    )
    .all(...q.params, req.limit, req.offset) as AuditRow[];
  return { rows, total };
}
