// Store access for contracts: scoped reads (grid, card), lookups by code, overlap search and the write primitives the
// commands compose. Every read that a user sees goes through `scopeSql`, so grids, cards and counts agree.
import type { z } from 'zod';
import type { CurrentUser } from '../command';
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { escapeLike, foldText } from '../grid/fold';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import type { GridPage } from '../grid/request';
import { validateCounterpartyRequisites, type RequisiteIssue } from '../requisites';
import { scopeCondition, type Scope } from '../users/scope';
import { addDays } from './dates';
import { STATUS_NAMES_RU, type ContractStatus } from './lifecycle';
import type { listInput } from './schemas';

// ---------------------------------------------------------------------------------------------------------------
// Scope

/** SQL condition "the contract `alias` has an outlet inside the scope", with its parameters. */
export function scopeSql(scope: Scope, alias = 'c'): { sql: string; params: string[] } {
  const cond = scopeCondition(scope, 'so.region_code');
  if (cond.sql === '1') return cond;
  return {
    sql: `EXISTS (SELECT 1 FROM contract_outlets sco JOIN outlets so ON so.id = sco.outlet_id
                  WHERE sco.contract_id = ${alias}.id AND ${cond.sql})`,
    params: cond.params,
  };
}

/** The contract's core row, or not_found when it is missing or outside the user's scope (no hint that it exists). */
export function loadContractInScope(db: ReadableDb, scope: Scope, id: number): ContractRow {
  const s = scopeSql(scope);
  const row = db.prepare(`SELECT c.* FROM contracts c WHERE c.id = ? AND ${s.sql}`).get(id, ...s.params) as ContractRow | undefined;
  if (!row) throw new DomainError('not_found', 'Договор не найден', { id });
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

/** A `contracts` row as stored. */
export interface ContractRow {
  id: number;
  number: string;
  counterparty_id: number;
  category: string;
  manager_user_id: number | null;
  start_date: string;
  end_date: string;
  status: ContractStatus;
  signed_date: string | null;
  terminated_date: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** Optimistic-concurrency version, bumped on every change of the row. */
  version: number;
}

/** A `terms_versions` row as stored. */
export interface TermsRow {
  id: number;
  contract_id: number;
  effective_from: string;
  monthly_fee: number;
  schedule: string | null;
  rule_set: string;
  reason: string;
  created_at: string;
}

/** One terms version with its lists, as commands read and write it (codes, not ids). */
export interface TermsData {
  monthlyFee: number;
  schedule: string | null;
  ruleSet: string;
  skuCodes: string[];
  equipmentCodes: string[];
  /** Per-outlet fees by outlet id; empty when the fee is for the contract as a whole. */
  outletFees: { outletId: number; monthlyFee: number }[];
}

/** All terms versions of a contract, oldest first. */
export function termsVersions(db: ReadableDb, contractId: number): TermsRow[] {
  return db.prepare('SELECT * FROM terms_versions WHERE contract_id = ? ORDER BY effective_from, id').all(contractId) as TermsRow[];
}

/** The version in force on a day (the latest that started on or before it), or undefined before the first one. */
export function termsOn(db: ReadableDb, contractId: number, day: string): TermsRow | undefined {
  return db
    .prepare('SELECT * FROM terms_versions WHERE contract_id = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1')
    .get(contractId, day) as TermsRow | undefined;
}

/** The lists of one version as codes, sorted so that comparisons and audit records are stable. */
export function termsData(db: ReadableDb, t: TermsRow): TermsData {
  return {
    monthlyFee: t.monthly_fee,
    schedule: t.schedule,
    ruleSet: t.rule_set,
    skuCodes: db
      .prepare('SELECT s.code FROM terms_skus ts JOIN skus s ON s.id = ts.sku_id WHERE ts.terms_id = ? ORDER BY s.code')
      .pluck()
      .all(t.id) as string[],
    equipmentCodes: db
      .prepare('SELECT e.code FROM terms_equipment te JOIN equipment_types e ON e.id = te.equipment_id WHERE te.terms_id = ? ORDER BY e.code')
      .pluck()
      .all(t.id) as string[],
    outletFees: db
      .prepare('SELECT outlet_id AS outletId, monthly_fee AS monthlyFee FROM terms_outlet_fees WHERE terms_id = ? ORDER BY outlet_id')
      .all(t.id) as { outletId: number; monthlyFee: number }[],
  };
}

/** Outlet ids of a contract, ascending. */
export function contractOutletIds(db: ReadableDb, contractId: number): number[] {
  return db.prepare('SELECT outlet_id FROM contract_outlets WHERE contract_id = ? ORDER BY outlet_id').pluck().all(contractId) as number[];
}

// ---------------------------------------------------------------------------------------------------------------
// Lookups by code (imports, forms and bulk changes name things by code)

/** Resolves SKU codes to ids; unknown or inactive codes are returned in `unknown`, in input order. */
export function skuIds(db: ReadableDb, codes: string[]): { ids: number[]; unknown: string[] } {
  return idsByCode(db, 'skus', codes);
}

/** Resolves equipment codes to ids; unknown or inactive codes are returned in `unknown`. */
export function equipmentIds(db: ReadableDb, codes: string[]): { ids: number[]; unknown: string[] } {
  return idsByCode(db, 'equipment_types', codes);
}

function idsByCode(db: ReadableDb, table: 'skus' | 'equipment_types', codes: string[]): { ids: number[]; unknown: string[] } {
  const stmt = db.prepare(`SELECT id FROM ${table} WHERE code = ? COLLATE NOCASE AND is_active = 1`).pluck();
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const code of new Set(codes)) {
    const id = stmt.get(code) as number | undefined;
    if (id === undefined) unknown.push(code);
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids, unknown };
}

/** Codes of SKUs or equipment types by id, sorted. */
export function codesOf(db: ReadableDb, table: 'skus' | 'equipment_types', ids: number[]): string[] {
  if (ids.length === 0) return [];
  return db
    .prepare(`SELECT code FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY code`)
    .pluck()
    .all(...ids) as string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Overlap: one outlet carries at most one live contract per category at a time (DOMAIN.md "Contract")

/** Another contract holding one of the outlets in the same category and period. */
export interface OverlapHit {
  contractId: number;
  number: string;
  outletCode: string;
  startDate: string;
  endDate: string;
}

/** Other non-terminated, non-rejected contracts of the category covering any of the outlets in [start, end]. */
export function findOverlaps(
  db: ReadableDb,
  q: { category: string; outletIds: number[]; start: string; end: string; excludeId?: number | null },
): OverlapHit[] {
  if (q.outletIds.length === 0) return [];
  return db
    .prepare(
      `SELECT c2.id AS contractId, c2.number, o.code AS outletCode, c2.start_date AS startDate, c2.end_date AS endDate
       FROM contract_outlets x
       JOIN contracts c2 ON c2.id = x.contract_id
       JOIN outlets o ON o.id = x.outlet_id
       WHERE x.outlet_id IN (${q.outletIds.map(() => '?').join(',')})
         AND c2.id <> ? AND c2.category = ? AND c2.status NOT IN ('terminated', 'rejected')
         AND c2.start_date <= ? AND c2.end_date >= ?
       ORDER BY c2.number, o.code`,
    )
    .all(...q.outletIds, q.excludeId ?? -1, q.category, q.end, q.start) as OverlapHit[];
}

// ---------------------------------------------------------------------------------------------------------------
// Writes

/** Inserts a terms version with its lists and returns its id; versions are only ever added, never updated. */
export function insertTerms(db: WritableDb, contractId: number, from: string, t: TermsData & { skuIds: number[]; equipmentIds: number[] }, reason: string, nowIso: string): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, rule_set, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(contractId, from, t.monthlyFee, t.schedule, t.ruleSet, reason, nowIso).lastInsertRowid,
  );
  writeTermsLists(db, id, t);
  return id;
}

/** Replaces the lists of a terms version (drafts only: a signed contract's terms never change in place). */
export function writeTermsLists(db: WritableDb, termsId: number, t: { skuIds: number[]; equipmentIds: number[]; outletFees: TermsData['outletFees'] }): void {
  db.prepare('DELETE FROM terms_skus WHERE terms_id = ?').run(termsId);
  db.prepare('DELETE FROM terms_equipment WHERE terms_id = ?').run(termsId);
  db.prepare('DELETE FROM terms_outlet_fees WHERE terms_id = ?').run(termsId);
  const sku = db.prepare('INSERT INTO terms_skus (terms_id, sku_id) VALUES (?, ?)');
  for (const s of t.skuIds) sku.run(termsId, s);
  const eq = db.prepare('INSERT INTO terms_equipment (terms_id, equipment_id) VALUES (?, ?)');
  for (const e of t.equipmentIds) eq.run(termsId, e);
  const fee = db.prepare('INSERT INTO terms_outlet_fees (terms_id, outlet_id, monthly_fee) VALUES (?, ?, ?)');
  for (const f of t.outletFees) fee.run(termsId, f.outletId, f.monthlyFee);
}

/** Replaces the outlet list of a contract. */
export function writeContractOutlets(db: WritableDb, contractId: number, outletIds: number[]): void {
  db.prepare('DELETE FROM contract_outlets WHERE contract_id = ?').run(contractId);
  const ins = db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)');
  for (const o of outletIds) ins.run(contractId, o);
}

/** The next free `MK-<year>-<6 digits>` number of a year (max + 1, so numbers never repeat after a deletion). */
export function nextContractNumber(db: ReadableDb, year: string): string {
  // A range on the UNIQUE index of `number` plus GLOB for the exact shape: no scan of other years.
  const last = db
    .prepare(
      `SELECT max(number) FROM contracts WHERE number >= ? AND number <= ? AND number GLOB 'MK-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]'`,
    )
    .pluck()
    .get(`MK-${year}-000000`, `MK-${year}-999999`) as string | null;
  const seq = last ? Number(last.slice(-6)) + 1 : 1;
  if (seq > 999_999) throw new DomainError('conflict', `Закончились номера договоров за ${year} год`);
  return `MK-${year}-${String(seq).padStart(6, '0')}`;
}

/** The next `ДС-<n>` number of a contract's supplementary agreements. */
export function nextAgreementNumber(db: ReadableDb, contractId: number): string {
  const taken = new Set(db.prepare('SELECT number FROM supplementary_agreements WHERE contract_id = ?').pluck().all(contractId) as string[]);
  let n = taken.size + 1;
  while (taken.has(`ДС-${n}`) || taken.has(String(n))) n++;
  return `ДС-${n}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The grid

/** One row of the contracts grid. */
export interface ContractListRow {
  id: number;
  number: string;
  counterpartyId: number;
  counterpartyName: string;
  counterpartyInn: string;
  category: string;
  categoryName: string;
  managerUserId: number | null;
  managerName: string | null;
  startDate: string;
  endDate: string;
  signedDate: string | null;
  terminatedDate: string | null;
  status: ContractStatus;
  statusName: string;
  /** Fee of the terms version in force today (or the first one before the start), kopecks. */
  monthlyFee: number | null;
  outletsCount: number;
  regionCode: string | null;
  regionName: string | null;
  federalDistrict: string | null;
}

// Columns are SQL over the aliases of LIST_FROM. `today` is inlined (a validated ISO day from the clock, never user
// input) so the column expressions stay parameter-free and buildGridSql can place them in WHERE and ORDER BY.
function listColumns(today: string): Record<string, ColumnSpec> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`bad day ${today}`);
  const fee = `COALESCE(
      (SELECT tv.monthly_fee FROM terms_versions tv WHERE tv.contract_id = c.id AND tv.effective_from <= '${today}'
       ORDER BY tv.effective_from DESC LIMIT 1),
      (SELECT tv.monthly_fee FROM terms_versions tv WHERE tv.contract_id = c.id ORDER BY tv.effective_from LIMIT 1))`;
  return {
    id: { sql: 'c.id', type: 'number' },
    number: { sql: 'c.number', type: 'text' },
    counterpartyId: { sql: 'c.counterparty_id', type: 'number' },
    counterpartyName: { sql: 'cp.name', type: 'text' },
    counterpartyInn: { sql: 'cp.inn', type: 'text' },
    category: { sql: 'c.category', type: 'text' },
    categoryName: { sql: 'cat.name', type: 'text' },
    managerUserId: { sql: 'c.manager_user_id', type: 'number' },
    managerName: { sql: 'mu.full_name', type: 'text' },
    startDate: { sql: 'c.start_date', type: 'date' },
    endDate: { sql: 'c.end_date', type: 'date' },
    signedDate: { sql: 'c.signed_date', type: 'date' },
    terminatedDate: { sql: 'c.terminated_date', type: 'date' },
    status: { sql: 'c.status', type: 'text' },
    monthlyFee: { sql: fee, type: 'number' },
    outletsCount: { sql: '(SELECT count(*) FROM contract_outlets oc WHERE oc.contract_id = c.id)', type: 'number' },
    regionCode: { sql: 'fr.code', type: 'text' },
    regionName: { sql: 'fr.name', type: 'text' },
    federalDistrict: { sql: 'fr.federal_district', type: 'text' },
    createdAt: { sql: 'c.created_at', type: 'date' },
    updatedAt: { sql: 'c.updated_at', type: 'date' },
  };
}

// The "first outlet" is the one with the smallest id: the PRIMARY KEY (contract_id, outlet_id) hands it over directly.
const JOINS: { alias: RegExp; sql: string }[] = [
  { alias: /\bcp\./, sql: 'JOIN counterparties cp ON cp.id = c.counterparty_id' },
  { alias: /\bcat\./, sql: 'JOIN contract_categories cat ON cat.code = c.category' },
  { alias: /\bmu\./, sql: 'LEFT JOIN users mu ON mu.id = c.manager_user_id' },
  {
    alias: /\bfr\./,
    sql: `LEFT JOIN outlets fo ON fo.id = (SELECT fco.outlet_id FROM contract_outlets fco WHERE fco.contract_id = c.id ORDER BY fco.outlet_id LIMIT 1)
  LEFT JOIN regions fr ON fr.code = fo.region_code`,
  },
];
const LIST_FROM = `FROM contracts c ${JOINS.map((j) => j.sql).join('\n  ')}`;

/**
 * FROM with only the joins the given SQL uses. Counting and picking a page's ids then touch contracts alone unless a
 * filter or sort needs more; the inner joins follow NOT NULL foreign keys, so leaving them out never changes a count.
 */
function fromFor(sqlText: string): string {
  return `FROM contracts c ${JOINS.filter((j) => j.alias.test(sqlText)).map((j) => j.sql).join('\n  ')}`;
}



/** Builds the full WHERE (scope, preset, quick search, column filters) and ORDER BY of a grid request. */
export function listSql(db: ReadableDb, user: CurrentUser, req: z.output<typeof listInput>, today: string) {
  const columns = listColumns(today);
  const grid = buildGridSql(columns, req, { defaultOrder: 'c.id DESC' });
  const conds: string[] = [];
  const params: unknown[] = [];
  const scope = scopeSql(user.scope);
  if (scope.sql !== '1') {
    conds.push(scope.sql);
    params.push(...scope.params);
  }

  if (req.preset === 'mineOnApproval') {
    // A pending step of the user's role (unless it names another person) or of the user by name; or the user's own
    // contract waiting for others.
    const roles = user.roles.length ? user.roles : ['-'];
    conds.push(`c.status = 'on_approval' AND (c.created_by = ? OR EXISTS (
        SELECT 1 FROM approval_instances ai JOIN approval_steps st ON st.instance_id = ai.id
        WHERE ai.contract_id = c.id AND ai.status = 'in_progress' AND st.status = 'pending'
          AND (st.user_id = ? OR (st.user_id IS NULL AND st.role IN (${roles.map(() => '?').join(',')})))
          -- a quorum step the user already approved waits for others, not for them (as in the approvals inbox)
          AND NOT EXISTS (SELECT 1 FROM approval_decisions d WHERE d.step_id = st.id AND d.decision = 'approve'
                            AND COALESCE(d.on_behalf_of, d.user_id) = ?)))`);
    params.push(user.id, user.id, ...roles, user.id);
  } else if (req.preset === 'expiring30') {
    conds.push(`c.status IN ('signed', 'active') AND c.end_date BETWEEN ? AND ?`);
    params.push(today, addDays(today, 30));
  }

  const search = req.search?.trim();
  if (search) {
    const p = `%${escapeLike(search)}%`;
    const folded = `%${escapeLike(foldText(search))}%`;
    // Counterparties and outlet codes are matched by uncorrelated INs, each built once per query, so the slower
    // JS case folding runs once per counterparty rather than once per contract. CROSS JOIN keeps SQLite's order:
    // filter the outlets by code first, then look their contracts up by the outlet index.
    conds.push(`(c.number LIKE ? ESCAPE '\\'
      OR c.counterparty_id IN (SELECT scp.id FROM counterparties scp WHERE scp.inn LIKE ? ESCAPE '\\' OR mcm_fold(scp.name) LIKE ? ESCAPE '\\')
      OR c.id IN (SELECT so2.contract_id FROM outlets o2 CROSS JOIN contract_outlets so2 ON so2.outlet_id = o2.id
                  WHERE o2.code LIKE ? ESCAPE '\\'))`);
    params.push(p, p, folded, p);
  }
  if (grid.where) {
    conds.push(grid.where.replace(/^WHERE /, ''));
    params.push(...grid.params);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params, orderBy: grid.orderBy, columns };
}

/**
 * One page of contracts the user may see, with the total that matches. Three statements: the count, the page's ids
 * (sorting only on the columns asked), then the full rows of those ids — so a deep page sorted by a computed column
 * never computes every column of 20 000 rows.
 */
export function listContracts(db: ReadableDb, user: CurrentUser, req: z.output<typeof listInput>, today: string): GridPage<ContractListRow> {
  const q = listSql(db, user, req, today);
  const col = q.columns;
  const total = db.prepare(`SELECT count(*) ${fromFor(q.where)} ${q.where}`).pluck().get(...q.params) as number;
  const ids = db
    .prepare(`SELECT c.id ${fromFor(q.where + q.orderBy)} ${q.where} ${q.orderBy} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...q.params, req.limit, req.offset) as number[];
  if (ids.length === 0) return { rows: [], total };
  const rows = db
    .prepare(
      `SELECT c.id, c.number, c.counterparty_id AS counterpartyId, cp.name AS counterpartyName, cp.inn AS counterpartyInn,
              c.category, cat.name AS categoryName, c.manager_user_id AS managerUserId, mu.full_name AS managerName,
              c.start_date AS startDate, c.end_date AS endDate, c.signed_date AS signedDate,
              c.terminated_date AS terminatedDate, c.status, ${col.monthlyFee!.sql} AS monthlyFee,
              ${col.outletsCount!.sql} AS outletsCount, fr.code AS regionCode, fr.name AS regionName,
              fr.federal_district AS federalDistrict
       ${LIST_FROM} WHERE c.id IN (${ids.map(() => '?').join(',')})`,
    )
    .all(...ids) as Omit<ContractListRow, 'statusName'>[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.map((id) => byId.get(id)!).map((r) => ({ ...r, statusName: STATUS_NAMES_RU[r.status] })), total };
}

/** The statement picking a page's ids, with its parameters, for EXPLAIN QUERY PLAN in tests and benchmarks. */
export function listStatementForExplain(db: ReadableDb, user: CurrentUser, req: z.output<typeof listInput>, today: string) {
  const q = listSql(db, user, req, today);
  return {
    sql: `SELECT c.id ${fromFor(q.where + q.orderBy)} ${q.where} ${q.orderBy} LIMIT ? OFFSET ?`,
    params: [...q.params, req.limit, req.offset],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The card

/** One terms version on the card, with its lists resolved to codes and names. */
export interface ContractCardTerms {
  id: number;
  effectiveFrom: string;
  /** Last day this version is in force: the day before the next version, else the contract's (termination) end. */
  effectiveTo: string;
  monthlyFee: number;
  schedule: string | null;
  ruleSet: string;
  reason: string;
  createdAt: string;
  isCurrent: boolean;
  skus: { code: string; name: string; brand: string | null }[];
  equipment: { code: string; name: string }[];
  outletFees: { outletId: number; outletCode: string; monthlyFee: number }[];
}

/** Output of `contracts.get` (plus `submissionIssues`, added by the command). */
export interface ContractCard {
  id: number;
  number: string;
  status: ContractStatus;
  statusName: string;
  category: string;
  categoryName: string;
  managerUserId: number | null;
  managerName: string | null;
  startDate: string;
  endDate: string;
  signedDate: string | null;
  terminatedDate: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  /** What an edit of this card sends back, so a save over someone else's change is refused. */
  version: number;
  annualValue: number;
  counterparty: {
    id: number;
    type: string;
    name: string;
    inn: string;
    kpp: string | null;
    ogrn: string | null;
    vatMode: string;
    bik: string | null;
    account: string | null;
    corrAccount: string | null;
    bankName: string | null;
    address: string | null;
    edoId: string | null;
    requisiteIssues: RequisiteIssue[];
  };
  outlets: { id: number; code: string; name: string; address: string | null; regionCode: string; regionName: string; federalDistrict: string }[];
  terms: ContractCardTerms[];
  agreements: {
    id: number;
    number: string;
    kind: string;
    effectiveFrom: string;
    termsId: number | null;
    bulkChangeId: number | null;
    details: Record<string, unknown>;
    createdBy: number | null;
    createdByName: string | null;
    createdAt: string;
  }[];
  approvals: {
    id: number;
    routeId: number;
    routeName: string;
    annualValue: number;
    submittedBy: number | null;
    submittedByName: string | null;
    submittedAt: string;
    status: string;
    finishedAt: string | null;
    steps: {
      id: number;
      stepNo: number;
      role: string;
      userId: number | null;
      userName: string | null;
      status: string;
      activatedAt: string | null;
      dueAt: string | null;
      completedAt: string | null;
      decisions: { id: number; userId: number; userName: string; onBehalfOf: number | null; onBehalfOfName: string | null; decision: string; comment: string | null; at: string }[];
    }[];
  }[];
  audit: { id: number; at: string; userLogin: string | null; command: string; before: unknown; after: unknown }[];
}

const parseJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

/** Everything the contract card shows, read in a fixed number of statements (no query per terms list item). */
export function contractCard(db: ReadableDb, c: ContractRow, today: string): Omit<ContractCard, 'annualValue'> {
  const head = db
    .prepare(
      `SELECT cat.name AS categoryName, mu.full_name AS managerName, cu.full_name AS createdByName
       FROM contracts c JOIN contract_categories cat ON cat.code = c.category
       LEFT JOIN users mu ON mu.id = c.manager_user_id LEFT JOIN users cu ON cu.id = c.created_by WHERE c.id = ?`,
    )
    .get(c.id) as { categoryName: string; managerName: string | null; createdByName: string | null };
  const cp = db.prepare('SELECT * FROM counterparties WHERE id = ?').get(c.counterparty_id) as Record<string, string | number | null>;
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

  const outlets = db
    .prepare(
      `SELECT o.id, o.code, o.name, o.address, o.region_code AS regionCode, r.name AS regionName, r.federal_district AS federalDistrict
       FROM contract_outlets co JOIN outlets o ON o.id = co.outlet_id JOIN regions r ON r.code = o.region_code
       WHERE co.contract_id = ? ORDER BY o.code`,
    )
    .all(c.id) as ContractCard['outlets'];

  const versions = termsVersions(db, c.id);
  const skuRows = db
    .prepare(
      `SELECT ts.terms_id AS termsId, s.code, s.name, s.brand FROM terms_skus ts JOIN skus s ON s.id = ts.sku_id
       JOIN terms_versions tv ON tv.id = ts.terms_id WHERE tv.contract_id = ? ORDER BY s.code`,
    )
    .all(c.id) as { termsId: number; code: string; name: string; brand: string | null }[];
  const eqRows = db
    .prepare(
      `SELECT te.terms_id AS termsId, e.code, e.name FROM terms_equipment te JOIN equipment_types e ON e.id = te.equipment_id
       JOIN terms_versions tv ON tv.id = te.terms_id WHERE tv.contract_id = ? ORDER BY e.code`,
    )
    .all(c.id) as { termsId: number; code: string; name: string }[];
  const feeRows = db
    .prepare(
      `SELECT f.terms_id AS termsId, f.outlet_id AS outletId, o.code AS outletCode, f.monthly_fee AS monthlyFee
       FROM terms_outlet_fees f JOIN outlets o ON o.id = f.outlet_id
       JOIN terms_versions tv ON tv.id = f.terms_id WHERE tv.contract_id = ? ORDER BY o.code`,
    )
    .all(c.id) as { termsId: number; outletId: number; outletCode: string; monthlyFee: number }[];
  const lastDay = c.terminated_date && c.terminated_date < c.end_date ? c.terminated_date : c.end_date;
  const current = versions.filter((v) => v.effective_from <= today).pop() ?? versions[0];
  const terms: ContractCardTerms[] = versions.map((v, i) => ({
    id: v.id,
    effectiveFrom: v.effective_from,
    effectiveTo: i + 1 < versions.length ? addDays(versions[i + 1]!.effective_from, -1) : lastDay,
    monthlyFee: v.monthly_fee,
    schedule: v.schedule,
    ruleSet: v.rule_set,
    reason: v.reason,
    createdAt: v.created_at,
    isCurrent: v === current,
    skus: skuRows.filter((r) => r.termsId === v.id).map(({ code, name, brand }) => ({ code, name, brand })),
    equipment: eqRows.filter((r) => r.termsId === v.id).map(({ code, name }) => ({ code, name })),
    outletFees: feeRows.filter((r) => r.termsId === v.id).map(({ outletId, outletCode, monthlyFee }) => ({ outletId, outletCode, monthlyFee })),
  }));

  const agreements = (
    db
      .prepare(
        `SELECT a.id, a.number, a.kind, a.effective_from AS effectiveFrom, a.terms_id AS termsId, a.bulk_change_id AS bulkChangeId,
                a.details_json AS details, a.created_by AS createdBy, u.full_name AS createdByName, a.created_at AS createdAt
         FROM supplementary_agreements a LEFT JOIN users u ON u.id = a.created_by
         WHERE a.contract_id = ? ORDER BY a.effective_from, a.id`,
      )
      .all(c.id) as (Omit<ContractCard['agreements'][number], 'details'> & { details: string })[]
  ).map((a) => ({ ...a, details: (parseJson(a.details) ?? {}) as Record<string, unknown> }));

  const instances = db
    .prepare(
      `SELECT ai.id, ai.route_id AS routeId, r.name AS routeName, ai.annual_value AS annualValue, ai.submitted_by AS submittedBy,
              u.full_name AS submittedByName, ai.submitted_at AS submittedAt, ai.status, ai.finished_at AS finishedAt
       FROM approval_instances ai JOIN approval_routes r ON r.id = ai.route_id LEFT JOIN users u ON u.id = ai.submitted_by
       WHERE ai.contract_id = ? ORDER BY ai.submitted_at, ai.id`,
    )
    .all(c.id) as Omit<ContractCard['approvals'][number], 'steps'>[];
  const steps = db
    .prepare(
      `SELECT st.instance_id AS instanceId, st.id, st.step_no AS stepNo, st.role, st.user_id AS userId, u.full_name AS userName,
              st.status, st.activated_at AS activatedAt, st.due_at AS dueAt, st.completed_at AS completedAt
       FROM approval_steps st JOIN approval_instances ai ON ai.id = st.instance_id LEFT JOIN users u ON u.id = st.user_id
       WHERE ai.contract_id = ? ORDER BY st.step_no`,
    )
    .all(c.id) as (ContractCard['approvals'][number]['steps'][number] & { instanceId: number })[];
  const decisions = db
    .prepare(
      `SELECT d.step_id AS stepId, d.id, d.user_id AS userId, u.full_name AS userName, d.on_behalf_of AS onBehalfOf,
              b.full_name AS onBehalfOfName, d.decision, d.comment, d.at
       FROM approval_decisions d JOIN approval_steps st ON st.id = d.step_id JOIN approval_instances ai ON ai.id = st.instance_id
       JOIN users u ON u.id = d.user_id LEFT JOIN users b ON b.id = d.on_behalf_of
       WHERE ai.contract_id = ? ORDER BY d.at, d.id`,
    )
    .all(c.id) as (ContractCard['approvals'][number]['steps'][number]['decisions'][number] & { stepId: number })[];
  const approvals = instances.map((ai) => ({
    ...ai,
    steps: steps
      .filter((s) => s.instanceId === ai.id)
      .map(({ instanceId: _i, ...s }) => ({ ...s, decisions: decisions.filter((d) => d.stepId === s.id).map(({ stepId: _s, ...d }) => d) })),
  }));

  const audit = (
    db
      .prepare(
        `SELECT id, at, user_login AS userLogin, command, before_json AS before, after_json AS after
         FROM audit_log WHERE entity = 'contract' AND entity_id = ? ORDER BY id`,
      )
      .all(String(c.id)) as { id: number; at: string; userLogin: string | null; command: string; before: string | null; after: string | null }[]
  ).map((a) => ({ ...a, before: parseJson(a.before), after: parseJson(a.after) }));

  return {
    id: c.id,
    number: c.number,
    status: c.status,
    statusName: STATUS_NAMES_RU[c.status],
    category: c.category,
    categoryName: head.categoryName,
    managerUserId: c.manager_user_id,
    managerName: head.managerName,
    startDate: c.start_date,
    endDate: c.end_date,
    signedDate: c.signed_date,
    terminatedDate: c.terminated_date,
    createdBy: c.created_by,
    createdByName: head.createdByName,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    version: c.version,
    counterparty: {
      id: Number(cp.id),
      type: String(cp.type),
      name: String(cp.name),
      inn: String(cp.inn),
      kpp: str(cp.kpp),
      ogrn: str(cp.ogrn),
      vatMode: String(cp.vat_mode),
      bik: str(cp.bik),
      account: str(cp.account),
      corrAccount: str(cp.corr_account),
      bankName: str(cp.bank_name),
      address: str(cp.address),
      edoId: str(cp.edo_id),
      requisiteIssues: validateCounterpartyRequisites({
        type: String(cp.type),
        inn: str(cp.inn),
        kpp: str(cp.kpp),
        ogrn: str(cp.ogrn),
        bik: str(cp.bik),
        account: str(cp.account),
        corr_account: str(cp.corr_account),
      }),
    },
    outlets,
    terms,
    agreements,
    approvals,
    audit,
  };
}
