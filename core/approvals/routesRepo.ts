// The admin-editable route table (approval_routes + approval_route_steps): read, check against the store, replace.
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { ROLE_NAMES_RU, type Role } from '../users/roles';
import type { Quorum } from './quorum';
import { validateRouteTable, type RouteIssue, type RouteRuleDef, type RouteStepDef } from './route';

/** A rule as listed: its definition plus how many submissions used it (such a rule can only be deactivated). */
export interface RouteRule extends RouteRuleDef {
  id: number;
  instancesCount: number;
  steps: (RouteStepDef & { userName: string | null })[];
}

interface RuleRow {
  id: number;
  priority: number;
  name: string;
  category: string | null;
  federal_district: string | null;
  region_code: string | null;
  annual_value_over: number | null;
  is_active: number;
  instances: number;
}

interface RouteStepRow {
  route_id: number;
  step_no: number;
  role: Role;
  user_id: number | null;
  user_name: string | null;
  due_hours: number;
  quorum: Quorum;
  quorum_n: number | null;
}

/** Every rule with its steps, by priority. */
export function listRoutes(db: ReadableDb): RouteRule[] {
  const rules = db
    .prepare(
      `SELECT r.*, (SELECT count(*) FROM approval_instances i WHERE i.route_id = r.id) AS instances
       FROM approval_routes r ORDER BY r.priority, r.id`,
    )
    .all() as RuleRow[];
  const steps = db
    .prepare(
      `SELECT s.*, u.full_name AS user_name FROM approval_route_steps s LEFT JOIN users u ON u.id = s.user_id
       ORDER BY s.route_id, s.step_no`,
    )
    .all() as RouteStepRow[];
  return rules.map((r) => ({
    id: r.id,
    priority: r.priority,
    name: r.name,
    category: r.category,
    federalDistrict: r.federal_district,
    regionCode: r.region_code,
    annualValueOver: r.annual_value_over,
    isActive: r.is_active === 1,
    instancesCount: r.instances,
    steps: steps
      .filter((s) => s.route_id === r.id)
      .map((s) => ({
        stepNo: s.step_no,
        role: s.role,
        userId: s.user_id,
        userName: s.user_name,
        dueHours: s.due_hours,
        quorum: s.quorum,
        quorumN: s.quorum_n,
      })),
  }));
}

/** Problems of a rule table that need the store: unknown codes and users, region outside district, N above the role size. */
function storeIssues(db: ReadableDb, rules: readonly RouteRuleDef[]): RouteIssue[] {
  const issues: RouteIssue[] = [];
  const existingIds = new Set(db.prepare('SELECT id FROM approval_routes').pluck().all() as number[]);
  const category = db.prepare('SELECT 1 FROM contract_categories WHERE code = ?').pluck();
  const district = db.prepare('SELECT 1 FROM federal_districts WHERE code = ?').pluck();
  const regionDistrict = db.prepare('SELECT federal_district FROM regions WHERE code = ?').pluck();
  const user = db.prepare("SELECT id, full_name AS name FROM users WHERE id = ? AND is_active = 1 AND login <> 'system'");
  const holds = db.prepare('SELECT 1 FROM user_roles WHERE user_id = ? AND role = ?').pluck();
  const holders = db
    .prepare(
      `SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id
       WHERE r.role = ? AND u.is_active = 1 AND u.login <> 'system'`,
    )
    .pluck();
  const seenIds = new Set<number>();
  rules.forEach((r, i) => {
    const at = `rules.${i}`;
    if (r.id !== undefined) {
      if (!existingIds.has(r.id)) issues.push({ path: `${at}.id`, message: `Правило №${r.id} не найдено: обновите таблицу` });
      if (seenIds.has(r.id)) issues.push({ path: `${at}.id`, message: `Правило №${r.id} указано дважды` });
      seenIds.add(r.id);
    }
    if (r.category !== null && !category.get(r.category)) {
      issues.push({ path: `${at}.category`, message: `Неизвестная категория договора: ${r.category}` });
    }
    if (r.federalDistrict !== null && !district.get(r.federalDistrict)) {
      issues.push({ path: `${at}.federalDistrict`, message: `Неизвестный федеральный округ: ${r.federalDistrict}` });
    }
    if (r.regionCode !== null) {
      const fd = regionDistrict.get(r.regionCode) as string | undefined;
      if (fd === undefined) issues.push({ path: `${at}.regionCode`, message: `Неизвестный код региона: ${r.regionCode}` });
      else if (r.federalDistrict !== null && fd !== r.federalDistrict) {
        // Both conditions could never hold at once, so the rule would silently never apply.
        issues.push({
          path: `${at}.regionCode`,
          message: `Регион ${r.regionCode} относится к ${fd}, а не к ${r.federalDistrict}: правило никогда не сработает`,
        });
      }
    }
    r.steps.forEach((s, j) => {
      const sp = `${at}.steps.${j}`;
      if (s.userId !== null) {
        const u = user.get(s.userId) as { id: number; name: string } | undefined;
        if (!u) issues.push({ path: `${sp}.userId`, message: `Сотрудник №${s.userId} не найден или отключён` });
        else if (!holds.get(s.userId, s.role)) {
          issues.push({ path: `${sp}.userId`, message: `У сотрудника ${u.name} нет роли «${ROLE_NAMES_RU[s.role]}»` });
        }
      } else if (s.quorum === 'n_of_m' && s.quorumN !== null) {
        const m = holders.get(s.role) as number;
        if (s.quorumN > m) {
          issues.push({
            path: `${sp}.quorumN`,
            message: `Этап ${s.stepNo} правила «${r.name}»: нужно ${s.quorumN} согласований, а сотрудников с ролью «${ROLE_NAMES_RU[s.role]}» всего ${m}`,
          });
        }
      }
    });
  });
  return issues;
}

/**
 * Replaces the whole rule table with `rules`. Rules carrying an existing id are updated in place; omitted rules are
 * deleted, except those already used by a submission: the history refers to them, so they stay as inactive rules
 * (returned in `archivedIds`). Refuses the whole table on any problem.
 */
export function saveRoutes(db: WritableDb, rules: readonly RouteRuleDef[]): { archivedIds: number[] } {
  const issues = [...validateRouteTable(rules), ...storeIssues(db, rules)];
  if (issues.length > 0) throw new DomainError('validation', issues[0].message, { issues, field: issues[0].path });

  const keep = new Set(rules.map((r) => r.id).filter((id): id is number => id !== undefined));
  const old = db
    .prepare('SELECT r.id, EXISTS (SELECT 1 FROM approval_instances i WHERE i.route_id = r.id) AS used FROM approval_routes r')
    .all() as { id: number; used: number }[];
  const archivedIds: number[] = [];
  for (const o of old) {
    // Kept rules get their steps rewritten below; archived rules keep theirs, so the history stays whole.
    if (keep.has(o.id)) db.prepare('DELETE FROM approval_route_steps WHERE route_id = ?').run(o.id);
    else if (o.used) {
      db.prepare('UPDATE approval_routes SET is_active = 0 WHERE id = ?').run(o.id);
      archivedIds.push(o.id);
    } else db.prepare('DELETE FROM approval_routes WHERE id = ?').run(o.id);
  }
  const update = db.prepare(
    `UPDATE approval_routes SET priority = ?, name = ?, category = ?, federal_district = ?, region_code = ?,
       annual_value_over = ?, is_active = ? WHERE id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO approval_routes (priority, name, category, federal_district, region_code, annual_value_over, is_active)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertStep = db.prepare(
    `INSERT INTO approval_route_steps (route_id, step_no, role, user_id, due_hours, quorum, quorum_n)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rules) {
    const fields = [r.priority, r.name, r.category, r.federalDistrict, r.regionCode, r.annualValueOver, r.isActive ? 1 : 0];
    const id = r.id ?? Number(insert.run(...fields).lastInsertRowid);
    if (r.id !== undefined) update.run(...fields, r.id);
    for (const s of r.steps) {
      insertStep.run(id, s.stepNo, s.role, s.userId, s.dueHours, s.quorum, s.quorum === 'n_of_m' ? s.quorumN : null);
    }
  }
  return { archivedIds };
}
