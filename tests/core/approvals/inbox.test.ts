import { describe, expect, it } from 'vitest';
import { approve, approvalsWorld, err, submit, type In } from './fixtures';

describe('approvals.inbox', () => {
  it('shows each role its pending steps with contract data, overdue first', async () => {
    const w = approvalsWorld([
      { login: 'man77', roles: ['manager'] },
      { login: 'manPfo', roles: ['manager'] },
    ]);
    w.sql((db) => {
      db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'region', '77')").run(w.ids.man77);
      db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'district', 'ПФО')").run(w.ids.manPfo);
    });
    const a = w.contract();
    const instA = await submit(w, 'man1', a.contractId); // Thu 13:00 Moscow → due Fri 12:00
    w.advanceHours(2);
    const b = w.contract({ fee: 6_000_000 });
    const instB = await submit(w, 'man1', b.contractId); // Thu 15:00 Moscow → due Fri 14:00

    const inbox = (login: string, input: In<'approvals.inbox'> = {}) => w.run(login, 'approvals.inbox', input);
    const man2 = await inbox('man2');
    expect(man2.total).toBe(2);
    expect(man2.rows[0]).toEqual({
      stepId: instA.steps[0].id,
      instanceId: instA.instanceId,
      contractId: a.contractId,
      contractNumber: a.number,
      counterpartyName: 'ООО «Ромашка»',
      category: 'BEVERAGES',
      annualValue: 60_000_000,
      role: 'manager',
      quorum: 'any',
      stepNo: 1,
      stepsTotal: 3,
      submittedAt: '2026-12-03T10:00:00.000Z',
      submittedByName: 'Тест man1',
      activatedAt: '2026-12-03T10:00:00.000Z',
      dueAt: '2026-12-04T09:00:00.000Z',
      overdue: false,
      actingForId: null,
      actingForName: null,
    });
    expect(man2.rows[1]).toMatchObject({ contractId: b.contractId, stepsTotal: 4, annualValue: 72_000_000 });
    for (const login of ['asst', 'legal1', 'dir', 'fin', 'man77']) expect((await inbox(login)).total).toBe(0);
    expect((await inbox('manPfo')).total).toBe(2);
    // Scope also guards the decision itself.
    expect(err(await w.call('man77', 'approvals.decide', { stepId: instA.steps[0].id, decision: 'approve' })).message).toBe(
      `Договор ${a.number} вне вашей зоны ответственности: этап «Менеджер» согласует сотрудник этого региона`,
    );

    // Friday 13:00 Moscow: A is overdue (due 12:00), B is not (due 14:00).
    w.advanceHours(22);
    const late = await inbox('man2', { sort: [{ col: 'dueAt', dir: 'desc' }] });
    expect(late.rows.map((r) => [r.contractNumber, r.overdue])).toEqual([
      [b.number, false],
      [a.number, true],
    ]);
    const byDefault = await inbox('man2');
    expect(byDefault.rows.map((r) => [r.contractNumber, r.overdue])).toEqual([
      [a.number, true],
      [b.number, false],
    ]);
    expect((await inbox('man2', { filters: { overdue: { type: 'number', op: 'equals', from: 1 } } })).total).toBe(1);
    expect((await inbox('man2', { search: b.number })).rows.map((r) => r.contractId)).toEqual([b.contractId]);
    expect((await inbox('man2', { limit: 1, offset: 1 })).rows.map((r) => r.contractId)).toEqual([b.contractId]);
    expect(err(await w.call('man2', 'approvals.inbox', { sort: [{ col: 'password_hash', dir: 'asc' }] })).code).toBe('validation');

    // After the manager's approval (Fri 13:00) the step moves to the assistant, due Mon 12:00 (5 h Fri + 3 h Mon).
    await approve(w, 'man2', instA.steps[0].id);
    expect((await inbox('man2')).rows.map((r) => r.contractId)).toEqual([b.contractId]);
    const asst = await inbox('asst');
    expect(asst.rows).toMatchObject([
      { contractId: a.contractId, role: 'assistant', stepNo: 2, stepsTotal: 3, activatedAt: '2026-12-04T10:00:00.000Z', dueAt: '2026-12-07T09:00:00.000Z', overdue: false },
    ]);
    await approve(w, 'asst', instA.steps[1].id);
    expect((await inbox('legal1')).rows.map((r) => [r.contractId, r.role, r.stepNo])).toEqual([[a.contractId, 'legal', 3]]);
    expect((await inbox('legal2')).total).toBe(1);
    expect((await inbox('asst')).total).toBe(0);

    // The director sees B only once legal has approved it.
    for (const [login, i] of [['man1', 0], ['asst', 1], ['legal2', 2]] as const) await approve(w, login, instB.steps[i].id);
    expect((await inbox('dir')).rows).toMatchObject([{ contractId: b.contractId, role: 'director', stepNo: 4, stepsTotal: 4 }]);
  });
});
