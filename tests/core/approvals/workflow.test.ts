import { describe, expect, it } from 'vitest';
import { dumpTable } from '../../helpers/core';
import { approve, approvalsWorld, contractStatus, err, submit } from './fixtures';

describe('approvals.submit', () => {
  it('routes 600 000 ₽ a year exactly without the director, with the first step due in 8 working hours', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    const inst = await submit(w, 'man1', c.contractId);
    expect(inst.route.name).toBe('Стандартный маршрут');
    expect(inst.annualValue).toBe(60_000_000);
    expect(inst.contractStatus).toBe('on_approval');
    expect(inst.steps.map((s) => [s.stepNo, s.role, s.status])).toEqual([
      [1, 'manager', 'pending'],
      [2, 'assistant', 'waiting'],
      [3, 'legal', 'waiting'],
    ]);
    // Thursday 13:00 Moscow + 8 working hours = Friday 12:00 Moscow.
    expect(inst.steps[0]).toMatchObject({ activatedAt: '2026-12-03T10:00:00.000Z', dueAt: '2026-12-04T09:00:00.000Z' });
    expect(inst.steps[1]).toMatchObject({ activatedAt: null, dueAt: null });
    expect(contractStatus(w, c.contractId)).toBe('on_approval');
  });

  it('adds the director once the annual value exceeds 600 000 ₽ (fee 50 000,01 ₽)', async () => {
    const w = approvalsWorld();
    const c = w.contract({ fee: 5_000_001 });
    const inst = await submit(w, 'man1', c.contractId);
    expect(inst.route.name).toBe('Крупный договор: с руководителем');
    expect(inst.annualValue).toBe(60_000_012);
    expect(inst.steps.map((s) => s.role)).toEqual(['manager', 'assistant', 'legal', 'director']);
  });

  it('refuses a contract failing the checks with every issue listed, and changes nothing', async () => {
    const w = approvalsWorld();
    const c = w.contract({ managerUserId: null, fee: 50_000 });
    const e = err(await w.call('man1', 'approvals.submit', { contractId: c.contractId }));
    expect(e.code).toBe('validation');
    const issues = e.details!.issues!;
    expect(issues.map((i) => i.path)).toEqual(['managerUserId', 'monthlyFee']);
    expect(issues.map((i) => i.code)).toEqual(['required', 'fee_limits']);
    expect(e.message).toBe(issues[0].message);
    expect(contractStatus(w, c.contractId)).toBe('draft');
    expect(dumpTable(w.t.dbPath, 'approval_instances')).toEqual([]);
  });

  it('needs contracts.submit, the contract in scope, and a draft', async () => {
    const w = approvalsWorld([{ login: 'man77', roles: ['manager'] }]);
    w.sql((db) => db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'region', '77')").run(w.ids.man77));
    const c = w.contract();
    expect(err(await w.call('legal1', 'approvals.submit', { contractId: c.contractId })).code).toBe('forbidden');
    const out = err(await w.call('man77', 'approvals.submit', { contractId: c.contractId }));
    expect(out).toMatchObject({ code: 'not_found', message: 'Договор не найден' });
    expect(err(await w.call('man77', 'approvals.history', { contractId: c.contractId })).code).toBe('not_found');
    expect(await w.run('man1', 'approvals.history', { contractId: c.contractId })).toEqual([]);
    await submit(w, 'man1', c.contractId);
    const again = err(await w.call('man1', 'approvals.submit', { contractId: c.contractId }));
    expect(again).toMatchObject({ code: 'conflict', message: 'Нельзя отправить на согласование договор в статусе «На согласовании»' });
    expect(err(await w.call('man1', 'approvals.submit', { contractId: 999 })).code).toBe('not_found');
  });
});

describe('approvals.decide: the whole path', () => {
  it('draft → manager → assistant → legal → approved, each by the right user, with history and audit', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    const inst = await submit(w, 'asst', c.contractId);
    const [s1, s2, s3] = inst.steps.map((s) => s.id);

    // A user cannot approve for a role they do not hold.
    const wrong = err(await w.call('asst', 'approvals.decide', { stepId: s1, decision: 'approve' }));
    expect(wrong).toMatchObject({ code: 'forbidden' });
    expect(wrong.message).toBe('Нельзя принять решение за роль «Менеджер»: у вас нет этой роли и нет действующего замещения сотрудника с ней');
    // Nor act on a step that is not yet active.
    expect(err(await w.call('asst', 'approvals.decide', { stepId: s2, decision: 'approve' })).code).toBe('conflict');

    w.advanceHours(0.5);
    const r1 = await approve(w, 'man2', s1);
    expect(r1).toMatchObject({ stepStatus: 'approved', instanceStatus: 'in_progress', contractStatus: 'on_approval', onBehalfOf: null });
    expect(r1.nextStep).toMatchObject({ id: s2, role: 'assistant', status: 'pending', activatedAt: '2026-12-03T10:30:00.000Z', dueAt: '2026-12-04T09:30:00.000Z' });

    expect(err(await w.call('dir', 'approvals.decide', { stepId: s2, decision: 'approve' })).code).toBe('forbidden');
    w.advanceHours(0.5);
    await approve(w, 'asst', s2);
    w.advanceHours(1);
    const r3 = await approve(w, 'legal2', s3);
    expect(r3).toMatchObject({ stepStatus: 'approved', instanceStatus: 'approved', contractStatus: 'approved', nextStep: null });
    expect(contractStatus(w, c.contractId)).toBe('approved');

    const history = await w.run('man1', 'approvals.history', { contractId: c.contractId });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      status: 'approved',
      routeName: 'Стандартный маршрут',
      submittedByName: 'Тест asst',
      submittedAt: '2026-12-03T10:00:00.000Z',
      finishedAt: '2026-12-03T12:00:00.000Z',
    });
    expect(history[0].steps.map((s) => [s.role, s.status, s.decisions.map((d) => `${d.userName}:${d.decision}`)])).toEqual([
      ['manager', 'approved', ['Тест man2:approve']],
      ['assistant', 'approved', ['Тест asst:approve']],
      ['legal', 'approved', ['Тест legal2:approve']],
    ]);

    const audit = dumpTable(w.t.dbPath, 'audit_log').filter((a) => a.entity === 'contract');
    expect(audit.map((a) => a.command)).toEqual(['approvals.submit', 'approvals.decide', 'approvals.decide', 'approvals.decide']);
    expect(audit.every((a) => a.entity_id === String(c.contractId))).toBe(true);
    expect(JSON.parse(audit[3].after_json as string)).toMatchObject({ status: 'approved', instanceStatus: 'approved' });
  });

  it('goes through the director above the threshold; only the director decides that step', async () => {
    const w = approvalsWorld();
    const c = w.contract({ fee: 5_000_001 });
    const ids = (await submit(w, 'man1', c.contractId)).steps.map((s) => s.id);
    await approve(w, 'man1', ids[0]); // the submitter may approve their own role's step (DOMAIN.md is silent)
    await approve(w, 'asst', ids[1]);
    const r = await approve(w, 'legal1', ids[2]);
    expect(r.contractStatus).toBe('on_approval');
    expect(r.nextStep?.role).toBe('director');
    expect(err(await w.call('admin', 'approvals.decide', { stepId: ids[3], decision: 'approve' })).code).toBe('forbidden');
    expect((await approve(w, 'dir', ids[3])).contractStatus).toBe('approved');
  });

  it('records a comment without moving the run', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    const [s1] = (await submit(w, 'man1', c.contractId)).steps.map((s) => s.id);
    expect(err(await w.call('man2', 'approvals.decide', { stepId: s1, decision: 'comment', comment: '  ' })).code).toBe('validation');
    const r = await w.run('man2', 'approvals.decide', { stepId: s1, decision: 'comment', comment: 'Проверьте адрес точки' });
    expect(r).toMatchObject({ stepStatus: 'pending', instanceStatus: 'in_progress', contractStatus: 'on_approval' });
    const d = dumpTable(w.t.dbPath, 'approval_decisions');
    expect(d).toMatchObject([{ step_id: s1, user_id: w.ids.man2, decision: 'comment', comment: 'Проверьте адрес точки', on_behalf_of: null }]);
  });
});

describe('return and reject', () => {
  it('return needs a comment, sends the contract back to draft, and a resubmission starts a new run', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    const first = await submit(w, 'man1', c.contractId);
    await approve(w, 'man2', first.steps[0].id);
    await approve(w, 'asst', first.steps[1].id);

    const noComment = err(await w.call('legal1', 'approvals.decide', { stepId: first.steps[2].id, decision: 'return' }));
    expect(noComment).toMatchObject({ code: 'validation', message: 'Чтобы вернуть договор на доработку, напишите комментарий: что нужно исправить' });
    expect(noComment.details!.field).toBe('comment');

    const r = await w.run('legal1', 'approvals.decide', { stepId: first.steps[2].id, decision: 'return', comment: 'Нет графика работы' });
    expect(r).toMatchObject({ stepStatus: 'returned', instanceStatus: 'returned', contractStatus: 'draft' });

    const second = await submit(w, 'man1', c.contractId);
    expect(second.instanceId).not.toBe(first.instanceId);
    expect(second.steps[0].status).toBe('pending');
    const history = await w.run('man1', 'approvals.history', { contractId: c.contractId });
    expect(history.map((h) => h.status)).toEqual(['returned', 'in_progress']);
    expect(history[0].steps.map((s) => s.status)).toEqual(['approved', 'approved', 'returned']);
    expect(history[0].steps[2].decisions[0]).toMatchObject({ decision: 'return', comment: 'Нет графика работы', userName: 'Тест legal1' });
    // The old run's steps are closed: nobody can act on them any more.
    expect(err(await w.call('legal1', 'approvals.decide', { stepId: first.steps[2].id, decision: 'approve' })).code).toBe('conflict');
  });

  it('return cancels the steps still waiting', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    const inst = await submit(w, 'man1', c.contractId);
    await w.run('man2', 'approvals.decide', { stepId: inst.steps[0].id, decision: 'return', comment: 'Не тот контрагент' });
    const steps = dumpTable(w.t.dbPath, 'approval_steps').map((s) => s.status);
    expect(steps).toEqual(['returned', 'cancelled', 'cancelled']);
  });

  it('reject needs a comment and is final', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    const inst = await submit(w, 'man1', c.contractId);
    const noComment = err(await w.call('man2', 'approvals.decide', { stepId: inst.steps[0].id, decision: 'reject' }));
    expect(noComment).toMatchObject({ code: 'validation', message: 'Чтобы отклонить договор, напишите комментарий с причиной' });
    expect(contractStatus(w, c.contractId)).toBe('on_approval');

    const r = await w.run('man2', 'approvals.decide', { stepId: inst.steps[0].id, decision: 'reject', comment: 'Точка закрывается' });
    expect(r).toMatchObject({ stepStatus: 'rejected', instanceStatus: 'rejected', contractStatus: 'rejected' });
    expect(dumpTable(w.t.dbPath, 'approval_steps').map((s) => s.status)).toEqual(['rejected', 'cancelled', 'cancelled']);
    const again = err(await w.call('man1', 'approvals.submit', { contractId: c.contractId }));
    expect(again).toMatchObject({ code: 'conflict', message: 'Нельзя отправить на согласование договор в статусе «Отклонён»' });
  });
});

describe('approvals.recall', () => {
  it('lets only the submitter recall, and only before any decision', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    const first = await submit(w, 'man1', c.contractId);
    const notMine = err(await w.call('asst', 'approvals.recall', { contractId: c.contractId }));
    expect(notMine).toMatchObject({ code: 'forbidden', message: 'Отозвать договор с согласования может только сотрудник, который его отправил' });

    const r = await w.run('man1', 'approvals.recall', { contractId: c.contractId });
    expect(r).toEqual({ instanceId: first.instanceId, contractId: c.contractId, contractStatus: 'draft' });
    expect(dumpTable(w.t.dbPath, 'approval_steps').map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(dumpTable(w.t.dbPath, 'approval_instances')[0]).toMatchObject({ status: 'recalled', finished_at: '2026-12-03T10:00:00.000Z' });
    expect(err(await w.call('man1', 'approvals.recall', { contractId: c.contractId })).code).toBe('conflict');

    const second = await submit(w, 'man1', c.contractId);
    await w.run('man2', 'approvals.decide', { stepId: second.steps[0].id, decision: 'comment', comment: 'Смотрю' });
    const late = err(await w.call('man1', 'approvals.recall', { contractId: c.contractId }));
    expect(late.code).toBe('conflict');
    expect(late.message).toMatch(/^Отозвать договор нельзя: согласующие уже/);
    expect(contractStatus(w, c.contractId)).toBe('on_approval');
  });
});

describe('approvals.bulkApprove', () => {
  it('approves many steps in one go, all or nothing with every refusal listed', async () => {
    const w = approvalsWorld();
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await submit(w, 'man1', w.contract().contractId));
    const firstSteps = runs.map((r) => r.steps[0].id);

    const done = await w.run('man2', 'approvals.bulkApprove', { stepIds: firstSteps });
    expect(done.approved.map((a) => [a.stepStatus, a.nextStep?.role])).toEqual([
      ['approved', 'assistant'],
      ['approved', 'assistant'],
      ['approved', 'assistant'],
    ]);

    // One bad step refuses the whole batch. Steps are taken in order, so legal's step of the first run is already
    // active when its turn comes: it is refused for the role, not for being inactive.
    const second = runs.map((r) => r.steps[1].id);
    const bad = err(await w.call('asst', 'approvals.bulkApprove', { stepIds: [...second, runs[0].steps[2].id] }));
    expect(bad.code).toBe('conflict');
    expect(bad.message).toMatch(/^Не согласовано ни одного этапа: 1 из 4 нельзя согласовать\. Нельзя принять решение за роль «Юрист»/);
    expect(bad.details!.refusals).toEqual([{ stepId: runs[0].steps[2].id, code: 'forbidden', message: expect.stringMatching(/«Юрист»/) }]);
    const waiting = err(await w.call('asst', 'approvals.bulkApprove', { stepIds: [runs[1].steps[2].id, ...second] }));
    expect(waiting.details!.refusals).toEqual([{ stepId: runs[1].steps[2].id, code: 'conflict', message: expect.stringMatching(/не ожидает решения/) }]);
    expect(dumpTable(w.t.dbPath, 'approval_steps').filter((s) => second.includes(s.id as number)).map((s) => s.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);

    const wrongRole = err(await w.call('legal1', 'approvals.bulkApprove', { stepIds: second }));
    expect(wrongRole.details!.refusals!.map((r) => r.code)).toEqual(['forbidden', 'forbidden', 'forbidden']);

    expect((await w.run('asst', 'approvals.bulkApprove', { stepIds: second })).approved).toHaveLength(3);
    const tooMany = err(await w.call('asst', 'approvals.bulkApprove', { stepIds: Array.from({ length: 501 }, (_, i) => i + 1) }));
    expect(tooMany.code).toBe('validation');
  });
});
