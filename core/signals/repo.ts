// Grids of the signals domain: signals (scoped by the outlet's region) and the journal of import batches.
import type { z } from 'zod';
import type { ReadableDb } from '../db/types';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import { monthEnd, monthStart } from '../penalties/dates';
import { readSettings } from '../settings/repo';
import { scopeCondition, type Scope } from '../users/scope';
import { photoUrl } from './photo';

/** A row of the signals grid. */
export interface SignalRow {
  id: number;
  month: string;
  visitDate: string;
  visitId: string;
  federalDistrict: string;
  regionCode: string;
  region: string;
  outletCode: string;
  outletName: string;
  type: string;
  objectCode: string;
  status: 'matched' | 'unmatched' | null;
  contractId: number | null;
  contractNo: string | null;
  unmatchedReason: string | null;
  source: string | null;
  repCode: string | null;
  photoRef: string | null;
  batchId: number | null;
  /** The applied amnesty that cancelled this signal's penalty, if any. */
  amnestyId: number | null;
}

const SIGNAL_COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 's.id', type: 'number' },
  month: { sql: 'substr(s.visit_date, 1, 7)', type: 'text' },
  visitDate: { sql: 's.visit_date', type: 'date', plainDate: true },
  visitId: { sql: 's.visit_id', type: 'text' },
  federalDistrict: { sql: 'r.federal_district', type: 'text' },
  regionCode: { sql: 'o.region_code', type: 'text' },
  region: { sql: 'r.name', type: 'text' },
  outletCode: { sql: 'o.code', type: 'text' },
  outletName: { sql: 'o.name', type: 'text' },
  type: { sql: 's.signal_type', type: 'text' },
  objectCode: { sql: 's.object_code', type: 'text' },
  status: { sql: 's.match_status', type: 'text' },
  contractId: { sql: 's.contract_id', type: 'number' },
  contractNo: { sql: 'c.number', type: 'text' },
  unmatchedReason: { sql: 's.unmatched_reason', type: 'text' },
  source: { sql: 'v.source', type: 'text' },
  repCode: { sql: 'v.rep_code', type: 'text' },
  photoRef: { sql: 's.photo_ref', type: 'text' },
  batchId: { sql: 's.batch_id', type: 'number' },
  amnestyId: { sql: 's.amnesty_id', type: 'number' },
};

const SIGNAL_FROM = `signals s JOIN visits v ON v.id = s.visit_row_id JOIN outlets o ON o.id = s.outlet_id
  JOIN regions r ON r.code = o.region_code LEFT JOIN contracts c ON c.id = s.contract_id`;

/**
 * The joins a statement over signals needs for the aliases its SQL mentions (foreign keys make the rest redundant).
 * The signal's own copies of its visit's date, outlet and ID (migration 011) leave the visits join to the source and rep
 * columns only.
 */
function signalsFrom(sql: string): string {
  const uses = (alias: string) => new RegExp(`\\b${alias}\\.`).test(sql);
  let from = uses('v') ? 'signals s JOIN visits v ON v.id = s.visit_row_id' : 'signals s';
  if (uses('o') || uses('r')) from += ' JOIN outlets o ON o.id = s.outlet_id';
  if (uses('r')) from += ' JOIN regions r ON r.code = o.region_code';
  if (uses('c')) from += ' LEFT JOIN contracts c ON c.id = s.contract_id';
  return from;
}

/**
 * mcm_fold(expr) without a call into JavaScript for text that is all ASCII, as codes and ids are: there folding is
 * SQLite's own lower(). Filters and the quick search test up to four columns of ~10^5 signals; the calls alone cost
 * more than the rest of the query.
 */
function nativeFold(where: string): string {
  for (const c of Object.values(SIGNAL_COLUMNS)) {
    if (c.type !== 'text') continue;
    where = where
      .split(`mcm_fold(${c.sql})`)
      .join(`(CASE WHEN octet_length(${c.sql}) = length(${c.sql}) THEN lower(${c.sql}) ELSE mcm_fold(${c.sql}) END)`);
  }
  return where;
}

// A page found by walking an index in the sort order reads rows at random, one per row tested against a text filter or
// the search; a full scan reads them in order and sorts what matches. With fewer matches than this many times the rows
// to skip and show, the scan wins. (Date ranges and sets walk covering or narrow indexes and stay as they are.)
const WALK_FACTOR = 20;

/**
 * One page of signals in the user's scope; `month` narrows by visit date through its index.
 * On 10^5 signals over 10^6 visits the page is found in two steps: the ids of the page with only the joins the filters
 * and the sort need (the usual newest-first order walks the signals' own date index), then the full rows of those
 * 100 ids. The count joins only what the filters use.
 */
export function listSignals(db: ReadableDb, scope: Scope, req: z.output<typeof gridRequest>, month?: string): GridPage<SignalRow> {
  const q = buildGridSql(SIGNAL_COLUMNS, req, {
    searchColumns: ['visitId', 'outletCode', 'objectCode', 'contractNo'],
    defaultOrder: 's.visit_date DESC, s.id DESC',
  });
  const sc = scopeCondition(scope, 'o.region_code');
  const conds = [sc.sql];
  const params: unknown[] = [...q.params, ...sc.params];
  if (month) {
    conds.push('s.visit_date BETWEEN ? AND ?');
    params.push(monthStart(month), monthEnd(month));
  }
  let where = nativeFold((q.where ? `${q.where} AND ` : 'WHERE ') + conds.join(' AND '));
  // ESCAPE slows every LIKE down by a third; without a backslash in the patterns it changes nothing.
  if (!params.some((p) => typeof p === 'string' && p.includes('\\'))) where = where.replaceAll(` ESCAPE '\\'`, '');
  const total = db.prepare(`SELECT count(*) FROM ${signalsFrom(where)} ${where}`).pluck().get(...params) as number;
  if (total === 0 || req.offset >= total) return { rows: [], total };

  // Unary + keeps the planner off the sort-order indexes (same values, same order).
  const textTested = !!req.search?.trim() || Object.values(req.filters).some((f) => f.type === 'text');
  const scan = textTested && total < WALK_FACTOR * (req.offset + req.limit);
  const orderBy = scan ? q.orderBy.replace(/\bs\.(visit_date|id)\b/g, '+s.$1') : q.orderBy;
  const ids = db
    .prepare(`SELECT s.id FROM ${signalsFrom(`${where} ${orderBy}`)} ${where} ${orderBy} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...params, req.limit, req.offset) as number[];
  const cols = Object.entries(SIGNAL_COLUMNS)
    .map(([k, c]) => `${c.sql} AS ${k}`)
    .join(', ');
  const byId = new Map(
    (db.prepare(`SELECT ${cols} FROM ${SIGNAL_FROM} WHERE s.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as SignalRow[]).map(
      (r) => [r.id, r],
    ),
  );
  return { rows: ids.map((id) => byId.get(id)!), total };
}

/** The signals grid page as every screen shows it: each row with its photo resolved against the storage setting. */
export function listSignalsWithPhotos(db: ReadableDb, scope: Scope, req: z.output<typeof gridRequest>, month?: string) {
  const page = listSignals(db, scope, req, month);
  const base = readSettings(db)['signals.photo_base_url'];
  return { ...page, rows: page.rows.map((r) => ({ ...r, photoUrl: photoUrl(r.photoRef, base) })) };
}

/** A row of the batches journal. */
export interface BatchRow {
  id: number;
  fileName: string;
  sha256: string;
  createdAt: string;
  userLogin: string | null;
  rowsRead: number;
  rowsAdded: number;
  rowsDuplicate: number;
  rowsRejected: number;
  status: 'committed' | 'rolled_back';
  signals: number;
}

const BATCH_COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'b.id', type: 'number' },
  fileName: { sql: 'b.file_name', type: 'text' },
  sha256: { sql: 'b.sha256', type: 'text' },
  createdAt: { sql: 'b.created_at', type: 'date' },
  userLogin: { sql: 'u.login', type: 'text' },
  rowsRead: { sql: 'b.rows_read', type: 'number' },
  rowsAdded: { sql: 'b.rows_added', type: 'number' },
  rowsDuplicate: { sql: 'b.rows_duplicate', type: 'number' },
  rowsRejected: { sql: 'b.rows_rejected', type: 'number' },
  status: { sql: 'b.status', type: 'text' },
};

/** One page of the signals import journal (company-wide: a file spans regions). */
export function listBatches(db: ReadableDb, req: z.output<typeof gridRequest>): GridPage<BatchRow> {
  const q = buildGridSql(BATCH_COLUMNS, req, { searchColumns: ['fileName', 'sha256', 'userLogin'], defaultOrder: 'b.id DESC' });
  const where = (q.where ? `${q.where} AND ` : 'WHERE ') + `b.kind = 'signals'`;
  const from = 'import_batches b LEFT JOIN users u ON u.id = b.user_id';
  const total = db.prepare(`SELECT count(*) FROM ${from} ${where}`).pluck().get(...q.params) as number;
  const cols = Object.entries(BATCH_COLUMNS)
    .map(([k, c]) => `${c.sql} AS ${k}`)
    .join(', ');
  const rows = db
    .prepare(
      `SELECT ${cols}, (SELECT count(*) FROM signals s WHERE s.batch_id = b.id) AS signals
       FROM ${from} ${where} ${q.orderBy} LIMIT ? OFFSET ?`,
    )
    .all(...q.params, req.limit, req.offset) as BatchRow[];
  return { rows, total };
}
