// The what-if sandbox's rule sets: copies of the real ones with some percents or the cap replaced. Pure: the real
// rule set objects are never changed.
import type { RuleSet } from '../penalties/rules';

/** Percent overrides per signal type (basis points) and an optional cap, as the what-if panel sends them. */
export interface SandboxChange {
  rules: Partial<Record<string, number>>;
  capBp?: number;
}

/** Every rule set version with the overrides applied; a type a version has no rule for stays without one. */
export function sandboxRuleSets(ruleSets: readonly RuleSet[], change: SandboxChange): RuleSet[] {
  return ruleSets.map((rs) => ({
    ...rs,
    capBp: change.capBp ?? rs.capBp,
    rules: rs.rules.map((r) => {
      const bp = change.rules[r.signalType];
      return bp === undefined ? { ...r } : { ...r, percentBp: bp };
    }),
  }));
}
