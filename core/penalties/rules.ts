// Penalty rules of a contract-month (DOMAIN.md "Penalties"): each rule counts distinct occurrences of its basis over the
// month's matched, non-amnestied signals; the first signal of a basis counts, later ones are repeats; the total is capped.
import { monthEnd, monthStart, ruDate } from './dates';

/** How a rule counts occurrences in a contract-month (the `basis` column of penalty_rules). */
export type PenaltyBasis = 'per_object_month' | 'once_per_month' | 'per_outlet_date';

/** One rule: percent of the month fee (basis points) per occurrence of its basis. */
export interface PenaltyRule {
  signalType: string;
  percentBp: number;
  basis: PenaltyBasis;
}

/** One version of a rule set (code + effective date) with its cap and rules. */
export interface RuleSet {
  code: string;
  effectiveFrom: string;
  name: string;
  capBp: number;
  rules: PenaltyRule[];
}

/** A matched signal as the rules see it. */
export interface RuleSignal {
  signalId: number;
  visitId: string;
  visitDate: string;
  outletCode: string;
  signalType: string;
  /** SKU code for OOS, equipment code for EQUIPMENT, '' for SCHEDULE. */
  objectCode: string;
}

/** What the rules made of one signal. */
export interface SignalVerdict extends RuleSignal {
  rule: PenaltyRule | null;
  /** Identity of the occurrence the signal belongs to (e.g. `OOS|SKU-1`), null when no rule applies. */
  basisKey: string | null;
  /** The same in Russian, for the explanation view. */
  basisLabel: string;
  /** True for the first signal of its basis in the month; false for repeats and signals without a rule. */
  counted: boolean;
  /** Basis points this signal added before the cap (the rule's percent when counted, else 0). */
  contributedBp: number;
}

/** Sum per signal type, for the explanation. */
export interface TypeTotal {
  signalType: string;
  percentBp: number;
  basis: PenaltyBasis;
  occurrences: number;
  signals: number;
  totalBp: number;
}

/** Result of applying a rule set to a contract-month's signals. */
export interface RulesResult {
  ruleSet: { code: string; effectiveFrom: string; name: string } | null;
  signals: SignalVerdict[];
  byType: TypeTotal[];
  /** Σ contributions before the cap. */
  sumBp: number;
  capBp: number;
  /** min(cap, sum): the percent the penalty is computed with. */
  totalBp: number;
  capApplied: boolean;
}

/**
 * The version of rule set `code` that governs month M: the latest one in force on the first day of M, so a rule change
 * applies from the next whole month and never splits one. When the code's first version starts inside M, that one is
 * used (there is nothing earlier to apply); null when the code has no version by the end of M.
 */
export function selectRuleSet(versions: readonly RuleSet[], code: string, month: string): RuleSet | null {
  const first = monthStart(month);
  const last = monthEnd(month);
  let inForce: RuleSet | null = null;
  let earliestInMonth: RuleSet | null = null;
  for (const v of versions) {
    if (v.code !== code) continue;
    if (v.effectiveFrom <= first) {
      if (!inForce || v.effectiveFrom > inForce.effectiveFrom) inForce = v;
    } else if (v.effectiveFrom <= last) {
      if (!earliestInMonth || v.effectiveFrom < earliestInMonth.effectiveFrom) earliestInMonth = v;
    }
  }
  return inForce ?? earliestInMonth;
}

const TYPE_RU: Record<string, string> = { OOS: 'SKU', EQUIPMENT: 'оборудование', SCHEDULE: 'график' };

/** Identity of the occurrence a signal belongs to under a rule: signals with the same key count once. */
function basisKey(rule: PenaltyRule, s: RuleSignal): string {
  switch (rule.basis) {
    case 'per_object_month':
      return `${s.signalType}|${s.objectCode}`;
    case 'once_per_month':
      return s.signalType;
    case 'per_outlet_date':
      return `${s.signalType}|${s.outletCode}|${s.visitDate}`;
  }
}

function basisOf(rule: PenaltyRule, s: RuleSignal): { key: string; label: string } {
  const key = basisKey(rule, s);
  switch (rule.basis) {
    case 'per_object_month':
      return {
        key,
        label: s.objectCode ? `${TYPE_RU[s.signalType] ?? s.signalType} ${s.objectCode} за месяц` : `${s.signalType} за месяц`,
      };
    case 'once_per_month':
      return { key, label: `${s.signalType}: один раз за месяц` };
    case 'per_outlet_date':
      return { key, label: `ТТ ${s.outletCode}, ${ruDate(s.visitDate)}` };
  }
}

function compareSignals(a: RuleSignal, b: RuleSignal): number {
  if (a.visitDate !== b.visitDate) return a.visitDate < b.visitDate ? -1 : 1;
  if (a.visitId !== b.visitId) return a.visitId < b.visitId ? -1 : 1;
  return a.signalId - b.signalId;
}

/**
 * Applies a rule set to a contract-month's matched, non-amnestied signals (any order; they are taken in date order so
 * the earliest signal of each basis is the counted one). Without a rule set nothing is penalised.
 */
export function applyRules(ruleSet: RuleSet | null, signals: readonly RuleSignal[]): RulesResult {
  const capBp = ruleSet?.capBp ?? 10_000;
  const head = ruleSet ? { code: ruleSet.code, effectiveFrom: ruleSet.effectiveFrom, name: ruleSet.name } : null;
  // Most contract-months of a full rebuild have no signals at all.
  if (signals.length === 0) return { ruleSet: head, signals: [], byType: [], sumBp: 0, capBp, totalBp: 0, capApplied: false };
  const byRuleType = new Map<string, PenaltyRule>();
  for (const r of ruleSet?.rules ?? []) byRuleType.set(r.signalType, r);
  const seen = new Set<string>();
  const totals = new Map<string, TypeTotal>();
  const verdicts: SignalVerdict[] = [];
  let sumBp = 0;
  for (const s of [...signals].sort(compareSignals)) {
    const rule = byRuleType.get(s.signalType) ?? null;
    if (!rule) {
      verdicts.push({ ...s, rule: null, basisKey: null, basisLabel: 'нет правила для этого типа сигнала', counted: false, contributedBp: 0 });
      continue;
    }
    const { key, label } = basisOf(rule, s);
    const counted = !seen.has(key);
    if (counted) seen.add(key);
    const contributedBp = counted ? rule.percentBp : 0;
    sumBp += contributedBp;
    let t = totals.get(s.signalType);
    if (!t) {
      t = { signalType: s.signalType, percentBp: rule.percentBp, basis: rule.basis, occurrences: 0, signals: 0, totalBp: 0 };
      totals.set(s.signalType, t);
    }
    t.signals++;
    if (counted) t.occurrences++;
    t.totalBp += contributedBp;
    verdicts.push({ ...s, rule, basisKey: key, basisLabel: label, counted, contributedBp });
  }
  const totalBp = Math.min(capBp, sumBp);
  return {
    ruleSet: head,
    signals: verdicts,
    byType: [...totals.values()],
    sumBp,
    capBp,
    totalBp,
    capApplied: sumBp > capBp,
  };
}

/**
 * The percent of applyRules without the explanation: each distinct basis key counts its rule's percent once, capped.
 * Which signal of a basis is "the counted one" does not change the sum, so no sorting and no per-signal verdicts —
 * the contract-month cache needs only this, and on a full recalculation building the verdicts cost most of the time.
 */
export function penaltyPercentBp(ruleSet: RuleSet | null, signals: readonly RuleSignal[]): { sumBp: number; capBp: number; totalBp: number } {
  const capBp = ruleSet?.capBp ?? 10_000;
  if (signals.length === 0 || !ruleSet) return { sumBp: 0, capBp, totalBp: 0 };
  const seen = new Set<string>();
  let sumBp = 0;
  for (const s of signals) {
    let rule: PenaltyRule | undefined;
    for (const r of ruleSet.rules) if (r.signalType === s.signalType) rule = r;
    if (!rule) continue;
    const key = basisKey(rule, s);
    if (seen.has(key)) continue;
    seen.add(key);
    sumBp += rule.percentBp;
  }
  return { sumBp, capBp, totalBp: Math.min(capBp, sumBp) };
}
