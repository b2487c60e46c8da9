// The registries and registry_lines tables: headers, line storage, control sums, versions and the scoped grids.
import type { z } from 'zod';
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import { scopeCondition, type Scope } from '../users/scope';
import { LINE_COLUMN, LINE_FIELDS, type PlannedLine, type RegistryPlan } from './plan';

export type RegistryStatus = 'draft' | 'approved' | 'exported' | 'paid';

export const STATUS_RU: Record<RegistryStatus, string> = {
  draft: 'черновик',
  approved: 'утверждён',
  exported: 'выгружен в 1С',
  paid: 'оплачен',
};

/** A registry header as commands return it. */
export interface RegistryHeader {
  id: number;
  month: string;
  number: string;
  status: RegistryStatus;
  lineCount: number;
  totalPayout: number;
  totalVat: number;
  total: number;
  createdAt: string;
  createdByName: string | null;
  approvedAt: string | null;
  approvedByName: string | null;
  exportedAt: string | null;
  exportedByName: string | null;
  paidAt: string | null;
  updatedAt: string;
  version: number;
}

const HEADER_SELECT = `SELECT r.id, r.month, r.number, r.status, r.line_count AS lineCount, r.total_payout AS totalPayout,
    r.total_vat AS totalVat, r.total, r.created_at AS createdAt, uc.full_name AS createdByName, r.approved_at AS approvedAt,
    ua.full_name AS approvedByName, r.exported_at AS exportedAt, ue.full_name AS exportedByName, r.paid_at AS paidAt,
    r.updated_at AS updatedAt, r.version
  FROM registries r LEFT JOIN users uc ON uc.id = r.created_by LEFT JOIN users ua ON ua.id = r.approved_by
  LEFT JOIN users ue ON ue.id = r.exported_by`;

/** Loads a registry header, or refuses with not_found. */
export function loadRegistry(db: ReadableDb, id: number): RegistryHeader {
  const r = db.prepare(`${HEADER_SELECT} WHERE r.id = ?`).get(id) as RegistryHeader | undefined;
  if (!r) throw new DomainError('not_found', 'Реестр выплат не найден', { id });
  return r;
}

/** The draft registry of a month, if any (at most one: building again rebuilds it). */
export function draftOfMonth(db: ReadableDb, month: string): RegistryHeader | undefined {
  return db.prepare(`${HEADER_SELECT} WHERE r.month = ? AND r.status = 'draft'`).get(month) as RegistryHeader | undefined;
}

/** Creates an empty draft numbered Р-YYYY-MM-n (n = registries of the month so far + 1). */
export function insertRegistry(db: WritableDb, month: string, userId: number | null, nowIso: string): number {
  const n = (db.prepare('SELECT count(*) FROM registries WHERE month = ?').pluck().get(month) as number) + 1;
  const number = `Р-${month}-${n}`;
  return Number(
    db
      .prepare(
        `INSERT INTO registries (month, number, status, created_by, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?)`,
      )
      .run(month, number, userId, nowIso, nowIso).lastInsertRowid,
  );
}

/** Σ of a registry's lines, as the control sums of the header should read. */
export interface LineSums {
  count: number;
  payout: number;
  vat: number;
  total: number;
}

/** Sums the stored lines of a registry. */
export function lineSums(db: ReadableDb, registryId: number): LineSums {
  return db
    .prepare(
      `SELECT count(*) AS count, COALESCE(sum(payout), 0) AS payout, COALESCE(sum(vat), 0) AS vat, COALESCE(sum(total), 0) AS total
       FROM registry_lines WHERE registry_id = ?`,
    )
    .get(registryId) as LineSums;
}

/** Writes the control sums from the lines and increments the version. */
export function touchRegistry(db: WritableDb, registryId: number, nowIso: string): void {
  const s = lineSums(db, registryId);
  db.prepare(
    `UPDATE registries SET line_count = ?, total_payout = ?, total_vat = ?, total = ?, version = version + 1, updated_at = ?
     WHERE id = ?`,
  ).run(s.count, s.payout, s.vat, s.total, nowIso, registryId);
}

const INSERT_LINE = `INSERT INTO registry_lines (registry_id, ${LINE_FIELDS.map((f) => LINE_COLUMN[f]).join(', ')})
  VALUES (?, ${LINE_FIELDS.map(() => '?').join(', ')})`;

/**
 * Replaces a draft's lines with a plan: its adjustments are released, the plan's are taken (and removed from another
 * draft that held an absorbed one), lines are written and the control sums refreshed. In the caller's transaction.
 */
export function replaceLines(db: WritableDb, registryId: number, plan: RegistryPlan, nowIso: string): void {
  db.prepare('DELETE FROM registry_lines WHERE registry_id = ?').run(registryId);
  db.prepare('UPDATE payout_adjustments SET registry_id = NULL WHERE registry_id = ?').run(registryId);
  const others = new Set<number>();
  const take = db.prepare('UPDATE payout_adjustments SET registry_id = ? WHERE id = ?');
  const dropLine = db.prepare('DELETE FROM registry_lines WHERE registry_id = ? AND adjustment_id = ?');
  for (const a of plan.adjustments) {
    if (a.registryId !== null && a.registryId !== registryId) {
      dropLine.run(a.registryId, a.id);
      others.add(a.registryId);
    }
    take.run(registryId, a.id);
  }
  const insert = db.prepare(INSERT_LINE);
  for (const l of plan.lines) insert.run(registryId, ...LINE_FIELDS.map((f) => l[f]));
  touchRegistry(db, registryId, nowIso);
  for (const other of others) touchRegistry(db, other, nowIso);
}

/** Refuses a stale version, naming who changed the registry last and when (from the audit log). */
export function requireVersion(db: ReadableDb, r: RegistryHeader, version: number): void {
  if (r.version === version) return;
  const last = db
    .prepare(
      `SELECT a.at, COALESCE(u.full_name, a.user_login, 'система') AS who FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.entity = 'registry' AND a.entity_id = ? AND COALESCE(json_extract(a.after_json, '$.export'), '') <> 'xlsx'
       ORDER BY a.id DESC LIMIT 1`,
    )
    .get(String(r.id)) as { at: string; who: string } | undefined;
  const at = last?.at ?? r.updatedAt;
  const when = `${at.slice(8, 10)}.${at.slice(5, 7)}.${at.slice(0, 4)} ${at.slice(11, 16)}`;
  throw new DomainError(
    'conflict',
    `Реестр ${r.number} изменён пользователем ${last?.who ?? 'другим пользователем'} в ${when}; обновите`,
    { id: r.id, version: r.version, yourVersion: version },
  );
}

/** A row of the registries grid. */
export interface RegistryListRow {
  id: number;
  month: string;
  number: string;
  status: RegistryStatus;
  lineCount: number;
  totalPayout: number;
  totalVat: number;
  total: number;
  createdAt: string;
  approvedAt: string | null;
  approvedByName: string | null;
  exportedAt: string | null;
  paidAt: string | null;
  version: number;
}

const REGISTRY_COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'r.id', type: 'number' },
  month: { sql: 'r.month', type: 'text' },
  number: { sql: 'r.number', type: 'text' },
  status: { sql: 'r.status', type: 'text' },
  lineCount: { sql: 'r.line_count', type: 'number' },
  totalPayout: { sql: 'r.total_payout', type: 'number' },
  totalVat: { sql: 'r.total_vat', type: 'number' },
  total: { sql: 'r.total', type: 'number' },
  createdAt: { sql: 'r.created_at', type: 'date' },
  approvedAt: { sql: 'r.approved_at', type: 'date' },
  approvedByName: { sql: 'ua.full_name', type: 'text' },
  exportedAt: { sql: 'r.exported_at', type: 'date' },
  paidAt: { sql: 'r.paid_at', type: 'date' },
  version: { sql: 'r.version', type: 'number' },
};

/** One page of registries, newest month first. */
export function listRegistries(db: ReadableDb, req: z.output<typeof gridRequest>): GridPage<RegistryListRow> {
  const q = buildGridSql(REGISTRY_COLUMNS, req, { searchColumns: ['number', 'month'], defaultOrder: 'r.month DESC, r.id DESC' });
  const from = `FROM registries r LEFT JOIN users ua ON ua.id = r.approved_by ${q.where}`;
  const total = db.prepare(`SELECT count(*) ${from}`).pluck().get(...q.params) as number;
  const rows = db
    .prepare(
      `SELECT r.id, r.month, r.number, r.status, r.line_count AS lineCount, r.total_payout AS totalPayout,
         r.total_vat AS totalVat, r.total, r.created_at AS createdAt, r.approved_at AS approvedAt,
         ua.full_name AS approvedByName, r.exported_at AS exportedAt, r.paid_at AS paidAt, r.version
       ${from} ${q.orderBy} LIMIT ? OFFSET ?`,
    )
    .all(...q.params, req.limit, req.offset) as RegistryListRow[];
  return { rows, total };
}

/** A stored registry line, camelCased, with the names of its region and federal district. */
export interface RegistryLine extends PlannedLine {
  id: number;
  registryId: number;
  regionName: string | null;
  federalDistrictName: string | null;
  paymentOrderNo: number | null;
  paidAmount: number | null;
  paidDate: string | null;
  paidRef: string | null;
}

const LINE_SELECT = `SELECT l.id, l.registry_id AS registryId, l.kind, l.contract_id AS contractId, l.month,
    l.adjustment_id AS adjustmentId, l.contract_number AS contractNumber, l.contract_date AS contractDate,
    l.counterparty_id AS counterpartyId, l.counterparty_name AS counterpartyName, l.counterparty_type AS counterpartyType,
    l.inn, l.kpp, l.bik, l.account, l.corr_account AS corrAccount, l.bank_name AS bankName, l.vat_mode AS vatMode,
    l.edo_id AS edoId, l.region_code AS regionCode, rg.name AS regionName, l.federal_district AS federalDistrict,
    fd.name AS federalDistrictName, l.month_fee AS monthFee, l.penalty, l.payout, l.vat_rate_bp AS vatRateBp, l.vat, l.total,
    l.payment_order_no AS paymentOrderNo, l.paid_amount AS paidAmount, l.paid_date AS paidDate, l.paid_ref AS paidRef`;
const LINE_FROM = `FROM registry_lines l LEFT JOIN regions rg ON rg.code = l.region_code
  LEFT JOIN federal_districts fd ON fd.code = l.federal_district`;

const LINE_COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'l.id', type: 'number' },
  kind: { sql: 'l.kind', type: 'text' },
  contractId: { sql: 'l.contract_id', type: 'number' },
  month: { sql: 'l.month', type: 'text' },
  adjustmentId: { sql: 'l.adjustment_id', type: 'number' },
  contractNumber: { sql: 'l.contract_number', type: 'text' },
  contractDate: { sql: 'l.contract_date', type: 'date' },
  counterpartyId: { sql: 'l.counterparty_id', type: 'number' },
  counterpartyName: { sql: 'l.counterparty_name', type: 'text' },
  counterpartyType: { sql: 'l.counterparty_type', type: 'text' },
  inn: { sql: 'l.inn', type: 'text' },
  kpp: { sql: 'l.kpp', type: 'text' },
  bik: { sql: 'l.bik', type: 'text' },
  account: { sql: 'l.account', type: 'text' },
  corrAccount: { sql: 'l.corr_account', type: 'text' },
  bankName: { sql: 'l.bank_name', type: 'text' },
  vatMode: { sql: 'l.vat_mode', type: 'text' },
  edoId: { sql: 'l.edo_id', type: 'text' },
  regionCode: { sql: 'l.region_code', type: 'text' },
  regionName: { sql: 'rg.name', type: 'text' },
  federalDistrict: { sql: 'l.federal_district', type: 'text' },
  federalDistrictName: { sql: 'fd.name', type: 'text' },
  monthFee: { sql: 'l.month_fee', type: 'number' },
  penalty: { sql: 'l.penalty', type: 'number' },
  payout: { sql: 'l.payout', type: 'number' },
  vatRateBp: { sql: 'l.vat_rate_bp', type: 'number' },
  vat: { sql: 'l.vat', type: 'number' },
  total: { sql: 'l.total', type: 'number' },
  paymentOrderNo: { sql: 'l.payment_order_no', type: 'number' },
  paidAmount: { sql: 'l.paid_amount', type: 'number' },
  paidDate: { sql: 'l.paid_date', type: 'date' },
  paidRef: { sql: 'l.paid_ref', type: 'text' },
};

function scopedLineWhere(registryId: number, scope: Scope, gridWhere: string): { sql: string; params: unknown[] } {
  const s = scopeCondition(scope, 'l.region_code');
  const conds = ['l.registry_id = ?', s.sql];
  if (gridWhere) conds.push(gridWhere.replace(/^WHERE /, ''));
  return { sql: `WHERE ${conds.join(' AND ')}`, params: [registryId, ...s.params] };
}

/** One page of a registry's lines inside the user's scope, plus totals over the whole filtered set. */
export function listLines(
  db: ReadableDb,
  registryId: number,
  scope: Scope,
  req: z.output<typeof gridRequest>,
): GridPage<RegistryLine> & { totals: { payout: number; vat: number; total: number; count: number } } {
  const q = buildGridSql(LINE_COLUMNS, req, {
    searchColumns: ['contractNumber', 'counterpartyName', 'inn'],
    defaultOrder: 'l.contract_number, l.kind DESC, l.month, l.id',
  });
  const w = scopedLineWhere(registryId, scope, q.where);
  const params = [...w.params, ...q.params];
  const totals = db
    .prepare(
      `SELECT count(*) AS count, COALESCE(sum(l.payout), 0) AS payout, COALESCE(sum(l.vat), 0) AS vat,
         COALESCE(sum(l.total), 0) AS total ${LINE_FROM} ${w.sql}`,
    )
    .get(...params) as { count: number; payout: number; vat: number; total: number };
  const rows = db.prepare(`${LINE_SELECT} ${LINE_FROM} ${w.sql} ${q.orderBy} LIMIT ? OFFSET ?`).all(...params, req.limit, req.offset) as RegistryLine[];
  return { rows, total: totals.count, totals };
}

/** Every line of a registry (for checks and exports), in contract order. */
export function allLines(db: ReadableDb, registryId: number): RegistryLine[] {
  return db.prepare(`${LINE_SELECT} ${LINE_FROM} WHERE l.registry_id = ? ORDER BY l.contract_number, l.kind DESC, l.month, l.id`).all(registryId) as RegistryLine[];
}

/** A row of the registry summary. */
export interface SummaryRow {
  key: string | null;
  name: string;
  count: number;
  payout: number;
  vat: number;
  total: number;
}

/** Lines aggregated by federal district or region (ag-grid community has no row grouping), inside the scope. */
export function registrySummary(db: ReadableDb, registryId: number, scope: Scope, by: 'federal_district' | 'region'): SummaryRow[] {
  const w = scopedLineWhere(registryId, scope, '');
  const [key, name] = by === 'region' ? ['l.region_code', 'rg.name'] : ['l.federal_district', 'fd.name'];
  const rows = db
    .prepare(
      `SELECT ${key} AS key, ${name} AS name, count(*) AS count, sum(l.payout) AS payout, sum(l.vat) AS vat, sum(l.total) AS total
       ${LINE_FROM} ${w.sql} GROUP BY ${key} ORDER BY ${key} IS NULL, ${name}`,
    )
    .all(...w.params) as SummaryRow[];
  return rows.map((r) => ({ ...r, name: r.name ?? 'Регион не определён' }));
}
