// Keeps the contract_months cache in step with contracts and signals. Inputs are read in a few set-based queries, each
// contract-month goes through the pure engine (the same code as the explanation view) and rows are written with one
// prepared statement, so a full rebuild of a 20 000-contract store takes seconds.
import type { WritableDb } from '../db/types';
import { monthsBetween } from './dates';
import { computeContractMonth, computeContractMonthTotals, type ContractMonthResult } from './engine';
import { loadContracts, loadRefs, loadSignalsForPairs, type EngineContract, type EngineRefs, type MatchedSignalRow } from './load';
import { matchSignals, type ContractMonthKey } from './match';
import { isSignedStatus, lastDayInForce } from './monthFee';

/** What a recompute wrote. */
export interface RecomputeSummary {
  /** Contract-months examined. */
  examined: number;
  /** Rows inserted or changed. */
  written: number;
  /** Rows already holding exactly the computed numbers: left alone, computed_at included. */
  unchanged: number;
  /** Rows removed because the contract has no fee in that month (any more). */
  deleted: number;
}

const PAIRS_TABLE = 'temp.mcm_cm_pairs';

function groupSignals(rows: MatchedSignalRow[]): Map<string, MatchedSignalRow[]> {
  const out = new Map<string, MatchedSignalRow[]>();
  for (const r of rows) {
    const k = `${r.contractId}|${r.month}`;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Runs the engine for one contract-month with preloaded inputs. */
export function computeFor(c: EngineContract, month: string, signals: readonly MatchedSignalRow[], refs: EngineRefs): ContractMonthResult {
  return computeContractMonth({
    contract: c,
    terms: c.terms,
    month,
    signals,
    ruleSets: refs.ruleSets,
    vatRates: refs.vatRates,
  });
}

/** Months in which a contract can have a fee: those of [start, last day in force]; none for unsigned contracts. */
export function feeMonths(c: Pick<EngineContract, 'status' | 'startDate' | 'endDate' | 'terminatedDate'>): string[] {
  if (!isSignedStatus(c.status)) return [];
  const last = lastDayInForce(c);
  return c.startDate <= last ? monthsBetween(c.startDate, last) : [];
}

/** The cached money of a contract-month, computed without building its explanation. */
function totalsFor(c: EngineContract, month: string, signals: readonly MatchedSignalRow[], refs: EngineRefs) {
  return computeContractMonthTotals({ contract: c, terms: c.terms, month, signals, ruleSets: refs.ruleSets, vatRates: refs.vatRates });
}

/** Cached money of a contract-month: month_fee, penalty_bp, penalty, payout, vat, payout_total. */
type Money = [number, number, number, number, number, number];

function loadCached(db: WritableDb, pairsTable: string | null): Map<string, Money> {
  const sql = pairsTable
    ? `SELECT cm.contract_id, cm.month, cm.month_fee, cm.penalty_bp, cm.penalty, cm.payout, cm.vat, cm.payout_total
       FROM ${pairsTable} p CROSS JOIN contract_months cm ON cm.contract_id = p.contract_id AND cm.month = p.month`
    : 'SELECT contract_id, month, month_fee, penalty_bp, penalty, payout, vat, payout_total FROM contract_months';
  const out = new Map<string, Money>();
  for (const r of db.prepare(sql).raw().all() as [number, string, ...Money][]) {
    out.set(`${r[0]}|${r[1]}`, [r[2], r[3], r[4], r[5], r[6], r[7]]);
  }
  return out;
}

/** Compares computed results with the cache and writes only the difference (new, changed and vanished rows). */
class CacheWriter {
  private readonly upsert;
  private readonly del;
  readonly summary: RecomputeSummary = { examined: 0, written: 0, unchanged: 0, deleted: 0 };
  constructor(
    db: WritableDb,
    private readonly cached: Map<string, Money>,
    private readonly nowIso: string,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO contract_months (contract_id, month, month_fee, penalty_bp, penalty, payout, vat, payout_total, computed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (contract_id, month) DO UPDATE SET month_fee = excluded.month_fee, penalty_bp = excluded.penalty_bp,
         penalty = excluded.penalty, payout = excluded.payout, vat = excluded.vat, payout_total = excluded.payout_total,
         computed_at = excluded.computed_at`,
    );
    this.del = db.prepare('DELETE FROM contract_months WHERE contract_id = ? AND month = ?');
  }

  /** Records one computed contract-month (a result without a fee means "no row"). */
  put(contractId: number, month: string, r: Pick<ContractMonthResult, 'fee' | 'payout'> | null): void {
    this.summary.examined++;
    if (!r || !r.fee.hasFee) return;
    const key = `${contractId}|${month}`;
    const p = r.payout;
    const old = this.cached.get(key);
    this.cached.delete(key);
    if (
      old &&
      old[0] === p.monthFee &&
      old[1] === p.totalBp &&
      old[2] === p.penalty &&
      old[3] === p.payout &&
      old[4] === p.vat &&
      old[5] === p.payoutTotal
    ) {
      this.summary.unchanged++;
      return;
    }
    this.upsert.run(contractId, month, p.monthFee, p.totalBp, p.penalty, p.payout, p.vat, p.payoutTotal, this.nowIso);
    this.summary.written++;
  }

  /** Deletes cached rows that no computed result claimed. */
  finish(): RecomputeSummary {
    for (const key of this.cached.keys()) {
      const bar = key.indexOf('|');
      this.summary.deleted += this.del.run(Number(key.slice(0, bar)), key.slice(bar + 1)).changes;
    }
    this.cached.clear();
    return this.summary;
  }
}

/**
 * Recomputes the given contract-months (incremental: an import passes only the ones its signals touch), or with
 * 'all' rebuilds the whole cache: every month of every signed contract's period. Only rows whose numbers change are
 * written (so computed_at is when a row last changed); a contract-month without a fee loses its row. Runs inside the
 * caller's transaction.
 */
export function recomputeContractMonths(db: WritableDb, pairs: ContractMonthKey[] | 'all', nowIso: string): RecomputeSummary {
  const refs = loadRefs(db);
  if (pairs === 'all') {
    const contracts = loadContracts(db, null);
    const signals = groupSignals(loadSignalsForPairs(db, null));
    const writer = new CacheWriter(db, loadCached(db, null), nowIso);
    for (const c of contracts.values()) {
      for (const month of feeMonths(c)) writer.put(c.id, month, totalsFor(c, month, signals.get(`${c.id}|${month}`) ?? [], refs));
    }
    return writer.finish();
  }

  if (pairs.length === 0) return { examined: 0, written: 0, unchanged: 0, deleted: 0 };
  db.exec(
    `CREATE TEMP TABLE IF NOT EXISTS mcm_cm_pairs (contract_id INTEGER NOT NULL, month TEXT NOT NULL, PRIMARY KEY (contract_id, month));
     DELETE FROM ${PAIRS_TABLE};`,
  );
  const add = db.prepare(`INSERT OR IGNORE INTO ${PAIRS_TABLE} (contract_id, month) VALUES (?, ?)`);
  for (const p of pairs) add.run(p.contractId, p.month);
  const contracts = loadContracts(db, { sql: `SELECT DISTINCT contract_id FROM ${PAIRS_TABLE}`, params: [] });
  const signals = groupSignals(loadSignalsForPairs(db, PAIRS_TABLE));
  const writer = new CacheWriter(db, loadCached(db, PAIRS_TABLE), nowIso);
  const keys = db.prepare(`SELECT contract_id, month FROM ${PAIRS_TABLE} ORDER BY contract_id, month`).raw().all() as [number, string][];
  for (const [contractId, month] of keys) {
    const c = contracts.get(contractId);
    writer.put(contractId, month, c ? totalsFor(c, month, signals.get(`${contractId}|${month}`) ?? [], refs) : null);
  }
  db.exec(`DELETE FROM ${PAIRS_TABLE}`);
  return writer.finish();
}

/**
 * After contracts change (signed, terminated, terms added, outlets changed): re-matches the signals at their outlets
 * and recomputes every month of their periods, their cached months and the months signals moved out of.
 * The contracts domain calls this in the same transaction as the change.
 */
export function refreshContracts(db: WritableDb, contractIds: number[], nowIso: string): RecomputeSummary & { rematched: number } {
  if (contractIds.length === 0) return { examined: 0, written: 0, unchanged: 0, deleted: 0, rematched: 0 };
  const match = matchSignals(db, { contractIds });
  const pairs: ContractMonthKey[] = [...match.affected];
  const contracts = loadContracts(db, contractIds);
  for (const c of contracts.values()) for (const month of feeMonths(c)) pairs.push({ contractId: c.id, month });
  const cached = db
    .prepare('SELECT contract_id AS contractId, month FROM contract_months WHERE contract_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(contractIds)) as ContractMonthKey[];
  pairs.push(...cached);
  return { ...recomputeContractMonths(db, pairs, nowIso), rematched: match.scanned };
}

/** Re-matches every signal and rebuilds the whole cache (admin action, demo load, after a rule change). */
export function rebuildAll(db: WritableDb, nowIso: string): RecomputeSummary & { matched: number; unmatched: number } {
  const match = matchSignals(db, { all: true });
  return { ...recomputeContractMonths(db, 'all', nowIso), matched: match.matched, unmatched: match.unmatched };
}
