// Grids of the signals domain: signals (scoped by the outlet's region) and the journal of import batches.
import type { z } from 'zod';
import type { ReadableDb } from '../db/types';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec, type Lookup } from '../grid/sql';
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

// Columns of the outlet and contract a signal points at are filtered through their own (small) tables; the sort
// columns among them walk those tables' indexes (see pageByLookup).
const OUTLET: Omit<Lookup, 'sql'> = { key: 's.outlet_id', from: 'outlets lo', id: 'lo.id' };
const OUTLET_REGION: Omit<Lookup, 'sql'> = { ...OUTLET, from: 'outlets lo JOIN regions lr ON lr.code = lo.region_code' };

const SIGNAL_COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 's.id', type: 'number' },
  month: { sql: 'substr(s.visit_date, 1, 7)', type: 'text' },
  visitDate: { sql: 's.visit_date', type: 'date', plainDate: true },
  visitId: { sql: 's.visit_id', type: 'text' },
  federalDistrict: { sql: 'r.federal_district', type: 'text', lookup: { ...OUTLET_REGION, sql: 'lr.federal_district' } },
  regionCode: { sql: 'o.region_code', type: 'text', lookup: { ...OUTLET, sql: 'lo.region_code' } },
  region: { sql: 'r.name', type: 'text', lookup: { ...OUTLET_REGION, sql: 'lr.name' } },
  outletCode: { sql: 'o.code', type: 'text', lookup: { ...OUTLET, sql: 'lo.code', indexed: true } },
  outletName: { sql: 'o.name', type: 'text', lookup: { ...OUTLET, sql: 'lo.name', indexed: true } },
  type: { sql: 's.signal_type', type: 'text' },
  objectCode: { sql: 's.object_code', type: 'text' },
  status: { sql: 's.match_status', type: 'text' },
  contractId: { sql: 's.contract_id', type: 'number' },
  contractNo: { sql: 'c.number', type: 'text', lookup: { key: 's.contract_id', from: 'contracts lc', id: 'lc.id', sql: 'lc.number', indexed: true } },
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
 * columns only. `first` puts another table before the signals (the walked lookup table of a sort).
 */
function signalsFrom(sql: string, first = 'signals s'): string {
  const uses = (alias: string) => new RegExp(`\\b${alias}\\.`).test(sql);
  let from = uses('v') ? `${first} JOIN visits v ON v.id = s.visit_row_id` : first;
  if (uses('o') || uses('r')) from += ' JOIN outlets o ON o.id = s.outlet_id';
  if (uses('r')) from += ' JOIN regions r ON r.code = o.region_code';
  if (uses('c')) from += ' LEFT JOIN contracts c ON c.id = s.contract_id';
  return from;
}

// A page found by walking an index in the sort order reads rows at random, one per row tested against a text filter or
// the search; a full scan reads them in order and sorts what matches. With fewer matches than this many times the rows
// to skip and show, the scan wins. (Date ranges and sets walk covering or narrow indexes and stay as they are.)
const WALK_FACTOR = 20;
// Beyond this many matches their ids are not collected (a deep page of a broad text filter): counted and walked instead.
const FEW_AT_MOST = 5000;

interface PageQuery {
  db: ReadableDb;
  where: string;
  params: unknown[];
  offset: number;
  limit: number;
}

const textTested = (req: z.output<typeof gridRequest>) =>
  !!req.search?.trim() || Object.values(req.filters).some((f) => f.type === 'text');

/** The ids of a page in the request's order. */
function pageBySort(p: PageQuery, orderBy: string): number[] {
  return p.db
    .prepare(`SELECT s.id FROM ${signalsFrom(`${p.where} ${orderBy}`)} ${p.where} ${orderBy} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...p.params, p.limit, p.offset) as number[];
}

/** All matching ids when fewer than `cap` match (one pass, stopped at the cap), otherwise null. */
function fewMatches(p: PageQuery, cap: number): number[] | null {
  const ids = p.db.prepare(`SELECT s.id FROM ${signalsFrom(p.where)} ${p.where} LIMIT ?`).pluck().all(...p.params, cap) as number[];
  return ids.length < cap ? ids : null;
}

/** The page among known matching ids, sorted as the request asks. */
function pageAmong(p: PageQuery, ids: number[], orderBy: string): number[] {
  // Unary + keeps the planner off the sort-order indexes: it fetches the few rows by id and sorts them.
  orderBy = orderBy.replace(/\bs\.(visit_date|id)\b/g, '+s.$1');
  const where = 'WHERE s.id IN (SELECT value FROM json_each(?))';
  return p.db
    .prepare(`SELECT s.id FROM ${signalsFrom(orderBy)} ${where} ${orderBy} LIMIT ? OFFSET ?`)
    .pluck()
    .all(JSON.stringify(ids), p.limit, p.offset) as number[];
}

/**
 * The ids of a page sorted by a column of the outlet or contract, among many matches: the lookup table's index is
 * walked in order with each of its rows' signals (their own index) until the page is full, instead of joining and
 * sorting every match. Signals that point at no row (no contract) come before the rest ascending and after them
 * descending, where SQLite puts NULLs.
 */
function pageByLookup(p: PageQuery, l: Lookup, dir: 'asc' | 'desc', rest: string, total: number): number[] {
  const noRow = `${p.where} AND ${l.key} IS NULL`;
  const orphans = p.db.prepare(`SELECT count(*) FROM ${signalsFrom(noRow)} ${noRow}`).pluck().get(...p.params) as number;
  const read = (from: string, where: string, orderBy: string) => (offset: number, limit: number) =>
    p.db
      .prepare(`SELECT s.id FROM ${from} ${where} ${orderBy} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...p.params, limit, offset) as number[];
  const walked = read(
    signalsFrom(`${p.where} ${rest}`, `${l.from} CROSS JOIN signals s ON ${l.key} = ${l.id}`),
    p.where,
    `ORDER BY ${l.sql} ${dir.toUpperCase()}, ${rest}`,
  );
  const unpointed = read(signalsFrom(`${noRow} ${rest}`), noRow, `ORDER BY ${rest}`);
  const segments: [typeof walked, number][] =
    dir === 'asc' ? [[unpointed, orphans], [walked, total - orphans]] : [[walked, total - orphans], [unpointed, orphans]];
  const ids: number[] = [];
  let offset = p.offset;
  for (const [readSegment, size] of segments) {
    if (ids.length < p.limit && offset < size) ids.push(...readSegment(offset, p.limit - ids.length));
    offset = Math.max(0, offset - size);
  }
  return ids;
}

/**
 * One page of signals in the user's scope; `month` narrows by visit date through its index.
 * On 10^5 signals over 10^6 visits the page is found in two steps: the ids of the page with only the joins the filters
 * and the sort need (the usual newest-first order walks the signals' own date index; a sort by outlet or contract walks
 * theirs), then the full rows of those 100 ids. Filters on the outlet, region or contract pick those small tables' rows
 * once instead of joining every signal.
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
  let where = (q.where ? `${q.where} AND ` : 'WHERE ') + conds.join(' AND ');
  // ESCAPE slows every LIKE down by a third; without a backslash in the patterns it changes nothing.
  if (!params.some((p) => typeof p === 'string' && p.includes('\\'))) where = where.replaceAll(` ESCAPE '\\'`, '');
  const page = { db, where, params, offset: req.offset, limit: req.limit };
  // Few rows pass a text test (a search, a code): one pass collects them all, and the page is sorted among them.
  // Many pass: the count reads the table, and the page walks an index in the sort order until it is full.
  const cap = WALK_FACTOR * (req.offset + req.limit);
  const few = textTested(req) ? fewMatches(page, Math.min(cap, FEW_AT_MOST)) : null;
  const total = few ? few.length : (db.prepare(`SELECT count(*) FROM ${signalsFrom(where)} ${where}`).pluck().get(...params) as number);
  if (total === 0 || req.offset >= total) return { rows: [], total };
  const main = req.sort[0];
  const lookup = main ? SIGNAL_COLUMNS[main.col]?.lookup : undefined;
  const ids = few
    ? pageAmong(page, few, q.orderBy)
    : lookup?.indexed && total >= cap
      ? pageByLookup(page, lookup, main.dir, q.orderTerms.slice(1).join(', '), total)
      : pageBySort(page, q.orderBy);
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
