// Demo stage for the approval history: every contract whose status says it went through approval gets the runs of
// the configured route that the workflow (core/approvals/workflow.ts) would have written: submissions by the manager,
// decisions by the demo users of each step's role in working hours, a few returns for rework, rejections, overdue
// steps, and for contracts on approval one run in progress with its current step pending. Rows are planned in memory
// and inserted with explicit ids in time order, so the stage stays a few hundred milliseconds on the large scale.
import { selectRoute } from '../approvals/route';
import { listRoutes } from '../approvals/routesRepo';
import { addWorkingHours, MOSCOW_OFFSET_MS } from '../approvals/workingHours';
import type { Role } from '../users/roles';
import type { ContractPlan, DemoContext } from './context';
import { weekdayOf } from './dates';
import type { Random } from './random';

const HOUR_MS = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Statuses whose contracts finished an approval run that ended approved. */
const APPROVED_STATUSES = new Set(['approved', 'signed', 'active', 'expired', 'terminated']);

/** Share of approved contracts whose first submission came back for rework. */
const RETURN_RATE = 0.12;

const RETURN_COMMENTS = [
  'Уточните перечень SKU: часть позиций не относится к категории договора',
  'Приложите карточку партнёра с актуальными реквизитами',
  'Вознаграждение выше типового для формата точки: приложите обоснование',
  'График визитов не совпадает с режимом работы точки, исправьте',
  'Адрес точки не совпадает с данными ФНС, проверьте',
  'Не указано оборудование, которое стоит в точке по факту',
] as const;

const REJECT_COMMENTS = [
  'Точка не соответствует требованиям к выкладке: отказ',
  'Контрагент в стоп-листе службы безопасности',
  'Бюджет округа на квартал исчерпан, договор не согласован',
  'На точке действует эксклюзивный договор другого поставщика',
  'Условия невыгодны: вознаграждение не окупается объёмом продаж',
] as const;

interface RouteStep {
  stepNo: number;
  role: Role;
  userId: number | null;
  dueHours: number;
  quorum: 'any' | 'all' | 'n_of_m';
  quorumN: number | null;
}

interface PlannedStep {
  stepNo: number;
  role: Role;
  userId: number | null;
  quorum: string;
  quorumN: number | null;
  dueHours: number;
  status: 'waiting' | 'pending' | 'approved' | 'returned' | 'rejected' | 'cancelled';
  activatedAt: number | null;
  completedAt: number | null;
  decisions: { userId: number; decision: 'approve' | 'return' | 'reject'; comment: string | null; at: number }[];
}

interface PlannedInstance {
  contractId: number;
  routeId: number;
  annualValue: number;
  submittedBy: number | null;
  submittedAt: number;
  status: 'in_progress' | 'approved' | 'returned' | 'rejected';
  finishedAt: number | null;
  steps: PlannedStep[];
}

/** How a run ends: approved, returned or rejected at a step (1-based), or still waiting at a step. */
type Outcome = { kind: 'approved' } | { kind: 'returned' | 'rejected' | 'pending'; at: number };

const iso = (ms: number): string => new Date(ms).toISOString();
// Whole seconds, as a person's actions would be stamped.
const addWh = (ms: number, hours: number): number => Math.round(Date.parse(addWorkingHours(iso(ms), hours)) / 1000) * 1000;

/** The instant of a Moscow wall-clock time on a day number. */
function moscowAt(day: number, hour: number, minute: number): number {
  return day * MS_PER_DAY + hour * HOUR_MS + minute * 60_000 - MOSCOW_OFFSET_MS;
}

/** Working hours an approver takes on a step: mostly within the hour, sometimes longer, rarely past the due time. */
function decisionDelay(rnd: Random, dueHours: number): number {
  const r = rnd.next();
  if (r < 0.7) return 0.05 + rnd.next() * 0.95;
  if (r < 0.9) return 1 + rnd.next() * 2;
  if (r < 0.97) return 3 + rnd.next() * Math.max(1, dueHours - 3);
  return dueHours + 1 + rnd.next() * dueHours * 2;
}

/** The people who decide a step: the named person, else the demo holders of the role responsible for the district. */
function approversOf(step: RouteStep, district: string | null, ctx: DemoContext, byRole: Map<string, number[]>): number[] {
  if (step.userId !== null) return [step.userId];
  if (step.role === 'manager' && district !== null) {
    const m = ctx.managerByDistrict.get(district);
    if (m !== undefined && m !== null) return [m];
  }
  return byRole.get(step.role) ?? byRole.get('admin') ?? [];
}

/** Plans one run from submission `start`; returns it with the instant of its last event. */
function planRun(
  rnd: Random,
  steps: RouteStep[],
  people: number[][],
  start: number,
  outcome: Outcome,
  rush: boolean,
  comment: () => string,
): { steps: PlannedStep[]; end: number; status: PlannedInstance['status'] } {
  const out: PlannedStep[] = steps.map((s) => ({
    stepNo: s.stepNo,
    role: s.role,
    userId: s.userId,
    quorum: s.quorum,
    quorumN: s.quorumN,
    dueHours: s.dueHours,
    status: 'waiting',
    activatedAt: null,
    completedAt: null,
    decisions: [],
  }));
  const delay = (dueHours: number) => (rush ? 0.03 + rnd.next() * 0.3 : decisionDelay(rnd, dueHours));
  let t = start;
  for (let k = 0; k < out.length; k++) {
    const step = out[k];
    step.status = 'pending';
    step.activatedAt = t;
    if (outcome.kind === 'pending' && outcome.at === k + 1) return { steps: out, end: t, status: 'in_progress' };
    const who = people[k];
    if ((outcome.kind === 'returned' || outcome.kind === 'rejected') && outcome.at === k + 1) {
      t = addWh(t, delay(step.dueHours));
      step.decisions.push({ userId: rnd.pick(who), decision: outcome.kind === 'returned' ? 'return' : 'reject', comment: comment(), at: t });
      step.status = outcome.kind;
      step.completedAt = t;
      for (const rest of out.slice(k + 1)) {
        rest.status = 'cancelled';
        rest.completedAt = t;
      }
      return { steps: out, end: t, status: outcome.kind };
    }
    const need = step.quorum === 'all' ? who.length : step.quorum === 'n_of_m' ? Math.min(step.quorumN ?? 1, who.length) : 1;
    for (const userId of rnd.sample(who, Math.max(1, need))) {
      t = addWh(t, delay(step.dueHours));
      step.decisions.push({ userId, decision: 'approve', comment: null, at: t });
    }
    step.status = 'approved';
    step.completedAt = t;
  }
  return { steps: out, end: t, status: 'approved' };
}

/** The instant of the last event of a contract's runs. */
function lastEvent(runs: readonly PlannedInstance[]): number {
  return Math.max(...runs.map((r) => r.finishedAt ?? Math.max(...r.steps.map((s) => s.activatedAt ?? 0))));
}

/** Maps a contract's runs linearly onto [from, to], keeping their order: for the rare run its window is too short for. */
function squeeze(runs: PlannedInstance[], from: number, to: number): void {
  const last = lastEvent(runs);
  const f = (to - from) / (last - from);
  const map = (t: number) => from + Math.round(((t - from) * f) / 1000) * 1000;
  for (const r of runs) {
    r.submittedAt = map(r.submittedAt);
    if (r.finishedAt !== null) r.finishedAt = map(r.finishedAt);
    for (const s of r.steps) {
      if (s.activatedAt !== null) s.activatedAt = map(s.activatedAt);
      if (s.completedAt !== null) s.completedAt = map(s.completedAt);
      for (const d of s.decisions) d.at = map(d.at);
    }
  }
}

/** Creates approval runs, steps and decisions for the contracts that went through approval. */
export function insertApprovals(ctx: DemoContext, rnd: Random): void {
  ctx.progress.report('approvals', true);
  const { db } = ctx;
  const rules = listRoutes(db).map((r) => ({
    ...r,
    steps: r.steps.map((s) => ({ ...s }) as RouteStep),
  }));
  const byRole = new Map<string, number[]>();
  for (const r of db
    .prepare(
      `SELECT r.role, u.id FROM user_roles r JOIN users u ON u.id = r.user_id
       WHERE u.is_active = 1 AND u.login <> 'system' ORDER BY u.id`,
    )
    .all() as { role: string; id: number }[]) {
    byRole.set(r.role, [...(byRole.get(r.role) ?? []), r.id]);
  }
  // The region a route rule looks at is that of the contract's first outlet by code (core/approvals/repo.ts).
  const heads = new Map(
    (
      db
        .prepare(
          `SELECT c.id, g.code AS region, g.federal_district AS district FROM contracts c
           LEFT JOIN regions g ON g.code = (SELECT o.region_code FROM contract_outlets co JOIN outlets o ON o.id = co.outlet_id
                                            WHERE co.contract_id = c.id ORDER BY o.code LIMIT 1)`,
        )
        .all() as { id: number; region: string | null; district: string | null }[]
    ).map((h) => [h.id, h]),
  );
  const assistant = byRole.get('assistant')?.[0] ?? null;
  // The last working day before today: contracts on approval were last moved then, so most are not overdue yet.
  let lastWorkday = ctx.today - 1;
  while (weekdayOf(lastWorkday) >= 5) lastWorkday--;
  const endOfYesterday = moscowAt(ctx.today, 0, 0) - 60_000;

  const instances: PlannedInstance[] = [];
  ctx.contracts.forEach((c: ContractPlan, i) => {
    const approved = APPROVED_STATUSES.has(c.status);
    if (!approved && c.status !== 'on_approval' && c.status !== 'rejected') return;
    const contractId = ctx.contractIds[i];
    const head = heads.get(contractId);
    const annualValue = c.terms[0].fee * 12;
    const route = selectRoute(rules, {
      category: ctx.categories[c.category].code,
      federalDistrict: head?.district ?? null,
      regionCode: head?.region ?? null,
      annualValue,
    });
    if (!route || route.steps.length === 0) return;
    const steps = [...route.steps].sort((a, b) => a.stepNo - b.stepNo);
    const people = steps.map((s) => approversOf(s, head?.district ?? null, ctx, byRole));
    if (people.some((p) => p.length === 0)) return;
    const submitter = c.managerId ?? assistant;
    const created = Date.parse(c.created);

    // Approval ends before the signing day (Moscow), when the contract was last updated, or yesterday.
    let deadline: number;
    if (c.signed !== null) deadline = moscowAt(c.signed, 0, 0) - 60_000;
    else if (c.status === 'on_approval') deadline = endOfYesterday;
    else deadline = Math.max(Date.parse(c.updated), created + 2 * HOUR_MS);

    // Most runs in progress were submitted on the last working day, so their due time is today at the earliest.
    const recentFrom = c.status === 'on_approval' && rnd.chance(0.8) ? moscowAt(lastWorkday, rnd.int(14, 15), rnd.int(0, 59)) : null;
    // A run that does not fit before the deadline is planned again as a rush (no rework, quick decisions); the rare
    // one that still does not fit is squeezed into the window.
    const plan = (rush: boolean): PlannedInstance[] => {
      const runs: PlannedInstance[] = [];
      const run = (start: number, outcome: Outcome, comments: readonly string[]) => {
        const r = planRun(rnd, steps, people, start, outcome, rush, () => rnd.pick(comments));
        runs.push({
          contractId,
          routeId: route.id,
          annualValue,
          submittedBy: submitter,
          submittedAt: start,
          status: r.status,
          finishedAt: r.status === 'in_progress' ? null : r.end,
          steps: r.steps,
        });
        return r.end;
      };
      let start = addWh(created, rush ? 0.05 : 0.1 + rnd.next() * (rnd.chance(0.7) ? 2 : 12));
      if (recentFrom !== null) start = Math.max(start, recentFrom);
      const reworked = rush ? false : c.status === 'rejected' ? rnd.chance(0.2) : approved ? rnd.chance(RETURN_RATE) : rnd.chance(0.1);
      if (reworked) {
        const back = run(start, { kind: 'returned', at: rnd.int(1, steps.length) }, RETURN_COMMENTS);
        start = addWh(back, 1 + rnd.next() * 14);
      }
      if (approved) run(start, { kind: 'approved' }, RETURN_COMMENTS);
      else if (c.status === 'rejected') run(start, { kind: 'rejected', at: rnd.int(Math.min(2, steps.length), steps.length) }, REJECT_COMMENTS);
      else run(start, { kind: 'pending', at: rnd.int(1, steps.length) }, RETURN_COMMENTS);
      return runs;
    };
    let runs = plan(false);
    if (lastEvent(runs) > deadline) {
      runs = plan(true);
    }
    if (lastEvent(runs) > deadline) {
      // Created late on the eve of signing: the approvers stayed after hours and cleared it within the hour or so.
      squeeze(runs, created + 60_000, Math.min(deadline, created + 90 * 60_000));
    }
    instances.push(...runs);
  });

  // Ids grow with time, as they would in real use.
  instances.sort((a, b) => a.submittedAt - b.submittedAt || a.contractId - b.contractId);
  const insInstance = db.prepare(
    `INSERT INTO approval_instances (id, contract_id, route_id, annual_value, submitted_by, submitted_at, status, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insStep = db.prepare(
    `INSERT INTO approval_steps (id, instance_id, step_no, role, user_id, quorum, quorum_n, due_hours, status,
       activated_at, due_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const decisions: { stepId: number; userId: number; decision: string; comment: string | null; at: number }[] = [];
  const firstInstance = ((db.prepare('SELECT max(id) FROM approval_instances').pluck().get() as number | null) ?? 0) + 1;
  let stepId = ((db.prepare('SELECT max(id) FROM approval_steps').pluck().get() as number | null) ?? 0) + 1;
  instances.forEach((inst, k) => {
    const id = firstInstance + k;
    insInstance.run(
      id,
      inst.contractId,
      inst.routeId,
      inst.annualValue,
      inst.submittedBy,
      iso(inst.submittedAt),
      inst.status,
      inst.finishedAt === null ? null : iso(inst.finishedAt),
    );
    for (const s of inst.steps) {
      const activated = s.activatedAt === null ? null : iso(s.activatedAt);
      insStep.run(
        stepId,
        id,
        s.stepNo,
        s.role,
        s.userId,
        s.quorum,
        s.quorumN,
        s.dueHours,
        s.status,
        activated,
        activated === null ? null : addWorkingHours(activated, s.dueHours),
        s.completedAt === null ? null : iso(s.completedAt),
      );
      for (const d of s.decisions) decisions.push({ stepId, ...d });
      stepId++;
    }
  });
  decisions.sort((a, b) => a.at - b.at || a.stepId - b.stepId);
  const insDecision = db.prepare(
    'INSERT INTO approval_decisions (step_id, user_id, on_behalf_of, decision, comment, at) VALUES (?, ?, NULL, ?, ?, ?)',
  );
  for (const d of decisions) insDecision.run(d.stepId, d.userId, d.decision, d.comment, iso(d.at));
  ctx.rows.approval_instances += instances.length;
  ctx.rows.approval_steps += instances.reduce((n, inst) => n + inst.steps.length, 0);
  ctx.rows.approval_decisions += decisions.length;
}
