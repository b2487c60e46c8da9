// The demo's approval history and budget plan: written as the workflow would write them, so the inbox, the
// cycle-time measures and the budget view work on demo data; same seed, same rows.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingHours, moscowDate } from '../../../core/approvals/workingHours';
import { fixedClock } from '../../../core/clock';
import { PLAN_MONTHS_AHEAD, PLAN_SPREAD } from '../../../core/demo/budget';
import { openCore, type Core, type Envelope } from '../../../core/index';
import { silentSink } from '../../../core/log';

const NOW = '2026-12-03T10:00:00Z';

let dir: string;
const opened: Core[] = [];
let core: Core;
let db: Database.Database;
// The rows as loaded, before the tests below carry a run on.
let loaded: unknown[][];

function newCore(name: string): Core {
  const c = openCore({ dbPath: path.join(dir, name), clock: fixedClock(NOW), logSink: silentSink });
  opened.push(c);
  return c;
}

function data<T>(env: Envelope): T {
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.data as T;
}

async function session(c: Core, login: string): Promise<{ session: string }> {
  return { session: data<{ token: string }>(await c.invoke('session.signIn', { login, password: 'demo' })).token };
}

const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as T;
const APPROVAL_TABLES = ['approval_instances', 'approval_steps', 'approval_decisions', 'budget_plan'];
const dump = (d: Database.Database) => APPROVAL_TABLES.map((t) => d.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all());

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-demo-approvals-'));
  core = newCore('a.sqlite');
  data(await core.invoke('demo.load', { scale: 'small' }));
  db = new Database(core.dbPath, { readonly: true });
  loaded = dump(db);
});

afterAll(() => {
  db?.close();
  for (const c of opened) c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('demo approval history', () => {
  it('gives every contract that went through approval runs ending as its status says', () => {
    const rows = all<{ status: string; runs: string | null }>(
      `SELECT c.status, (SELECT group_concat(i.status, ',') FROM (SELECT status FROM approval_instances WHERE contract_id = c.id ORDER BY id) i) AS runs
       FROM contracts c`,
    );
    const finalOf: Record<string, string | null> = {
      draft: null,
      on_approval: 'in_progress',
      approved: 'approved',
      signed: 'approved',
      active: 'approved',
      expired: 'approved',
      terminated: 'approved',
      rejected: 'rejected',
    };
    for (const r of rows) {
      const runs = r.runs === null ? [] : r.runs.split(',');
      if (finalOf[r.status] === null) expect(runs, r.status).toEqual([]);
      else {
        expect(runs.at(-1), r.status).toBe(finalOf[r.status]);
        // Earlier runs of the same contract came back for rework.
        for (const earlier of runs.slice(0, -1)) expect(earlier).toBe('returned');
      }
    }
    expect(rows.filter((r) => r.runs?.includes('returned')).length).toBeGreaterThan(5);
  });

  it('writes the route steps with the statuses, due times and decisions the workflow would', () => {
    const steps = all<{
      id: number;
      instance: string;
      step_no: number;
      role: string;
      status: string;
      activated_at: string | null;
      due_at: string | null;
      completed_at: string | null;
      due_hours: number;
      route_steps: number;
      steps: number;
      decisions: string | null;
    }>(
      `SELECT s.*, i.status AS instance,
              (SELECT count(*) FROM approval_route_steps r WHERE r.route_id = i.route_id) AS route_steps,
              (SELECT count(*) FROM approval_steps t WHERE t.instance_id = i.id) AS steps,
              (SELECT group_concat(d.decision, ',') FROM approval_decisions d WHERE d.step_id = s.id) AS decisions
       FROM approval_steps s JOIN approval_instances i ON i.id = s.instance_id`,
    );
    expect(steps.length).toBeGreaterThan(500);
    for (const s of steps) {
      expect(s.steps).toBe(s.route_steps);
      expect(s.due_at).toBe(s.activated_at === null ? null : addWorkingHours(s.activated_at, s.due_hours));
      const expected: Record<string, string | null> = {
        approved: 'approve',
        returned: 'return',
        rejected: 'reject',
        pending: null,
        waiting: null,
        cancelled: null,
      };
      expect(s.decisions, `step ${s.id}`).toBe(expected[s.status]);
      if (s.instance === 'approved') expect(s.status).toBe('approved');
      if (s.status === 'waiting' || s.status === 'pending') expect(s.instance).toBe('in_progress');
      if (s.status !== 'waiting') expect(s.activated_at !== null || s.status === 'cancelled').toBe(true);
    }
    // Return and reject decisions carry the comment the workflow requires.
    expect(one<number>("SELECT count(*) FROM approval_decisions WHERE decision <> 'approve' AND (comment IS NULL OR comment = '')")).toBe(0);
  });

  it('has decisions only by active users holding the step role, managers within their scope', () => {
    const bad = one<number>(
      `SELECT count(*) FROM approval_decisions d JOIN approval_steps s ON s.id = d.step_id
       WHERE d.on_behalf_of IS NOT NULL
          OR NOT EXISTS (SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id
                         WHERE r.user_id = d.user_id AND r.role = s.role AND u.is_active = 1 AND u.login <> 'system')`,
    );
    expect(bad).toBe(0);
    const submitters = all<{ role: string }>(
      'SELECT DISTINCT r.role FROM approval_instances i JOIN user_roles r ON r.user_id = i.submitted_by',
    ).map((r) => r.role);
    expect(submitters).toEqual(['manager']);
  });

  it('dates every run after the contract was created and before it was signed, in time order', () => {
    const runs = all<{ created: string; signed: string | null; submitted: string; finished: string | null; last: string }>(
      `SELECT c.created_at AS created, c.signed_date AS signed, i.submitted_at AS submitted, i.finished_at AS finished,
              (SELECT max(max(coalesce(s.activated_at, ''), coalesce(s.completed_at, ''))) FROM approval_steps s WHERE s.instance_id = i.id) AS last
       FROM approval_instances i JOIN contracts c ON c.id = i.contract_id`,
    );
    for (const r of runs) {
      expect(r.submitted > r.created).toBe(true);
      expect(r.last < NOW).toBe(true);
      if (r.finished !== null) expect(r.finished).toBe(r.last);
      if (r.signed !== null) expect(moscowDate(r.last) < r.signed, `${r.last} / ${r.signed}`).toBe(true);
    }
    const unordered = one<number>(
      `SELECT count(*) FROM approval_decisions d JOIN approval_steps s ON s.id = d.step_id
       WHERE d.at < s.activated_at OR d.at > s.completed_at`,
    );
    expect(unordered).toBe(0);
    const stepsOutOfOrder = one<number>(
      `SELECT count(*) FROM approval_steps a JOIN approval_steps b ON b.instance_id = a.instance_id AND b.step_no = a.step_no + 1
       WHERE b.activated_at IS NOT NULL AND b.activated_at <> a.completed_at`,
    );
    expect(stepsOutOfOrder).toBe(0);
  });

  it('leaves exactly one pending step per contract on approval, each in some demo user inbox', async () => {
    const pending = all<{ contract_id: number; step_id: number }>(
      `SELECT i.contract_id, s.id AS step_id FROM approval_steps s JOIN approval_instances i ON i.id = s.instance_id
       WHERE s.status = 'pending' ORDER BY s.id`,
    );
    const onApproval = all<{ id: number }>("SELECT id FROM contracts WHERE status = 'on_approval' ORDER BY id").map((r) => r.id);
    expect(onApproval.length).toBeGreaterThan(5);
    expect(pending.map((p) => p.contract_id).sort((a, b) => a - b)).toEqual(onApproval);

    const seen = new Set<number>();
    for (const login of ['assistant', 'manager', 'legal', 'finance', 'director', 'admin']) {
      const inbox = data<{ rows: { stepId: number; overdue: boolean }[] }>(
        await core.invoke('approvals.inbox', { limit: 1000 }, await session(core, login)),
      );
      for (const r of inbox.rows) seen.add(r.stepId);
    }
    expect(pending.filter((p) => !seen.has(p.step_id))).toEqual([]);
  });

  it('lets the workflow carry a demo run on', async () => {
    const step = db
      .prepare(
        `SELECT s.id, s.role, s.step_no, (SELECT count(*) FROM approval_steps t WHERE t.instance_id = s.instance_id) AS n
         FROM approval_steps s WHERE s.status = 'pending' ORDER BY s.id LIMIT 1`,
      )
      .get() as { id: number; role: string; step_no: number; n: number };
    const res = data<{ stepStatus: string; nextStep: { stepNo: number } | null; contractStatus: string }>(
      await core.invoke('approvals.decide', { stepId: step.id, decision: 'approve' }, await session(core, step.role)),
    );
    expect(res.stepStatus).toBe('approved');
    if (step.step_no < step.n) expect(res.nextStep?.stepNo).toBe(step.step_no + 1);
    else expect(res.contractStatus).toBe('approved');
  });

  it('feeds the cycle-time measures and the dashboard', async () => {
    const s = await session(core, 'director');
    const kpis = data<{ tiles: { key: string; value: number | null; hint?: string }[] }>(
      await core.invoke('dashboard.kpis', { month: '2026-11' }, s),
    );
    const median = kpis.tiles.find((t) => t.key === 'cycleMedian')!;
    expect(median.value).toBeGreaterThan(0);
    expect(kpis.tiles.find((t) => t.key === 'cycleP90')!.value).toBeGreaterThanOrEqual(median.value!);
    const hist = data<{ total: number; buckets: { count: number; withinGoal: boolean }[] }>(
      await core.invoke('dashboard.cycleTimes', { to: '2026-12', months: 12 }, s),
    );
    expect(hist.total).toBeGreaterThan(50);
    // Most runs finish within the working day, a tail waits overnight.
    expect(hist.buckets.filter((b) => b.withinGoal).reduce((n, b) => n + b.count, 0)).toBeGreaterThan(hist.total / 3);
    expect(hist.buckets.filter((b) => !b.withinGoal).reduce((n, b) => n + b.count, 0)).toBeGreaterThan(0);
  });

  it('keeps the audit chain and the store intact', async () => {
    const report = data<{ ok: boolean }>(await core.invoke('audit.verify', {}, await session(core, 'admin')));
    expect(report.ok).toBe(true);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});

describe('demo budget plan', () => {
  it('plans every district with contracts for the demo months and the months ahead, near the payouts', async () => {
    const view = data<{
      rows: { federalDistrict: string; month: string; plan: number | null; fact: number | null; forecast: number | null }[];
      byMonth: { month: string; plan: number | null; forecast: number | null }[];
    }>(await core.invoke('budget.view', { from: '2026-09', to: '2027-06' }, await session(core, 'finance')));
    const planned = view.byMonth.filter((m) => m.plan !== null).map((m) => m.month);
    const ahead = ['2027-01', '2027-02', '2027-03'].slice(0, PLAN_MONTHS_AHEAD);
    expect(planned).toEqual(['2026-09', '2026-10', '2026-11', '2026-12', ...ahead]);

    // Past months: the payouts computed for the district (no registries in the demo); coming ones: the forecast.
    const payout = new Map(
      all<{ fd: string; month: string; p: number }>(
        `SELECT r.federal_district AS fd, m.month, SUM(m.payout) AS p FROM contract_months m
         JOIN (SELECT contract_id, MIN(outlet_id) AS outlet_id FROM contract_outlets GROUP BY contract_id) f ON f.contract_id = m.contract_id
         JOIN outlets o ON o.id = f.outlet_id JOIN regions r ON r.code = o.region_code GROUP BY 1, 2`,
      ).map((r) => [`${r.fd}|${r.month}`, r.p]),
    );
    let compared = 0;
    for (const r of view.rows.filter((x) => x.plan !== null)) {
      const basis = r.forecast ?? payout.get(`${r.federalDistrict}|${r.month}`)!;
      // The spread plus rounding to whole thousands of rubles.
      expect(Math.abs(r.plan! - basis), `${r.federalDistrict} ${r.month}`).toBeLessThanOrEqual(basis * PLAN_SPREAD + 50_000);
      compared++;
    }
    expect(compared).toBe(8 * planned.length);
  });
});

describe('demo determinism', () => {
  it('writes identical approval and plan rows for the same seed and today, others for another seed', async () => {
    const same = newCore('b.sqlite');
    data(await same.invoke('demo.load', { scale: 'small' }));
    const other = newCore('c.sqlite');
    data(await other.invoke('demo.load', { scale: 'small', seed: 5 }));
    const sameDb = new Database(same.dbPath, { readonly: true });
    const otherDb = new Database(other.dbPath, { readonly: true });
    try {
      expect(dump(sameDb)).toEqual(loaded);
      expect(dump(otherDb)[2]).not.toEqual(loaded[2]);
    } finally {
      sameDb.close();
      otherDb.close();
    }
  });
});
