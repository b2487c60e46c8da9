// Matching signals to contracts (DOMAIN.md "Visits and signals", "Matching"), set-based: one SQL pass decides every
// signal in scope, so a daily file or a full re-match of the whole history costs one statement, not a query per row.
import type { WritableDb } from '../db/types';
import { SIGNED_STATUSES } from '../contracts/lifecycle';

/** Which signals to (re)match. */
export type MatchScope =
  | { all: true }
  | { batchId: number }
  | { signalIds: number[] }
  /** Signals at the outlets of these contracts, and those currently matched to them (after a contract change). */
  | { contractIds: number[] };

/** A contract and a `YYYY-MM` month: the unit of the contract_months cache. */
export interface ContractMonthKey {
  contractId: number;
  month: string;
}

/** What a matching pass did. */
export interface MatchSummary {
  scanned: number;
  matched: number;
  unmatched: number;
  /** Contract-months whose matched signals may have changed (before ∪ after); empty for `{all: true}`. */
  affected: ContractMonthKey[];
}

/** Russian reasons stored in signals.unmatched_reason. */
export const UNMATCHED_REASONS = {
  noContract: 'Нет подписанного договора на точку на дату визита',
  noTerms: 'Условия договора на дату визита не заданы',
  skuNotInTerms: 'SKU не входит в обязательный ассортимент договора',
  equipmentNotInTerms: 'Оборудование не входит в перечень оборудования договора',
  noSchedule: 'В условиях договора нет графика работы точки',
  typeNotInTerms: 'Тип сигнала не предусмотрен условиями договора',
} as const;

const SCOPE_TABLE = 'temp.mcm_match_scope';
const RESULT_TABLE = 'temp.mcm_match_result';
const SIGNED_SQL = SIGNED_STATUSES.map((s) => `'${s}'`).join(', ');

function fillScope(db: WritableDb, scope: Exclude<MatchScope, { all: true }>): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS mcm_match_scope (signal_id INTEGER PRIMARY KEY); DELETE FROM ${SCOPE_TABLE};`);
  if ('batchId' in scope) {
    db.prepare(`INSERT INTO ${SCOPE_TABLE} (signal_id) SELECT id FROM signals WHERE batch_id = ?`).run(scope.batchId);
  } else if ('signalIds' in scope) {
    db.prepare(`INSERT OR IGNORE INTO ${SCOPE_TABLE} (signal_id) SELECT value FROM json_each(?)`).run(JSON.stringify(scope.signalIds));
  } else {
    const ids = JSON.stringify(scope.contractIds);
    db.prepare(
      `INSERT OR IGNORE INTO ${SCOPE_TABLE} (signal_id)
       SELECT s.id FROM contract_outlets co JOIN visits v ON v.outlet_id = co.outlet_id JOIN signals s ON s.visit_row_id = v.id
       WHERE co.contract_id IN (SELECT value FROM json_each(?))`,
    ).run(ids);
    db.prepare(
      `INSERT OR IGNORE INTO ${SCOPE_TABLE} (signal_id) SELECT id FROM signals WHERE contract_id IN (SELECT value FROM json_each(?))`,
    ).run(ids);
  }
}

// CROSS JOIN keeps the (small) scope as the outer loop; left alone the planner prefers scanning every signal.
function matchedPairs(db: WritableDb): string[] {
  return db
    .prepare(
      `SELECT DISTINCT s.contract_id || '|' || substr(v.visit_date, 1, 7)
       FROM ${SCOPE_TABLE} m CROSS JOIN signals s ON s.id = m.signal_id CROSS JOIN visits v ON v.id = s.visit_row_id
       WHERE s.match_status = 'matched' AND s.contract_id IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
}

/**
 * Decides each signal in scope: a contract in a signed status covering the outlet, with the visit date inside
 * [start, min(end, termination date)], whose terms version in force that day holds the obligation (the SKU for OOS,
 * the equipment for EQUIPMENT, a schedule for SCHEDULE). When several contracts cover the outlet (different
 * categories), the one holding the obligation wins, then the lowest contract id, so the result is deterministic.
 * Unmatched signals keep no contract and get a Russian reason. Writes match_status/contract_id/terms_id/unmatched_reason.
 */
export function matchSignals(db: WritableDb, scope: MatchScope): MatchSummary {
  const all = 'all' in scope;
  if (!all) fillScope(db, scope);
  const before = all ? [] : matchedPairs(db);
  const from = all
    ? 'signals s JOIN visits v ON v.id = s.visit_row_id'
    : `${SCOPE_TABLE} m CROSS JOIN signals s ON s.id = m.signal_id CROSS JOIN visits v ON v.id = s.visit_row_id`;

  db.exec(
    `CREATE TEMP TABLE IF NOT EXISTS mcm_match_result (
       signal_id INTEGER PRIMARY KEY, match_status TEXT, contract_id INTEGER, terms_id INTEGER, reason TEXT);
     DELETE FROM ${RESULT_TABLE};`,
  );
  // verdict: 0 matched; 1 the terms lack the obligation; 2 a type the terms cannot hold; 3 no terms in force; NULL no
  // contract. The CTEs are MATERIALIZED so the terms-in-force lookup runs once per candidate, not once per mention.
  const R = UNMATCHED_REASONS;
  db.prepare(
    `INSERT INTO ${RESULT_TABLE} (signal_id, match_status, contract_id, terms_id, reason)
     WITH sc AS MATERIALIZED (
       SELECT s.id, s.signal_type, s.object_code, v.visit_date, v.outlet_id FROM ${from}
     ), cand AS MATERIALIZED (
       SELECT sc.id AS signal_id, c.id AS contract_id, sc.signal_type, sc.object_code,
              (SELECT t.id FROM terms_versions t WHERE t.contract_id = c.id AND t.effective_from <= sc.visit_date
               ORDER BY t.effective_from DESC LIMIT 1) AS terms_id
       FROM sc JOIN contract_outlets co ON co.outlet_id = sc.outlet_id JOIN contracts c ON c.id = co.contract_id
       WHERE c.status IN (${SIGNED_SQL}) AND sc.visit_date >= c.start_date
         AND sc.visit_date <= CASE WHEN c.terminated_date IS NOT NULL AND c.terminated_date < c.end_date
                                   THEN c.terminated_date ELSE c.end_date END
     ), judged AS (
       SELECT signal_id, contract_id, terms_id, CASE
         WHEN terms_id IS NULL THEN 3
         WHEN signal_type = 'OOS' THEN NOT EXISTS (SELECT 1 FROM terms_skus ts JOIN skus k ON k.id = ts.sku_id
                                                   WHERE ts.terms_id = cand.terms_id AND k.code = cand.object_code)
         WHEN signal_type = 'EQUIPMENT' THEN NOT EXISTS (SELECT 1 FROM terms_equipment te JOIN equipment_types e ON e.id = te.equipment_id
                                                         WHERE te.terms_id = cand.terms_id AND e.code = cand.object_code)
         WHEN signal_type = 'SCHEDULE' THEN NOT EXISTS (SELECT 1 FROM terms_versions t
                                                        WHERE t.id = cand.terms_id AND trim(coalesce(t.schedule, '')) <> '')
         ELSE 2 END AS verdict
       FROM cand
     ), best AS MATERIALIZED (
       SELECT signal_id, contract_id, terms_id, verdict FROM (
         SELECT signal_id, contract_id, terms_id, verdict,
                row_number() OVER (PARTITION BY signal_id ORDER BY verdict, contract_id) AS rn
         FROM judged)
       WHERE rn = 1
     )
     SELECT sc.id,
            CASE WHEN b.verdict = 0 THEN 'matched' ELSE 'unmatched' END,
            CASE WHEN b.verdict = 0 THEN b.contract_id END,
            CASE WHEN b.verdict = 0 THEN b.terms_id END,
            CASE
              WHEN b.verdict = 0 THEN NULL
              WHEN b.verdict IS NULL THEN ?
              WHEN b.verdict = 3 THEN ?
              WHEN b.verdict = 2 THEN ?
              WHEN sc.signal_type = 'OOS' THEN ?
              WHEN sc.signal_type = 'EQUIPMENT' THEN ?
              ELSE ? END
     FROM sc LEFT JOIN best b ON b.signal_id = sc.id`,
  ).run(R.noContract, R.noTerms, R.typeNotInTerms, R.skuNotInTerms, R.equipmentNotInTerms, R.noSchedule);
  // Only rows whose result changed are written: a re-match of the whole history then touches few pages.
  db.exec(
    `UPDATE signals SET match_status = r.match_status, contract_id = r.contract_id, terms_id = r.terms_id,
       unmatched_reason = r.reason
     FROM ${RESULT_TABLE} r
     WHERE signals.id = r.signal_id
       AND (signals.match_status IS NOT r.match_status OR signals.contract_id IS NOT r.contract_id
            OR signals.terms_id IS NOT r.terms_id OR signals.unmatched_reason IS NOT r.reason)`,
  );

  const counts = db
    .prepare(`SELECT count(*) AS scanned, coalesce(sum(match_status = 'matched'), 0) AS matched FROM ${RESULT_TABLE}`)
    .get() as { scanned: number; matched: number };
  const after = all ? [] : matchedPairs(db);
  db.exec(`DELETE FROM ${RESULT_TABLE}; ${all ? '' : `DELETE FROM ${SCOPE_TABLE};`}`);
  const affected = [...new Set([...before, ...after])].sort().map((k) => {
    const [id, month] = k.split('|');
    return { contractId: Number(id), month };
  });
  return { scanned: counts.scanned, matched: counts.matched, unmatched: counts.scanned - counts.matched, affected };
}
