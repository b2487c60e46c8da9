import { describe, expect, it } from 'vitest';
import { dumpTable } from '../../helpers/core';
import { approve, approvalsWorld, err, submit, type ApprovalsWorld } from './fixtures';

/** A contract brought to its legal step; returns that step's id. */
async function atLegalStep(w: ApprovalsWorld): Promise<{ contractId: number; stepId: number }> {
  const c = w.contract();
  const inst = await submit(w, 'man1', c.contractId);
  await approve(w, 'man2', inst.steps[0].id);
  await approve(w, 'asst', inst.steps[1].id);
  return { contractId: c.contractId, stepId: inst.steps[2].id };
}

describe('delegation', () => {
  it('lets the substitute decide inside the date range, recording on whose behalf', async () => {
    const w = approvalsWorld();
    // The substitute works in Moscow; the contract is in Tatarstan. Acting for a delegator uses the delegator's scope.
    w.sql((db) => db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'region', '77')").run(w.ids.fin));
    const d = await w.run('legal1', 'approvals.delegate', { toUserId: w.ids.fin, dateFrom: '2026-12-01', dateTo: '2026-12-05' });
    expect(d).toMatchObject({ fromUserName: 'Тест legal1', toUserName: 'Тест fin', isActive: true, revokedAt: null });

    const { contractId, stepId } = await atLegalStep(w);
    const inbox = await w.run('fin', 'approvals.inbox', {});
    expect(inbox.rows.map((r) => [r.stepId, r.actingForId, r.actingForName])).toEqual([[stepId, w.ids.legal1, 'Тест legal1']]);
    expect((await w.run('fin', 'approvals.inbox', { includeDelegated: false })).total).toBe(0);

    const r = await approve(w, 'fin', stepId);
    expect(r).toMatchObject({ onBehalfOf: { id: w.ids.legal1, fullName: 'Тест legal1' }, contractStatus: 'approved' });
    expect(dumpTable(w.t.dbPath, 'approval_decisions').at(-1)).toMatchObject({
      step_id: stepId,
      user_id: w.ids.fin,
      on_behalf_of: w.ids.legal1,
      decision: 'approve',
    });
    const history = await w.run('fin', 'approvals.history', { contractId });
    expect(history[0].steps[2].decisions[0]).toMatchObject({ userName: 'Тест fin', onBehalfOfName: 'Тест legal1' });
    const audit = dumpTable(w.t.dbPath, 'audit_log').filter((a) => a.command === 'approvals.decide').at(-1)!;
    expect(JSON.parse(audit.after_json as string).onBehalfOf).toBe(w.ids.legal1);
  });

  it('refuses the substitute outside the range and after revocation', async () => {
    const w = approvalsWorld();
    await w.run('legal1', 'approvals.delegate', { toUserId: w.ids.fin, dateFrom: '2026-12-10', dateTo: '2026-12-20' });
    const first = await atLegalStep(w);
    const early = err(await w.call('fin', 'approvals.decide', { stepId: first.stepId, decision: 'approve' }));
    expect(early).toMatchObject({
      code: 'forbidden',
      message: 'Нельзя принять решение за роль «Юрист»: у вас нет этой роли и нет действующего замещения сотрудника с ней',
    });
    const explicit = err(
      await w.call('fin', 'approvals.decide', { stepId: first.stepId, decision: 'approve', onBehalfOf: w.ids.legal1 }),
    );
    expect(explicit.message).toBe('У вас нет действующего на 03.12.2026 замещения сотрудника Тест legal1');

    // Monday 14.12 (Moscow): inside the range, the substitute may act.
    w.advanceHours(11 * 24);
    expect((await approve(w, 'fin', first.stepId)).onBehalfOf?.fullName).toBe('Тест legal1');

    // Revoked: refused again.
    const list = await w.run('legal1', 'approvals.delegationsList');
    expect(list.given).toHaveLength(1);
    expect(list.received).toEqual([]);
    const id = list.given[0].id;
    expect(err(await w.call('fin', 'approvals.revokeDelegation', { id })).code).toBe('forbidden');
    const revoked = await w.run('legal1', 'approvals.revokeDelegation', { id });
    expect(revoked).toMatchObject({ isActive: false, revokedAt: '2026-12-14T10:00:00.000Z' });
    expect(err(await w.call('legal1', 'approvals.revokeDelegation', { id })).code).toBe('conflict');
    const second = await atLegalStep(w);
    expect(err(await w.call('fin', 'approvals.decide', { stepId: second.stepId, decision: 'approve' })).code).toBe('forbidden');

    // After the range, too.
    await w.run('legal2', 'approvals.delegate', { toUserId: w.ids.fin, dateFrom: '2026-12-14', dateTo: '2026-12-15' });
    w.advanceHours(2 * 24);
    expect(err(await w.call('fin', 'approvals.decide', { stepId: second.stepId, decision: 'approve' })).code).toBe('forbidden');
    expect((await w.run('fin', 'approvals.delegationsList')).received.map((d) => d.isActive)).toEqual([false, false]);
  });

  it('validates the delegation itself', async () => {
    const w = approvalsWorld();
    const bad = async (input: unknown) => err(await w.call('legal1', 'approvals.delegate', input));
    expect(await bad({ toUserId: w.ids.legal1, dateFrom: '2026-12-03', dateTo: '2026-12-04' })).toMatchObject({
      code: 'validation',
      message: 'Нельзя назначить замещающим самого себя',
    });
    expect((await bad({ toUserId: w.ids.fin, dateFrom: '2026-12-05', dateTo: '2026-12-04' })).message).toBe(
      'Дата окончания 04.12.2026 раньше даты начала 05.12.2026',
    );
    expect((await bad({ toUserId: w.ids.fin, dateFrom: '2026-11-01', dateTo: '2026-11-30' })).message).toBe(
      'Период замещения уже прошёл (окончание 30.11.2026)',
    );
    expect((await bad({ toUserId: 9999, dateFrom: '2026-12-03', dateTo: '2026-12-04' })).code).toBe('validation');
    expect((await bad({ toUserId: w.ids.fin, dateFrom: '2026-02-30', dateTo: '2026-12-04' })).code).toBe('validation');
    await w.run('legal1', 'approvals.delegate', { toUserId: w.ids.fin, dateFrom: '2026-12-03', dateTo: '2026-12-10' });
    expect((await bad({ toUserId: w.ids.fin, dateFrom: '2026-12-10', dateTo: '2026-12-12' })).code).toBe('conflict');
  });

  it('does not let a user who holds the role act twice through a delegation on an "any" step', async () => {
    const w = approvalsWorld();
    await w.run('legal1', 'approvals.delegate', { toUserId: w.ids.legal2, dateFrom: '2026-12-03', dateTo: '2026-12-04' });
    const { stepId } = await atLegalStep(w);
    // legal2 holds the role: acting for themselves comes first.
    const inbox = await w.run('legal2', 'approvals.inbox', {});
    expect(inbox.rows.map((r) => [r.stepId, r.actingForName])).toEqual([[stepId, null]]);
    expect((await approve(w, 'legal2', stepId)).onBehalfOf).toBeNull();
  });
});
