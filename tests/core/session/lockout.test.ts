import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open';
import { closeAfterTest, testCore } from '../../helpers/core';

const WRONG = { ok: false, error: { code: 'unauthenticated', message: 'Неверный логин или пароль' } };

function setup() {
  const t = testCore([
    { login: 'anna', roles: ['manager'] },
    { login: 'boss', roles: ['admin'] },
  ]);
  const db = openDatabase(t.dbPath);
  closeAfterTest(db, t.core);
  const signIn = (login: string, password: string) => t.core.invoke('session.signIn', { login, password });
  const failures = () =>
    db
      .prepare("SELECT user_login AS login, after_json AS after FROM audit_log WHERE command = 'session.signIn' AND after_json LIKE '%signInFailed%' ORDER BY id")
      .all()
      .map((r) => {
        const row = r as { login: string; after: string };
        return { login: row.login, ...(JSON.parse(row.after) as { signInFailed: string; [k: string]: unknown }) };
      });
  return { t, db, signIn, failures };
}

describe('sign-in lockout', () => {
  it('locks after five wrong passwords in a row with the unlock time, refuses even the right password, then lets in', async () => {
    const { t, signIn, failures } = setup();
    for (let i = 0; i < 4; i++) expect(await signIn('anna', 'wrong')).toEqual(WRONG);
    // Clock: 10:00 UTC = 13:00 Moscow; the lock lasts 15 minutes.
    const locked = {
      ok: false,
      error: {
        code: 'unauthenticated',
        message:
          'Вход заблокирован после 5 неудачных попыток до 03.12.2026 13:15. Повторите позже или попросите администратора разблокировать учётную запись.',
        details: { lockedUntil: '2026-12-03T10:15:00.000Z' },
      },
    };
    expect(await signIn('anna', 'wrong')).toEqual(locked);
    expect(await signIn('anna', 'secret')).toEqual(locked);
    expect(failures().map((f) => f.signInFailed)).toEqual(['wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'locked_now', 'locked']);
    expect(failures()[3]).toMatchObject({ login: 'anna', failures: 4 });

    t.clock.advance(14 * 60_000);
    expect(await signIn('anna', 'secret')).toMatchObject({ ok: false, error: { details: { lockedUntil: '2026-12-03T10:15:00.000Z' } } });
    t.clock.advance(60_000);
    expect(await signIn('anna', 'secret')).toMatchObject({ ok: true });
  });

  it('counts only failures in a row: a successful sign-in starts the count afresh', async () => {
    const { signIn, db } = setup();
    for (let i = 0; i < 4; i++) await signIn('anna', 'wrong');
    expect((await signIn('anna', 'secret')).ok).toBe(true);
    for (let i = 0; i < 4; i++) expect(await signIn('anna', 'wrong')).toEqual(WRONG);
    expect(db.prepare("SELECT failed_sign_ins, locked_until FROM users WHERE login = 'anna'").get()).toEqual({ failed_sign_ins: 4, locked_until: null });
  });

  it('follows the lockout settings', async () => {
    const { t, signIn } = setup();
    const boss = await t.signIn('boss');
    expect((await t.as(boss)('settings.set', { key: 'session.lockout_failures', value: '2' })).ok).toBe(true);
    expect((await t.as(boss)('settings.set', { key: 'session.lockout_minutes', value: '60' })).ok).toBe(true);
    expect(await t.as(boss)('settings.set', { key: 'session.lockout_minutes', value: 'час' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await signIn('anna', 'wrong')).toEqual(WRONG);
    expect(await signIn('anna', 'wrong')).toMatchObject({ ok: false, error: { message: expect.stringContaining('после 2 неудачных попыток до 03.12.2026 14:00') } });
  });

  it('audits unknown logins too, without revealing them, and never stores the password', async () => {
    const { signIn, failures, db } = setup();
    expect(await signIn('ghost', 'hunter2')).toEqual(WRONG);
    expect(failures()).toEqual([{ login: 'ghost', signInFailed: 'unknown_login' }]);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE after_json LIKE '%hunter2%'").pluck().get()).toBe(0);
  });

  it('lets an administrator unlock an account; others may not', async () => {
    const { t, signIn } = setup();
    for (let i = 0; i < 5; i++) await signIn('anna', 'wrong');
    // An attempt during the lock counts too: the administrator sees someone is still trying.
    await signIn('anna', 'secret');
    const boss = await t.signIn('boss');
    const lockouts = await t.as(boss)('users.lockouts');
    expect(lockouts).toMatchObject({ ok: true, data: [{ login: 'anna', lockedUntil: '2026-12-03T10:15:00.000Z', failures: 6 }] });
    const annaId = (lockouts as { data: { userId: number }[] }).data[0]!.userId;

    const other = testCore([{ login: 'mgr', roles: ['manager'] }]);
    const mgr = await other.signIn('mgr');
    expect(await other.as(mgr)('users.unlock', { userId: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(await t.as(boss)('users.unlock', { userId: annaId })).toEqual({
      ok: true,
      data: { userId: annaId, wasLockedUntil: '2026-12-03T10:15:00.000Z' },
      mutated: true,
    });
    expect((await signIn('anna', 'secret')).ok).toBe(true);
    expect(await t.as(boss)('users.lockouts')).toMatchObject({ ok: true, data: [] });
    // The count starts afresh after the unlock and the successful sign-in.
    for (let i = 0; i < 5; i++) await signIn('anna', 'wrong');
    expect(await t.as(boss)('users.lockouts')).toMatchObject({ ok: true, data: [{ login: 'anna', failures: 5 }] });
  });
});
