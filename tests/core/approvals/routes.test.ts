import { describe, expect, it } from 'vitest';
import { dumpTable } from '../../helpers/core';
import { approve, approvalsWorld, contractStatus, err, ok, submit, type ApprovalsWorld, type Out } from './fixtures';

const step = (stepNo: number, role: string, more: Record<string, unknown> = {}) => ({ stepNo, role, ...more });

/** The shipped rules as the admin screen would send them back (with ids). */
const DEFAULTS = [
  {
    id: 1,
    priority: 10,
    name: 'Крупный договор: с руководителем',
    annualValueOver: 60_000_000,
    steps: [step(1, 'manager'), step(2, 'assistant'), step(3, 'legal'), step(4, 'director')],
  },
  { id: 2, priority: 100, name: 'Стандартный маршрут', steps: [step(1, 'manager'), step(2, 'assistant'), step(3, 'legal')] },
];

async function saveRules(w: ApprovalsWorld, rules: unknown[]) {
  return w.call('admin', 'approvals.routesSave', { rules });
}

describe('route rules', () => {
  it('lists the shipped rules', async () => {
    const w = approvalsWorld();
    const rules = await w.run('man1', 'approvals.routesList');
    expect(rules.map((r) => [r.id, r.priority, r.annualValueOver, r.isActive, r.steps.map((s) => s.role).join('→')])).toEqual([
      [1, 10, 60_000_000, true, 'manager→assistant→legal→director'],
      [2, 100, null, true, 'manager→assistant→legal'],
    ]);
    expect(rules[0].steps[0]).toEqual({ stepNo: 1, role: 'manager', userId: null, userName: null, dueHours: 8, quorum: 'any', quorumN: null });
  });

  it('is edited by the admin only, and refused whole with every problem named', async () => {
    const w = approvalsWorld();
    expect(err(await w.call('man1', 'approvals.routesSave', { rules: DEFAULTS })).code).toBe('forbidden');
    const table = () => w.sql((db) => db.prepare('SELECT * FROM approval_route_steps ORDER BY route_id, step_no').all());
    const before = table();

    const bad = err(
      await saveRules(w, [
        ...DEFAULTS,
        { priority: 10, name: 'Дубль', category: 'SNACKS', steps: [step(1, 'legal'), step(3, 'legal')] },
        { priority: 20, name: 'Кворум', category: 'DAIRY', steps: [step(1, 'legal', { quorum: 'n_of_m', quorumN: 3 })] },
        { priority: 30, name: 'Нет категории', category: 'TOBACCO', steps: [step(1, 'legal')] },
        { priority: 40, name: 'Не тот округ', federalDistrict: 'ЦФО', regionCode: '16', steps: [step(1, 'legal')] },
        { priority: 50, name: 'Не тот человек', category: 'SNACKS', steps: [step(1, 'legal', { userId: w.ids.fin })] },
      ]),
    );
    expect(bad.code).toBe('validation');
    expect(bad.details!.issues!.map((i) => [i.path, i.message])).toEqual([
      ['rules.2.priority', 'Приоритет 10 уже есть у правила «Крупный договор: с руководителем»: приоритеты действующих правил не должны повторяться'],
      ['rules.2.steps', 'Этапы правила «Дубль» должны идти подряд с 1 без пропусков и повторов (сейчас: 1, 3)'],
      ['rules.3.steps.0.quorumN', 'Этап 1 правила «Кворум»: нужно 3 согласований, а сотрудников с ролью «Юрист» всего 2'],
      ['rules.4.category', 'Неизвестная категория договора: TOBACCO'],
      ['rules.5.regionCode', 'Регион 16 относится к ПФО, а не к ЦФО: правило никогда не сработает'],
      ['rules.6.steps.0.userId', 'У сотрудника Тест fin нет роли «Юрист»'],
    ]);
    const noCatchAll = err(await saveRules(w, [DEFAULTS[0]]));
    expect(noCatchAll.message).toMatch(/^Нужно действующее правило без условий/);
    expect(table()).toEqual(before);
  });

  it('replaces the table atomically; a rule used by a submission stays, inactive, for the history', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    await submit(w, 'man1', c.contractId); // uses rule 2

    const saved = ok<Out<'approvals.routesSave'>>(
      await saveRules(w, [
        { priority: 1, name: 'Всё через юриста', steps: [step(1, 'legal', { dueHours: 4 })] },
      ]),
    );
    expect(saved.archivedIds).toEqual([2]);
    expect(saved.routes.map((r) => [r.name, r.isActive, r.instancesCount])).toEqual([
      ['Всё через юриста', true, 0],
      ['Стандартный маршрут', false, 1],
    ]);
    expect(saved.routes[1].steps.map((s) => s.role)).toEqual(['manager', 'assistant', 'legal']);
    expect(w.sql((db) => db.prepare('SELECT count(*) FROM approval_routes WHERE id = 1').pluck().get())).toBe(0);
    const audit = dumpTable(w.t.dbPath, 'audit_log').filter((a) => a.command === 'approvals.routesSave');
    expect(audit).toHaveLength(1);
    expect(audit[0].entity).toBe('approval_routes');

    // New submissions follow the new table; the old run keeps its route name.
    const c2 = w.contract();
    const inst = await submit(w, 'man1', c2.contractId);
    expect(inst.route.name).toBe('Всё через юриста');
    expect(inst.steps).toMatchObject([{ role: 'legal', dueAt: '2026-12-03T14:00:00.000Z' }]);
    const history = await w.run('man1', 'approvals.history', { contractId: c.contractId });
    expect(history[0].routeName).toBe('Стандартный маршрут');

    // Sending the archived rule back with its old priority is fine while it stays inactive.
    const listed = await w.run('admin', 'approvals.routesList');
    ok(await saveRules(w, listed));
  });

  it('routes by category and region, first match by priority', async () => {
    const w = approvalsWorld();
    ok(
      await saveRules(w, [
        ...DEFAULTS,
        { priority: 5, name: 'Татарстан', regionCode: '16', steps: [step(1, 'legal')] },
        { priority: 6, name: 'ЦФО, снеки', federalDistrict: 'ЦФО', category: 'SNACKS', steps: [step(1, 'director')] },
      ]),
    );
    const route = async (s: Parameters<ApprovalsWorld['contract']>[0]) =>
      (await submit(w, 'man1', w.contract(s).contractId)).route.name;
    expect(await route({ regionCode: '16' })).toBe('Татарстан');
    expect(await route({ regionCode: '77', category: 'SNACKS' })).toBe('ЦФО, снеки');
    expect(await route({ regionCode: '77', category: 'DAIRY' })).toBe('Стандартный маршрут');
    expect(await route({ regionCode: '77', category: 'DAIRY', fee: 6_000_000 })).toBe('Крупный договор: с руководителем');
  });
});

describe('quorum', () => {
  async function quorumWorld() {
    const w = approvalsWorld();
    ok(
      await saveRules(w, [
        ...DEFAULTS,
        { priority: 5, name: 'Снеки: все юристы', category: 'SNACKS', steps: [step(1, 'legal', { quorum: 'all' })] },
        { priority: 6, name: 'Молочка: 2 менеджера', category: 'DAIRY', steps: [step(1, 'manager', { quorum: 'n_of_m', quorumN: 2 })] },
      ]),
    );
    return w;
  }

  it('"all": every active holder of the role must approve, each once', async () => {
    const w = await quorumWorld();
    const c = w.contract({ category: 'SNACKS' });
    const [s] = (await submit(w, 'man1', c.contractId)).steps;
    expect(s).toMatchObject({ role: 'legal', status: 'pending' });
    expect(await approve(w, 'legal1', s.id)).toMatchObject({ stepStatus: 'pending', contractStatus: 'on_approval' });
    const twice = err(await w.call('legal1', 'approvals.decide', { stepId: s.id, decision: 'approve' }));
    expect(twice).toMatchObject({ code: 'conflict', message: 'Вы уже согласовали этот этап: повторное согласование не допускается' });
    // legal1 no longer sees it; legal2 still does.
    expect((await w.run('legal1', 'approvals.inbox')).total).toBe(0);
    expect((await w.run('legal2', 'approvals.inbox')).total).toBe(1);
    expect(await approve(w, 'legal2', s.id)).toMatchObject({ stepStatus: 'approved', instanceStatus: 'approved', contractStatus: 'approved' });
  });

  it('"all" counts only active users: a disabled lawyer is not waited for', async () => {
    const w = await quorumWorld();
    w.sql((db) => db.prepare('UPDATE users SET is_active = 0 WHERE id = ?').run(w.ids.legal2));
    const c = w.contract({ category: 'SNACKS' });
    const [s] = (await submit(w, 'man1', c.contractId)).steps;
    expect((await approve(w, 'legal1', s.id)).contractStatus).toBe('approved');
  });

  it('"n_of_m": N distinct approvals; a comment does not count', async () => {
    const w = await quorumWorld();
    const c = w.contract({ category: 'DAIRY' });
    const [s] = (await submit(w, 'man1', c.contractId)).steps;
    expect((await approve(w, 'man1', s.id)).stepStatus).toBe('pending');
    await w.run('man2', 'approvals.decide', { stepId: s.id, decision: 'comment', comment: 'Смотрю договор' });
    expect(contractStatus(w, c.contractId)).toBe('on_approval');
    expect(err(await w.call('man1', 'approvals.decide', { stepId: s.id, decision: 'approve' })).code).toBe('conflict');
    expect(await approve(w, 'man2', s.id)).toMatchObject({ stepStatus: 'approved', contractStatus: 'approved' });
  });

  it('a step named for one person is decided by that person only', async () => {
    const w = approvalsWorld();
    ok(await saveRules(w, [...DEFAULTS, { priority: 5, name: 'Лично', category: 'SNACKS', steps: [step(1, 'legal', { userId: w.ids.legal2 })] }]));
    const c = w.contract({ category: 'SNACKS' });
    const [s] = (await submit(w, 'man1', c.contractId)).steps;
    const other = err(await w.call('legal1', 'approvals.decide', { stepId: s.id, decision: 'approve' }));
    expect(other).toMatchObject({ code: 'forbidden', message: 'Этап 1 назначен сотруднику Тест legal2: решение принимает только он или его заместитель' });
    expect((await w.run('legal1', 'approvals.inbox')).total).toBe(0);
    expect((await approve(w, 'legal2', s.id)).contractStatus).toBe('approved');
  });
});
