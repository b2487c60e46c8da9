// The counterparties table: row mapping, lookups, writes, the scoped grid.
import type { z } from 'zod';
import { prepared } from '../import/prepared';
import type { ReadableDb, WritableDb } from '../db/types';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import { searchCondition } from '../reference/textSearch';
import { isWholeCountry, scopeCondition, type Scope } from '../users/scope';
import type { CounterpartyData, CounterpartyType, VatMode } from './fields';

/** A stored counterparty as commands return it. */
export interface Counterparty extends CounterpartyData {
  id: number;
  createdAt: string;
  updatedAt: string;
}

interface CounterpartyRow {
  id: number;
  type: CounterpartyType;
  name: string;
  inn: string;
  kpp: string | null;
  ogrn: string | null;
  vat_mode: VatMode;
  bik: string | null;
  account: string | null;
  corr_account: string | null;
  bank_name: string | null;
  address: string | null;
  edo_id: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(r: CounterpartyRow): Counterparty {
  return {
    id: r.id, type: r.type, name: r.name, inn: r.inn, kpp: r.kpp, ogrn: r.ogrn, vatMode: r.vat_mode, bik: r.bik,
    account: r.account, corrAccount: r.corr_account, bankName: r.bank_name, address: r.address, edoId: r.edo_id,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const DATA_KEYS: (keyof CounterpartyData)[] = [
  'type', 'name', 'inn', 'kpp', 'ogrn', 'vatMode', 'bik', 'account', 'corrAccount', 'bankName', 'address', 'edoId',
];

/** Only the stored fields, in a fixed order, for comparing and auditing. */
export function dataOf(c: CounterpartyData): CounterpartyData {
  return Object.fromEntries(DATA_KEYS.map((k) => [k, c[k]])) as unknown as CounterpartyData;
}

/** True when the stored fields are equal, so saving would change nothing. */
export function sameData(a: CounterpartyData, b: CounterpartyData): boolean {
  return DATA_KEYS.every((k) => a[k] === b[k]);
}

/** Loads a counterparty by id. */
export function getCounterparty(db: ReadableDb, id: number): Counterparty | undefined {
  const r = prepared(db, 'SELECT * FROM counterparties WHERE id = ?').get(id) as CounterpartyRow | undefined;
  return r && fromRow(r);
}

/** Loads a counterparty by INN. */
export function findCounterpartyByInn(db: ReadableDb, inn: string): Counterparty | undefined {
  const r = prepared(db, 'SELECT * FROM counterparties WHERE inn = ?').get(inn) as CounterpartyRow | undefined;
  return r && fromRow(r);
}

const values = (d: CounterpartyData) => [
  d.type, d.name, d.inn, d.kpp, d.ogrn, d.vatMode, d.bik, d.account, d.corrAccount, d.bankName, d.address, d.edoId,
];

/** Inserts a counterparty; returns the stored record. */
export function insertCounterparty(db: WritableDb, d: CounterpartyData, now: string): Counterparty {
  const res = prepared(
    db,
    `INSERT INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name, address, edo_id,
       created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(...values(d), now, now);
  return getCounterparty(db, Number(res.lastInsertRowid))!;
}

/** Overwrites a counterparty's fields and its updated_at; returns the stored record. */
export function updateCounterparty(db: WritableDb, id: number, d: CounterpartyData, now: string): Counterparty {
  prepared(
    db,
    `UPDATE counterparties SET type = ?, name = ?, inn = ?, kpp = ?, ogrn = ?, vat_mode = ?, bik = ?, account = ?,
       corr_account = ?, bank_name = ?, address = ?, edo_id = ?, updated_at = ? WHERE id = ?`,
  ).run(...values(d), now, id);
  return getCounterparty(db, id)!;
}

/**
 * Which counterparties a scoped user sees: those with at least one outlet in the scope, plus those without any
 * outlet yet that the user created (the audit log's creation record: a save or import with no `before`), so a
 * newly entered counterparty does not vanish before its first outlet exists. The whole country sees all.
 */
export function visibleCondition(scope: Scope, userId: number | null, alias = 'c'): { sql: string; params: unknown[] } {
  if (isWholeCountry(scope)) return { sql: '1', params: [] };
  const s = scopeCondition(scope, 'o.region_code');
  return {
    sql: `(EXISTS (SELECT 1 FROM outlets o WHERE o.counterparty_id = ${alias}.id AND ${s.sql})
      OR (NOT EXISTS (SELECT 1 FROM outlets o WHERE o.counterparty_id = ${alias}.id)
          AND EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'counterparty' AND a.entity_id = CAST(${alias}.id AS TEXT)
                      AND a.user_id = ? AND a.before_json = 'null')))`,
    params: [...s.params, userId],
  };
}

/** True when the user may see (and so edit) the counterparty. */
export function counterpartyVisible(db: ReadableDb, scope: Scope, userId: number | null, id: number): boolean {
  const v = visibleCondition(scope, userId);
  return prepared(db, `SELECT 1 FROM counterparties c WHERE c.id = ? AND ${v.sql}`).get(id, ...v.params) !== undefined;
}

/** A row of the counterparties grid. */
export interface CounterpartyListRow {
  id: number;
  type: CounterpartyType;
  name: string;
  inn: string;
  kpp: string | null;
  vatMode: VatMode;
  bik: string | null;
  account: string | null;
  edoId: string | null;
  outletsCount: number;
}

const COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'id', type: 'number' },
  type: { sql: 'type', type: 'text' },
  name: { sql: 'name', type: 'text' },
  inn: { sql: 'inn', type: 'text' },
  kpp: { sql: 'kpp', type: 'text' },
  vatMode: { sql: 'vatMode', type: 'text' },
  bik: { sql: 'bik', type: 'text' },
  account: { sql: 'account', type: 'text' },
  edoId: { sql: 'edoId', type: 'text' },
  outletsCount: { sql: 'outletsCount', type: 'number' },
};

/** One page of the counterparties a user may see; outletsCount counts their outlets inside the user's scope. */
export function listCounterparties(
  db: ReadableDb,
  scope: Scope,
  userId: number | null,
  req: z.output<typeof gridRequest>,
): GridPage<CounterpartyListRow> {
  const v = visibleCondition(scope, userId);
  const s = scopeCondition(scope, 'o.region_code');
  // The inner query fixes the visible set and the scoped count; grid filters then work on plain column names.
  const inner = `SELECT c.id, c.type, c.name, c.inn, c.kpp, c.vat_mode AS vatMode, c.bik, c.account, c.edo_id AS edoId,
      (SELECT count(*) FROM outlets o WHERE o.counterparty_id = c.id AND ${s.sql}) AS outletsCount
    FROM counterparties c WHERE ${v.sql}`;
  const innerParams: unknown[] = [...s.params, ...v.params];
  const q = buildGridSql(COLUMNS, { ...req, search: undefined }, { defaultOrder: 'name, id' });
  const search = searchCondition(db, req.search, ['name', 'inn']);
  const where = [q.where.replace(/^WHERE /, ''), search?.sql].filter(Boolean).join(' AND ');
  const params = [...innerParams, ...q.params, ...(search?.params ?? [])];
  const filtered = `FROM (${inner}) t ${where ? `WHERE ${where}` : ''}`;
  const total = db.prepare(`SELECT count(*) ${filtered}`).pluck().get(...params) as number;
  const rows = db.prepare(`SELECT * ${filtered} ${q.orderBy} LIMIT ? OFFSET ?`).all(...params, req.limit, req.offset) as CounterpartyListRow[];
  return { rows, total };
}
