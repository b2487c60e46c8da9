// What an amnesty selects and what it is worth. The effect is never estimated: each affected contract-month runs
// through the penalty engine twice (core/penalties, the code that fills the cache) — with the selected signals and
// without them — and the effect is the difference of the penalties. So at the 100 % cap removing one OOS SKU can
// rightly be worth 0 ₽, and the payout changes by exactly the effect shown.
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { parseRubles } from '../money';
import { loadContracts, loadMonthSignals, loadRefs } from '../penalties/load';
import { contractInScope, contractScopeSql } from '../penalties/repo';
import { computeFor } from '../penalties/recompute';
import type { RuleSignal } from '../penalties/rules';
import { monthEnd, monthStart } from '../penalties/dates';
import { readSettings } from '../settings/repo';
import { scopeCondition, type Scope } from '../users/scope';

/** Settings key of the four-eyes threshold (rubles, as typed by the admin). */
export const THRESHOLD_SETTING = 'amnesty.threshold';
/** The threshold when the setting is unset: 50 000 ₽ (DOMAIN.md "Amnesty"), kopecks. */
export const DEFAULT_THRESHOLD = 5_000_000;
/** Largest selection of one amnesty (a bulk grant from the signals grid). */
export const MAX_SIGNALS = 5000;

/** The four-eyes threshold in force, kopecks: an amnesty whose effect exceeds it waits for a second person. */
export function amnestyThreshold(db: ReadableDb): number {
  const raw = readSettings(db)[THRESHOLD_SETTING];
  if (raw === undefined) return DEFAULT_THRESHOLD;
  try {
    const v = parseRubles(raw);
    return v > 0 ? v : DEFAULT_THRESHOLD;
  } catch {
    // settings.set validates the value; a hand-edited bad one falls back rather than blocking every amnesty.
    return DEFAULT_THRESHOLD;
  }
}

/** A signal as an amnesty sees it: the engine's fields plus where it counts and whether it is free to amnesty. */
export interface AmnestySignal extends RuleSignal {
  contractId: number | null;
  month: string;
  matchStatus: 'matched' | 'unmatched' | null;
  unmatchedReason: string | null;
  /** The applied amnesty cancelling it, if any. */
  amnestyId: number | null;
  /** A pending amnesty that already holds it, if any. */
  pendingAmnestyId: number | null;
}

/** A signal left out of a selection, and why (Russian). */
export interface SignalRefusal {
  signalId: number;
  reason: string;
}

/** What was asked for: signal ids, or every signal of one contract-month. */
export type SelectionInput = { signalIds: number[] } | { contractId: number; month: string };

/** A resolved selection: the signals that can be amnestied, and those that cannot. */
export interface Selection {
  kind: 'signals' | 'contract_month';
  contractId: number | null;
  month: string | null;
  signals: AmnestySignal[];
  /** Signals asked for by id that cannot be amnestied: the grant is refused while there are any. */
  refusals: SignalRefusal[];
  /** For a contract-month: its signals already amnestied or held by a pending amnesty, left out (informational). */
  skipped: SignalRefusal[];
}

const SELECT_SIGNAL = `s.id AS signalId, v.visit_id AS visitId, v.visit_date AS visitDate, o.code AS outletCode,
  s.signal_type AS signalType, s.object_code AS objectCode, s.contract_id AS contractId, substr(v.visit_date, 1, 7) AS month,
  s.match_status AS matchStatus, s.unmatched_reason AS unmatchedReason, s.amnesty_id AS amnestyId,
  (SELECT min(a.id) FROM amnesty_signals x JOIN amnesties a ON a.id = x.amnesty_id
   WHERE x.signal_id = s.id AND a.status = 'pending') AS pendingAmnestyId`;
const SIGNAL_JOINS = 'JOIN visits v ON v.id = s.visit_row_id JOIN outlets o ON o.id = v.outlet_id';

/** Why a signal cannot be amnestied now, or null when it can. */
export function refusalOf(s: AmnestySignal): string | null {
  if (s.amnestyId !== null) return `Сигнал уже амнистирован (амнистия №${s.amnestyId})`;
  if (s.pendingAmnestyId !== null) return `Сигнал уже включён в амнистию №${s.pendingAmnestyId}, ожидающую подтверждения`;
  if (s.matchStatus !== 'matched' || s.contractId === null) {
    // An unmatched signal never reaches the engine: there is no penalty to cancel.
    const why = s.unmatchedReason ? `: ${s.unmatchedReason}` : '';
    return `Сигнал не сопоставлен с договором — штрафа по нему нет, амнистия не нужна${why}`;
  }
  return null;
}

/**
 * Resolves what a user selected, within their scope. By ids: every id must be an amnestiable signal, the others
 * come back as refusals (unknown/out of scope, unmatched, already amnestied, held by a pending amnesty) — the UI shows
 * them and a grant is refused whole, never half-applied. By contract-month: the matched signals of that month not
 * already amnestied or held; the held ones are listed as skipped.
 */
export function resolveSelection(db: ReadableDb, scope: Scope, input: SelectionInput): Selection {
  if ('signalIds' in input) {
    const ids = [...new Set(input.signalIds)];
    const outlet = scopeCondition(scope, 'o.region_code');
    const contract = contractScopeSql(scope, 's.contract_id');
    const rows = db
      .prepare(
        `SELECT ${SELECT_SIGNAL} FROM json_each(?) j JOIN signals s ON s.id = j.value ${SIGNAL_JOINS}
         WHERE ${outlet.sql} OR (s.contract_id IS NOT NULL AND ${contract.sql})`,
      )
      .all(JSON.stringify(ids), ...outlet.params, ...contract.params) as AmnestySignal[];
    const found = new Map(rows.map((r) => [r.signalId, r]));
    const signals: AmnestySignal[] = [];
    const refusals: SignalRefusal[] = [];
    for (const id of ids) {
      const s = found.get(id);
      const reason = s ? refusalOf(s) : 'Сигнал не найден или недоступен';
      if (reason) refusals.push({ signalId: id, reason });
      else signals.push(s!);
    }
    return { kind: 'signals', contractId: null, month: null, signals, refusals, skipped: [] };
  }
  if (!contractInScope(db, scope, input.contractId)) {
    throw new DomainError('not_found', 'Договор не найден или недоступен', { contractId: input.contractId });
  }
  const rows = db
    .prepare(
      `SELECT ${SELECT_SIGNAL} FROM signals s ${SIGNAL_JOINS}
       WHERE s.contract_id = ? AND s.match_status = 'matched' AND v.visit_date BETWEEN ? AND ?
       ORDER BY v.visit_date, v.visit_id, s.id`,
    )
    .all(input.contractId, monthStart(input.month), monthEnd(input.month)) as AmnestySignal[];
  const signals: AmnestySignal[] = [];
  const skipped: SignalRefusal[] = [];
  for (const s of rows) {
    const reason = refusalOf(s);
    if (reason) skipped.push({ signalId: s.signalId, reason });
    else signals.push(s);
  }
  return { kind: 'contract_month', contractId: input.contractId, month: input.month, signals, refusals: [], skipped };
}

/** The money of a contract-month as the engine computes it. */
export interface MonthMoney {
  /** Σ of rule contributions before the cap, basis points. */
  sumBp: number;
  /** The percent applied after the cap, basis points. */
  penaltyBp: number;
  capApplied: boolean;
  monthFee: number;
  penalty: number;
  payout: number;
  vat: number;
  payoutTotal: number;
}

/** One affected contract-month: the penalty with the selected signals and without them. */
export interface MonthImpact {
  contractId: number;
  contractNo: string;
  month: string;
  /** Selected signals counting in this contract-month. */
  signals: number;
  withSignals: MonthMoney;
  withoutSignals: MonthMoney;
  /** withSignals.penalty − withoutSignals.penalty, kopecks (≥ 0: fewer signals never raise a penalty). */
  effect: number;
}

/** The effect of cancelling a set of signals, per contract-month and in total (kopecks). */
export interface Impact {
  months: MonthImpact[];
  effect: number;
}

/** A signal the impact counts: matched, with its contract and month. */
export type ImpactSignal = RuleSignal & { contractId: number | null; month: string };

/**
 * Runs the engine on each contract-month the signals count in, with and without them. "With" is the month's current
 * non-amnestied signals plus the given ones (so the same call prices a grant, a confirmation, and — for signals an
 * amnesty already cancels — its revocation); "without" drops the given ones. Signals without a contract are ignored.
 */
export function computeImpact(db: ReadableDb, signals: readonly ImpactSignal[]): Impact {
  const byPair = new Map<string, { contractId: number; month: string; list: ImpactSignal[] }>();
  for (const s of signals) {
    if (s.contractId === null) continue;
    const key = `${s.contractId}|${s.month}`;
    const g = byPair.get(key);
    if (g) g.list.push(s);
    else byPair.set(key, { contractId: s.contractId, month: s.month, list: [s] });
  }
  if (byPair.size === 0) return { months: [], effect: 0 };
  const refs = loadRefs(db);
  const contracts = loadContracts(db, [...new Set([...byPair.values()].map((p) => p.contractId))]);
  const months: MonthImpact[] = [];
  const pairs = [...byPair.values()].sort((a, b) => a.contractId - b.contractId || (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  for (const p of pairs) {
    const c = contracts.get(p.contractId);
    if (!c) continue;
    const selected = new Set(p.list.map((s) => s.signalId));
    const current = loadMonthSignals(db, p.contractId, p.month).filter((s) => !selected.has(s.signalId));
    const withSignals = computeFor(c, p.month, [...current, ...p.list.map((x) => ({ ...x, contractId: p.contractId }))], refs);
    const withoutSignals = computeFor(c, p.month, current, refs);
    const money = (r: typeof withSignals): MonthMoney => ({
      sumBp: r.rules.sumBp,
      penaltyBp: r.payout.totalBp,
      capApplied: r.rules.capApplied,
      monthFee: r.payout.monthFee,
      penalty: r.payout.penalty,
      payout: r.payout.payout,
      vat: r.payout.vat,
      payoutTotal: r.payout.payoutTotal,
    });
    months.push({
      contractId: p.contractId,
      contractNo: c.number,
      month: p.month,
      signals: p.list.length,
      withSignals: money(withSignals),
      withoutSignals: money(withoutSignals),
      effect: withSignals.payout.penalty - withoutSignals.payout.penalty,
    });
  }
  return { months, effect: months.reduce((sum, m) => sum + m.effect, 0) };
}

/** The signals an amnesty holds (as listed in amnesty_signals), with their current state. */
export function loadAmnestySignals(db: ReadableDb, amnestyId: number): AmnestySignal[] {
  return db
    .prepare(
      `SELECT ${SELECT_SIGNAL} FROM amnesty_signals x JOIN signals s ON s.id = x.signal_id ${SIGNAL_JOINS}
       WHERE x.amnesty_id = ? ORDER BY v.visit_date, v.visit_id, s.id`,
    )
    .all(amnestyId) as AmnestySignal[];
}
