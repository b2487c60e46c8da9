// Route rules of DOMAIN.md "Approval workflow": which route a contract takes, and the structural checks of an edited
// rule table. Pure: the store-dependent checks (categories, regions, users exist) live in routesRepo.ts.
import { ROLE_NAMES_RU, type Role } from '../users/roles';
import type { Quorum } from './quorum';

/** One step of a route as the admin edits it. */
export interface RouteStepDef {
  stepNo: number;
  role: Role;
  /** A named person; null = anyone holding the role. */
  userId: number | null;
  dueHours: number;
  quorum: Quorum;
  quorumN: number | null;
}

/** The conditions of a rule; null = any value. */
export interface RouteConditions {
  category: string | null;
  federalDistrict: string | null;
  regionCode: string | null;
  /** Kopecks; the rule holds when the annual value is strictly greater. */
  annualValueOver: number | null;
}

/** One row of the rule table with its steps. */
export interface RouteRuleDef extends RouteConditions {
  id?: number;
  priority: number;
  name: string;
  isActive: boolean;
  steps: RouteStepDef[];
}

/** What the rules look at in a contract. */
export interface RouteFacts {
  category: string;
  federalDistrict: string | null;
  regionCode: string | null;
  /** 12 × the monthly fee, kopecks. */
  annualValue: number;
}

/** A problem in an edited rule table, with the input path it points at. */
export interface RouteIssue {
  path: string;
  message: string;
}

/** True when every non-null condition of the rule holds for the facts. */
export function ruleMatches(rule: RouteConditions, facts: RouteFacts): boolean {
  if (rule.category !== null && rule.category !== facts.category) return false;
  if (rule.federalDistrict !== null && rule.federalDistrict !== facts.federalDistrict) return false;
  if (rule.regionCode !== null && rule.regionCode !== facts.regionCode) return false;
  if (rule.annualValueOver !== null && !(facts.annualValue > rule.annualValueOver)) return false;
  return true;
}

/** The first active rule by ascending priority (ties by id) whose conditions all hold, or undefined. */
export function selectRoute<R extends RouteConditions & { priority: number; isActive: boolean; id?: number }>(
  rules: readonly R[],
  facts: RouteFacts,
): R | undefined {
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || (a.id ?? 0) - (b.id ?? 0));
  return ordered.find((r) => r.isActive && ruleMatches(r, facts));
}

/** True when the rule has no conditions, so it catches every contract. */
export function isCatchAll(rule: RouteConditions): boolean {
  return rule.category === null && rule.federalDistrict === null && rule.regionCode === null && rule.annualValueOver === null;
}

/** Upper bound of "N approvals" that makes sense for one step; the store check compares with the role's size too. */
export const MAX_QUORUM_N = 20;

/** Structural problems of a whole rule table (empty = fine): active priorities unique, steps 1..n, quorum, a catch-all rule. */
export function validateRouteTable(rules: readonly RouteRuleDef[]): RouteIssue[] {
  const issues: RouteIssue[] = [];
  if (rules.length === 0) issues.push({ path: 'rules', message: 'Таблица маршрутов не может быть пустой' });

  const byPriority = new Map<number, number>();
  rules.forEach((r, i) => {
    const at = `rules.${i}`;
    // Only active rules compete for a contract, so only their priorities must differ; an inactive (or archived)
    // rule may keep an old number until it is switched on again.
    if (r.isActive) {
      const other = byPriority.get(r.priority);
      if (other !== undefined) {
        issues.push({
          path: `${at}.priority`,
          message: `Приоритет ${r.priority} уже есть у правила «${rules[other].name}»: приоритеты действующих правил не должны повторяться`,
        });
      } else byPriority.set(r.priority, i);
    }

    if (r.annualValueOver !== null && (!Number.isInteger(r.annualValueOver) || r.annualValueOver < 0)) {
      issues.push({ path: `${at}.annualValueOver`, message: 'Порог годовой суммы — неотрицательная сумма в копейках' });
    }

    if (r.steps.length === 0) {
      issues.push({ path: `${at}.steps`, message: `В правиле «${r.name}» нет ни одного этапа` });
      return;
    }
    const numbers = r.steps.map((s) => s.stepNo).sort((a, b) => a - b);
    if (!numbers.every((n, k) => n === k + 1)) {
      issues.push({
        path: `${at}.steps`,
        message: `Этапы правила «${r.name}» должны идти подряд с 1 без пропусков и повторов (сейчас: ${numbers.join(', ')})`,
      });
    }
    r.steps.forEach((s, j) => {
      const sp = `${at}.steps.${j}`;
      if (s.quorum === 'n_of_m') {
        if (s.userId !== null) {
          issues.push({
            path: `${sp}.quorum`,
            message: `Этап ${s.stepNo} правила «${r.name}» назначен конкретному сотруднику: кворум «N согласований» для него не имеет смысла`,
          });
        } else if (s.quorumN === null || !Number.isInteger(s.quorumN) || s.quorumN < 1 || s.quorumN > MAX_QUORUM_N) {
          issues.push({
            path: `${sp}.quorumN`,
            message: `Этап ${s.stepNo} правила «${r.name}» (${ROLE_NAMES_RU[s.role]}): укажите число согласований от 1 до ${MAX_QUORUM_N}`,
          });
        }
      }
    });
  });

  if (rules.length > 0 && !rules.some((r) => r.isActive && isCatchAll(r))) {
    issues.push({
      path: 'rules',
      message:
        'Нужно действующее правило без условий (для всех договоров): иначе часть договоров нельзя будет отправить на согласование',
    });
  }
  return issues;
}
