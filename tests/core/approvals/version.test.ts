import { describe, expect, it } from 'vitest';
import { dumpTable } from '../../helpers/core';
import { approvalsWorld, contractStatus, err, ok, type ApprovalsWorld } from './fixtures';

/** Every table a submission or recall writes, to prove a refused one wrote nothing (not even an audit row). */
const snapshot = (w: ApprovalsWorld) =>
  Object.fromEntries(['contracts', 'approval_instances', 'approval_steps', 'audit_log'].map((t) => [t, dumpTable(w.t.dbPath, t)]));

/** The version the contract card shows, as the renderer reads it. */
async function cardVersion(w: ApprovalsWorld, login: string, id: number): Promise<number> {
  return ok<{ version: number }>(await w.call(login, 'contracts.get', { id })).version;
}

describe('approvals.submit with the card version', () => {
  it('refuses a submission from a stale card, names who changed the draft and when, and writes nothing', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    const opened = await cardVersion(w, 'man1', c.contractId);
    expect(opened).toBe(1);

    // A colleague edits the same draft five minutes later, after man1 opened the card.
    w.advanceHours(5 / 60);
    ok(await w.call('man2', 'contracts.updateDraft', { id: c.contractId, version: opened, schedule: 'Пн-Вс 09:00-21:00' }));

    const before = snapshot(w);
    const stale = await w.call('man1', 'approvals.submit', { contractId: c.contractId, version: opened });
    expect(stale).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: 'Договор изменён пользователем Тест man2 в 03.12.2026 13:05; обновите',
        details: expect.objectContaining({ entity: 'contract', id: c.contractId, expectedVersion: 1, version: 2, changedBy: 'Тест man2' }),
      },
    });
    expect(snapshot(w)).toEqual(before);
    expect(contractStatus(w, c.contractId)).toBe('draft');

    // «Обновить»: the fresh card's version is accepted.
    const fresh = await cardVersion(w, 'man1', c.contractId);
    expect(fresh).toBe(2);
    const inst = await w.run('man1', 'approvals.submit', { contractId: c.contractId, version: fresh });
    expect(inst.contractStatus).toBe('on_approval');
    expect(await cardVersion(w, 'man1', c.contractId)).toBe(3);
  });

  it('keeps a contract outside the scope not_found whatever version is sent, without naming who changed it', async () => {
    const w = approvalsWorld([{ login: 'man77', roles: ['manager'] }]);
    w.sql((db) => db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'region', '77')").run(w.ids.man77));
    const c = w.contract();
    for (const name of ['approvals.submit', 'approvals.recall']) {
      expect(err(await w.call('man77', name, { contractId: c.contractId, version: 99 }))).toMatchObject({ code: 'not_found', message: 'Договор не найден' });
    }
  });
});

describe('approvals.recall with the card version', () => {
  it('refuses a recall from a card opened before the contract was recalled and sent again, and writes nothing', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    await w.run('man1', 'approvals.submit', { contractId: c.contractId, version: 1 });
    const opened = await cardVersion(w, 'man1', c.contractId);
    expect(opened).toBe(2);

    // In another window the same manager recalls it and sends it again a few minutes later.
    w.advanceHours(0.1);
    await w.run('man1', 'approvals.recall', { contractId: c.contractId, version: opened });
    const second = await w.run('man1', 'approvals.submit', { contractId: c.contractId, version: opened + 1 });

    // The first window's card still says «На согласовании», so recalling would succeed but for the version.
    const before = snapshot(w);
    const stale = err(await w.call('man1', 'approvals.recall', { contractId: c.contractId, version: opened }));
    expect(stale).toMatchObject({ code: 'conflict', message: 'Договор изменён пользователем Тест man1 в 03.12.2026 13:06; обновите' });
    expect(snapshot(w)).toEqual(before);
    expect(dumpTable(w.t.dbPath, 'approval_instances').find((i) => i.id === second.instanceId)).toMatchObject({ status: 'in_progress' });

    const fresh = await cardVersion(w, 'man1', c.contractId);
    expect(fresh).toBe(4);
    expect(await w.run('man1', 'approvals.recall', { contractId: c.contractId, version: fresh })).toEqual({
      instanceId: second.instanceId,
      contractId: c.contractId,
      contractStatus: 'draft',
    });
  });

  it('still accepts callers without a version (CLI, scripts)', async () => {
    const w = approvalsWorld();
    const c = w.contract();
    // A change made behind the caller's back does not matter to a caller that sends no version.
    w.sql((db) => db.prepare('UPDATE contracts SET updated_at = ? WHERE id = ?').run('2026-12-01T00:00:00.000Z', c.contractId));
    await w.run('man1', 'approvals.submit', { contractId: c.contractId });
    expect(await w.run('man1', 'approvals.recall', { contractId: c.contractId })).toMatchObject({ contractStatus: 'draft' });
  });
});
