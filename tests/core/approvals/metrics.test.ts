import { describe, expect, it } from 'vitest';
import { approve, approvalsWorld, submit, type ApprovalsWorld, type Submitted } from './fixtures';

async function approveAll(w: ApprovalsWorld, inst: Submitted) {
  const logins = ['man2', 'asst', 'legal1'];
  for (let i = 0; i < inst.steps.length; i++) await approve(w, logins[i], inst.steps[i].id);
}

describe('approvals.metrics', () => {
  it('computes cycle times per category and month on a worked example', async () => {
    const w = approvalsWorld([{ login: 'man77', roles: ['manager'] }]);
    w.sql((db) => db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'region', '77')").run(w.ids.man77));

    // All submitted Thursday 03.12.2026 10:00 UTC. A approved after 2 h, B after 3.5 h (both BEVERAGES),
    // C after 10 h (SNACKS). D is returned and resubmitted: only its last run counts; E stays pending.
    const [a, b, c, d, e] = [
      w.contract(),
      w.contract(),
      w.contract({ category: 'SNACKS' }),
      w.contract(),
      w.contract(),
    ];
    const A = await submit(w, 'man1', a.contractId);
    const B = await submit(w, 'man1', b.contractId);
    const C = await submit(w, 'man1', c.contractId);
    const D1 = await submit(w, 'man1', d.contractId);
    await submit(w, 'man1', e.contractId);
    await w.run('man2', 'approvals.decide', { stepId: D1.steps[0].id, decision: 'return', comment: 'Исправьте период' });

    w.advanceHours(1);
    const D2 = await submit(w, 'man1', d.contractId); // 11:00 UTC
    w.advanceHours(1);
    await approveAll(w, A); // 12:00: 2 h
    w.advanceHours(1.5);
    await approveAll(w, B); // 13:30: 3.5 h
    w.advanceHours(0.5);
    await approveAll(w, D2); // 14:00: 3 h since the resubmission
    w.advanceHours(6);
    await approveAll(w, C); // 20:00 UTC = 23:00 Moscow, still December: 10 h

    const m = await w.run('dir', 'approvals.metrics', {});
    // BEVERAGES [2, 3, 3.5]: median 3, p90 = 3 + 0.8·0.5 = 3.4. Overall [2, 3, 3.5, 10]: median 3.25 → 3.3,
    // p90 rank 2.7 → 3.5 + 0.7·6.5 = 8.05 → 8.1 (half up on exact tenths of an hour).
    expect(m.byCategoryMonth).toEqual([
      { month: '2026-12', category: 'BEVERAGES', categoryName: 'Напитки', count: 3, medianHours: 3, p90Hours: 3.4 },
      { month: '2026-12', category: 'SNACKS', categoryName: 'Снеки', count: 1, medianHours: 10, p90Hours: 10 },
    ]);
    expect(m.byMonth).toEqual([{ month: '2026-12', count: 4, medianHours: 3.3, p90Hours: 8.1 }]);
    expect(m.overall).toEqual({ count: 4, medianHours: 3.3, p90Hours: 8.1 });
    // E's first step was due Friday 12:00 Moscow (09:00 UTC); it is Thursday 20:00 UTC now.
    expect(m.overduePending).toBe(0);

    w.advanceHours(13.5); // Friday 09:30 UTC
    expect((await w.run('dir', 'approvals.metrics', {})).overduePending).toBe(1);
    expect((await w.run('dir', 'approvals.metrics', { from: '2027-01' })).overall).toEqual({ count: 0, medianHours: null, p90Hours: null });
    expect((await w.run('dir', 'approvals.metrics', { from: '2026-12', to: '2026-12' })).overall.count).toBe(4);
    expect((await w.run('dir', 'approvals.metrics', { to: '2026-11' })).byCategoryMonth).toEqual([]);
    // Scoped: a manager of Moscow sees none of these Tatarstan contracts.
    const scoped = await w.run('man77', 'approvals.metrics', {});
    expect([scoped.overall.count, scoped.overduePending]).toEqual([0, 0]);
    expect((await w.call('dir', 'approvals.metrics', { from: '2026-12', to: '2026-11' })).ok).toBe(false);
    expect((await w.call('dir', 'approvals.metrics', { from: '2026-13' })).ok).toBe(false);
  });
});
