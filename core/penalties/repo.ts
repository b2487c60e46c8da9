// Reads of the contract_months cache: the grid, the payout listing, and the scope check of a single contract.
import type { z } from 'zod';
import type { ReadableDb } from '../db/types';
import type { GridPage, gridRequest } from '../grid/request';
import { buildGridSql, type ColumnSpec } from '../grid/sql';
import { scopeCondition, type Scope } from '../users/scope';
import { formatBp } from './payout';

/**
 * SQL condition: the contract (given its id expression) has an outlet inside the user's scope. A contract spans
 * outlets of one counterparty, so one outlet in scope is enough to show it.
 */
export function contractScopeSql(scope: Scope, contractIdSql: string): { sql: string; params: string[] } {
  const cond = scopeCondition(scope, 'so.region_code');
  if (cond.sql === '1') return cond;
  return {
    sql: `EXISTS (SELECT 1 FROM contract_outlets sco JOIN outlets so ON so.id = sco.outlet_id
                  WHERE sco.contract_id = ${contractIdSql} AND ${cond.sql})`,
    params: cond.params,
  };
}

/** True when the contract exists and lies in the scope. */
export function contractInScope(db: ReadableDb, scope: Scope, contractId: number): boolean {
  const s = contractScopeSql(scope, 'c.id');
  return db.prepare(`SELECT 1 FROM contracts c WHERE c.id = ? AND ${s.sql}`).get(contractId, ...s.params) !== undefined;
}

/** A row of the contract-months grid. */
export interface ContractMonthRow {
  contractId: number;
  contractNo: string;
  counterpartyName: string;
  counterpartyInn: string;
  vatMode: string;
  status: string;
  month: string;
  monthFee: number;
  penaltyBp: number;
  penalty: number;
  payout: number;
  vat: number;
  payoutTotal: number;
  computedAt: string;
}

const CM_COLUMNS: Record<string, ColumnSpec> = {
  contractId: { sql: 'cm.contract_id', type: 'number' },
  contractNo: { sql: 'c.number', type: 'text' },
  counterpartyName: { sql: 'cp.name', type: 'text' },
  counterpartyInn: { sql: 'cp.inn', type: 'text' },
  vatMode: { sql: 'cp.vat_mode', type: 'text' },
  status: { sql: 'c.status', type: 'text' },
  month: { sql: 'cm.month', type: 'text' },
  monthFee: { sql: 'cm.month_fee', type: 'number' },
  penaltyBp: { sql: 'cm.penalty_bp', type: 'number' },
  penalty: { sql: 'cm.penalty', type: 'number' },
  payout: { sql: 'cm.payout', type: 'number' },
  vat: { sql: 'cm.vat', type: 'number' },
  payoutTotal: { sql: 'cm.payout_total', type: 'number' },
  computedAt: { sql: 'cm.computed_at', type: 'date' },
};

const CM_SELECT = `cm.contract_id AS contractId, c.number AS contractNo, cp.name AS counterpartyName, cp.inn AS counterpartyInn,
  cp.vat_mode AS vatMode, c.status, cm.month, cm.month_fee AS monthFee, cm.penalty_bp AS penaltyBp, cm.penalty, cm.payout,
  cm.vat, cm.payout_total AS payoutTotal, cm.computed_at AS computedAt`;
const CM_FROM = `contract_months cm JOIN contracts c ON c.id = cm.contract_id JOIN counterparties cp ON cp.id = c.counterparty_id`;

/** One page of the contract-months grid, scoped, optionally for one month. */
export function listContractMonths(
  db: ReadableDb,
  scope: Scope,
  req: z.output<typeof gridRequest>,
  month: string | undefined,
): GridPage<ContractMonthRow> {
  const q = buildGridSql(CM_COLUMNS, req, { searchColumns: ['contractNo', 'counterpartyName', 'counterpartyInn'], defaultOrder: 'cm.month DESC, c.number' });
  const s = contractScopeSql(scope, 'cm.contract_id');
  const conds = [s.sql];
  const params: unknown[] = [...s.params];
  if (month) {
    conds.push('cm.month = ?');
    params.push(month);
  }
  const where = q.where ? `${q.where} AND ${conds.join(' AND ')}` : `WHERE ${conds.join(' AND ')}`;
  const allParams = [...q.params, ...params];
  const total = db.prepare(`SELECT count(*) FROM ${CM_FROM} ${where}`).pluck().get(...allParams) as number;
  const rows = db
    .prepare(`SELECT ${CM_SELECT} FROM ${CM_FROM} ${where} ${q.orderBy} LIMIT ? OFFSET ?`)
    .all(...allParams, req.limit, req.offset) as ContractMonthRow[];
  return { rows, total };
}

/** A line of the payout listing (DOMAIN.md "Canonical import files"). */
export interface PayoutLine {
  contractNo: string;
  month: string;
  monthFee: number;
  penaltyBp: number;
  /** The percent as a plain number (`30`, `12.5`), as the CSV listing prints it. */
  penaltyPercent: string;
  penalty: number;
  payout: number;
  vat: number;
  payoutTotal: number;
}

/** Every contract with a month fee in the month, from the cache, sorted by contract number; scoped. */
export function payoutLines(db: ReadableDb, scope: Scope, month: string): PayoutLine[] {
  const s = contractScopeSql(scope, 'cm.contract_id');
  const rows = db
    .prepare(
      `SELECT c.number AS contractNo, cm.month, cm.month_fee AS monthFee, cm.penalty_bp AS penaltyBp, cm.penalty, cm.payout,
              cm.vat, cm.payout_total AS payoutTotal
       FROM contract_months cm JOIN contracts c ON c.id = cm.contract_id
       WHERE cm.month = ? AND ${s.sql} ORDER BY c.number`,
    )
    .all(month, ...s.params) as Omit<PayoutLine, 'penaltyPercent'>[];
  return rows.map((r) => ({ ...r, penaltyPercent: formatBp(r.penaltyBp) }));
}
