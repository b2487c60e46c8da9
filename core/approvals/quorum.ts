// When is an approval step complete, and the percentiles the cycle-time metrics use. Pure: no store, no clock.

export const QUORUMS = ['any', 'all', 'n_of_m'] as const;
export type Quorum = (typeof QUORUMS)[number];

export const QUORUM_NAMES_RU: Record<Quorum, string> = {
  any: 'любой из роли',
  all: 'все сотрудники роли',
  n_of_m: 'N согласований',
};

/** The quorum settings of one step. */
export interface QuorumRule {
  quorum: Quorum;
  /** Approvals needed for `n_of_m`; ignored otherwise. */
  quorumN: number | null;
  /** Set when the step names one person: then that person's approval is all it takes. */
  namedUserId: number | null;
}

/**
 * Approvals still needed before the step is complete (0 = complete).
 * `approverIds` are the people whose approval was recorded (the principal when a delegate acted), `eligibleIds`
 * the people who may approve the step now (active holders of the role in whose scope the contract lies).
 */
export function approvalsMissing(rule: QuorumRule, approverIds: readonly number[], eligibleIds: readonly number[]): number {
  const approved = new Set(approverIds);
  if (rule.namedUserId !== null) return approved.has(rule.namedUserId) ? 0 : 1;
  switch (rule.quorum) {
    case 'any':
      return approved.size >= 1 ? 0 : 1;
    case 'all': {
      // Every eligible person must approve; with nobody eligible any single approval completes the step, so
      // a deactivated team cannot freeze a contract forever.
      const missing = eligibleIds.filter((id) => !approved.has(id)).length;
      return approved.size === 0 ? Math.max(1, missing) : missing;
    }
    case 'n_of_m':
      return Math.max(0, Math.max(1, rule.quorumN ?? 1) - approved.size);
  }
}

/** True when the recorded approvals meet the step's quorum. */
export function isQuorumMet(rule: QuorumRule, approverIds: readonly number[], eligibleIds: readonly number[]): boolean {
  return approvalsMissing(rule, approverIds, eligibleIds) === 0;
}

/**
 * The `pct`-th percentile (integer 0–100) by linear interpolation between closest ranks — the "inclusive" method of
 * Excel PERCENTILE.INC and numpy's default: rank h = (n − 1)·pct/100, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * So the median of an even count is the mean of the two middle values. Null for no values.
 * The fraction is kept as an integer numerator over 100, so integer inputs give exact results wherever possible.
 */
export function percentile(values: readonly number[], pct: number): number | null {
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) throw new RangeError(`Percentile must be an integer 0–100: ${pct}`);
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const num = (xs.length - 1) * pct;
  const lo = Math.floor(num / 100);
  const rem = num - lo * 100;
  if (rem === 0) return xs[lo];
  return xs[lo] + ((xs[lo + 1] - xs[lo]) * rem) / 100;
}

/** The median (50th percentile, linear interpolation). */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}
