// The outlets table: row mapping, lookups, writes, the scoped grid.
import type { z } from 'zod';
import { prepared } from '../import/prepared';
import type { ReadableDb, WritableDb } from '../db/types';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import { searchCondition } from '../reference/textSearch';
import { scopeCondition, type Scope } from '../users/scope';

/** The stored fields of an outlet (no id). */
export interface OutletData {
  code: string;
  name: string;
  address: string | null;
  regionCode: string;
  channel: string | null;
  counterpartyId: number;
  repCode: string | null;
  managerUserId: number | null;
}

/** An outlet with the names of what it refers to, as commands return it. */
export interface Outlet extends OutletData {
  id: number;
  regionName: string;
  federalDistrict: string;
  counterpartyName: string;
  counterpartyInn: string;
  managerLogin: string | null;
  managerName: string | null;
}

const SELECT = `SELECT o.id, o.code, o.name, o.address, o.region_code AS regionCode, o.channel, o.counterparty_id AS counterpartyId,
    o.rep_code AS repCode, o.manager_user_id AS managerUserId, r.name AS regionName, r.federal_district AS federalDistrict,
    c.name AS counterpartyName, c.inn AS counterpartyInn, u.login AS managerLogin, u.full_name AS managerName
  FROM outlets o
  JOIN regions r ON r.code = o.region_code
  JOIN counterparties c ON c.id = o.counterparty_id
  LEFT JOIN users u ON u.id = o.manager_user_id`;

const DATA_KEYS: (keyof OutletData)[] = ['code', 'name', 'address', 'regionCode', 'channel', 'counterpartyId', 'repCode', 'managerUserId'];

/** Only the stored fields, in a fixed order, for comparing and auditing. */
export function outletData(o: OutletData): OutletData {
  return Object.fromEntries(DATA_KEYS.map((k) => [k, o[k]])) as unknown as OutletData;
}

/** True when the stored fields are equal, so saving would change nothing. */
export function sameOutlet(a: OutletData, b: OutletData): boolean {
  return DATA_KEYS.every((k) => a[k] === b[k]);
}

/** Loads an outlet by id with its region, counterparty and manager names. */
export function getOutlet(db: ReadableDb, id: number): Outlet | undefined {
  return prepared(db, `${SELECT} WHERE o.id = ?`).get(id) as Outlet | undefined;
}

/** Loads an outlet by its code. */
export function findOutletByCode(db: ReadableDb, code: string): Outlet | undefined {
  return prepared(db, `${SELECT} WHERE o.code = ?`).get(code) as Outlet | undefined;
}

const values = (d: OutletData) => [d.code, d.name, d.address, d.regionCode, d.channel, d.counterpartyId, d.repCode, d.managerUserId];

/** Inserts an outlet; returns its id. */
export function insertOutlet(db: WritableDb, d: OutletData): number {
  const res = prepared(
    db,
    `INSERT INTO outlets (code, name, address, region_code, channel, counterparty_id, rep_code, manager_user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(...values(d));
  return Number(res.lastInsertRowid);
}

/** Overwrites an outlet's fields. */
export function updateOutlet(db: WritableDb, id: number, d: OutletData): void {
  prepared(
    db,
    `UPDATE outlets SET code = ?, name = ?, address = ?, region_code = ?, channel = ?, counterparty_id = ?, rep_code = ?,
       manager_user_id = ? WHERE id = ?`,
  ).run(...values(d), id);
}

/** The outlets of one counterparty that lie inside a scope, by code. */
export function outletsOfCounterparty(db: ReadableDb, counterpartyId: number, scope: Scope): Outlet[] {
  const s = scopeCondition(scope, 'o.region_code');
  return db.prepare(`${SELECT} WHERE o.counterparty_id = ? AND ${s.sql} ORDER BY o.code`).all(counterpartyId, ...s.params) as Outlet[];
}

/** A row of the outlets grid. */
export type OutletListRow = Outlet;

const COLUMNS: Record<string, ColumnSpec> = {
  id: { sql: 'o.id', type: 'number' },
  code: { sql: 'o.code', type: 'text' },
  name: { sql: 'o.name', type: 'text' },
  address: { sql: 'o.address', type: 'text' },
  regionCode: { sql: 'o.region_code', type: 'text' },
  regionName: { sql: 'r.name', type: 'text' },
  federalDistrict: { sql: 'r.federal_district', type: 'text' },
  channel: { sql: 'o.channel', type: 'text' },
  counterpartyId: { sql: 'o.counterparty_id', type: 'number' },
  counterpartyName: { sql: 'c.name', type: 'text' },
  counterpartyInn: { sql: 'c.inn', type: 'text' },
  repCode: { sql: 'o.rep_code', type: 'text' },
  managerLogin: { sql: 'u.login', type: 'text' },
  managerName: { sql: 'u.full_name', type: 'text' },
};

/** One page of the outlets inside the user's scope, with server-side sort, filters and quick search. */
export function listOutlets(db: ReadableDb, scope: Scope, req: z.output<typeof gridRequest>): GridPage<OutletListRow> {
  const s = scopeCondition(scope, 'o.region_code');
  const q = buildGridSql(COLUMNS, { ...req, search: undefined }, { defaultOrder: 'o.code' });
  const search = searchCondition(db, req.search, ['o.code', 'o.name', 'o.address', 'c.name', 'c.inn']);
  // The grid's own conditions sit in brackets after the scope, so no filter combination can widen the scope.
  const where = [s.sql, q.where && `(${q.where.replace(/^WHERE /, '')})`, search?.sql].filter(Boolean).join(' AND ');
  const params = [...s.params, ...q.params, ...(search?.params ?? [])];
  const from = SELECT.slice(SELECT.indexOf('FROM outlets'));
  const total = db.prepare(`SELECT count(*) ${from} WHERE ${where}`).pluck().get(...params) as number;
  const rows = db.prepare(`${SELECT} WHERE ${where} ${q.orderBy} LIMIT ? OFFSET ?`).all(...params, req.limit, req.offset) as Outlet[];
  return { rows, total };
}
