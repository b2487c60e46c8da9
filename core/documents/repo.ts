// The documents registry: stored files with their kind, month, parties and export status.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { scopeSql } from '../contracts/repo';
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import type { Scope } from '../users/scope';

/** Kinds of stored documents. */
export type DocumentKind = 'upd' | 'supplement' | 'contract';

/** A row of the documents grid (no content). */
export interface DocumentRow {
  id: number;
  kind: DocumentKind;
  month: string;
  counterpartyId: number;
  counterpartyName: string;
  counterpartyInn: string;
  contractId: number;
  contractNumber: string;
  number: string;
  docDate: string;
  fileName: string;
  sha256: string;
  amount: number | null;
  vat: number | null;
  total: number | null;
  status: 'generated' | 'exported';
  createdAt: string;
  exportedAt: string | null;
}

const COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'd.id', type: 'number' },
  kind: { sql: 'd.kind', type: 'text' },
  month: { sql: 'd.month', type: 'text' },
  counterpartyId: { sql: 'd.counterparty_id', type: 'number' },
  counterpartyName: { sql: 'cp.name', type: 'text' },
  counterpartyInn: { sql: 'cp.inn', type: 'text' },
  contractId: { sql: 'd.contract_id', type: 'number' },
  contractNumber: { sql: 'c.number', type: 'text' },
  number: { sql: 'd.number', type: 'text' },
  docDate: { sql: 'd.doc_date', type: 'date' },
  fileName: { sql: 'd.file_name', type: 'text' },
  sha256: { sql: 'd.sha256', type: 'text' },
  amount: { sql: 'd.amount', type: 'number' },
  vat: { sql: 'd.vat', type: 'number' },
  total: { sql: 'd.total', type: 'number' },
  status: { sql: 'd.status', type: 'text' },
  createdAt: { sql: 'd.created_at', type: 'date' },
  exportedAt: { sql: 'd.exported_at', type: 'date' },
};

const FROM = 'documents d JOIN contracts c ON c.id = d.contract_id JOIN counterparties cp ON cp.id = d.counterparty_id';
const SELECT = Object.entries(COLUMNS)
  .map(([k, c]) => `${c.sql} AS ${k}`)
  .join(', ');

/** One page of documents in the user's scope (by the contract's outlets); `month` narrows to one month. */
export function listDocuments(db: ReadableDb, scope: Scope, req: z.output<typeof gridRequest>, month?: string): GridPage<DocumentRow> {
  const q = buildGridSql(COLUMNS, req, { searchColumns: ['counterpartyName', 'counterpartyInn', 'contractNumber', 'number', 'fileName'], defaultOrder: 'd.id' });
  const sc = scopeSql(scope, 'c');
  const conds = [sc.sql];
  const params: unknown[] = [...q.params, ...sc.params];
  if (month) {
    conds.push('d.month = ?');
    params.push(month);
  }
  const where = (q.where ? `${q.where} AND ` : 'WHERE ') + conds.join(' AND ');
  const total = db.prepare(`SELECT count(*) FROM ${FROM} ${where}`).pluck().get(...params) as number;
  const rows = db.prepare(`SELECT ${SELECT} FROM ${FROM} ${where} ${q.orderBy} LIMIT ? OFFSET ?`).all(...params, req.limit, req.offset) as DocumentRow[];
  return { rows, total };
}

/** One document in scope with its bytes; not_found otherwise (no hint that it exists). */
export function loadDocument(db: ReadableDb, scope: Scope, id: number): DocumentRow & { content: Buffer; registryLineId: number | null; supplementId: number | null } {
  const sc = scopeSql(scope, 'c');
  const row = db
    .prepare(`SELECT ${SELECT}, d.content AS content, d.registry_line_id AS registryLineId, d.supplement_id AS supplementId FROM ${FROM} WHERE d.id = ? AND ${sc.sql}`)
    .get(id, ...sc.params) as (DocumentRow & { content: Buffer; registryLineId: number | null; supplementId: number | null }) | undefined;
  if (!row) throw new DomainError('not_found', 'Документ не найден', { id });
  return row;
}

/** What a new stored document holds. */
export interface NewDocument {
  kind: DocumentKind;
  month: string;
  counterpartyId: number;
  contractId: number;
  registryLineId?: number | null;
  supplementId?: number | null;
  number: string;
  docDate: string;
  fileName: string;
  content: Buffer;
  amount?: number | null;
  vat?: number | null;
  total?: number | null;
}

/** SHA-256 of bytes as lowercase hex (the manifest's checksum). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Stores a document as generated; returns its id. */
export function insertDocument(db: WritableDb, d: NewDocument, userId: number | null, nowIso: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO documents (kind, month, counterparty_id, contract_id, registry_line_id, supplement_id, number, doc_date, file_name, sha256,
           content, amount, vat, total, status, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'generated', ?, ?)`,
      )
      .run(
        d.kind,
        d.month,
        d.counterpartyId,
        d.contractId,
        d.registryLineId ?? null,
        d.supplementId ?? null,
        d.number,
        d.docDate,
        d.fileName,
        sha256Hex(d.content),
        d.content,
        d.amount ?? null,
        d.vat ?? null,
        d.total ?? null,
        userId,
        nowIso,
      ).lastInsertRowid,
  );
}
