// Sign-in checks the password before its transaction (scrypt off the thread), so other mutations run meanwhile; the
// lockout count and the checks that decide the answer stay inside the transaction. Background calls check the session
// without counting as the user's activity.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open';
import { hashPassword } from '../../../core/users/password';
import { closeAfterTest, testCore } from '../../helpers/core';

const GONE = { ok: false, error: { code: 'unauthenticated' } };

function setup() {
  const t = testCore([
    { login: 'anna', roles: ['manager'] },
    { login: 'boss', roles: ['admin'] },
  ]);
  const db = openDatabase(t.dbPath);
  closeAfterTest(db, t.core);
  db.prepare("DELETE FROM settings WHERE key = 'session.idle_minutes'").run();
  const signIn = (login: string, password: string) => t.core.invoke('session.signIn', { login, password });
  return { t, db, signIn };
}

describe('sign-in off the writer', () => {
  it('lets another mutation finish while the password is being checked', async () => {
    const { t, signIn } = setup();
    const boss = await t.signIn('boss');
    let signedIn = false;
    const pending = signIn('anna', 'secret').then((env) => {
      signedIn = true;
      return env;
    });
    // The same connection and thread: the setting commits while anna's scrypt runs on the thread pool.
    expect(await t.as(boss)('settings.set', { key: 'session.lockout_failures', value: '7' })).toMatchObject({ ok: true });
    expect(signedIn).toBe(false);
    expect(await pending).toMatchObject({ ok: true, data: { user: { login: 'anna' } } });
  });

  it('counts wrong passwords checked at the same time one by one and locks at the limit', async () => {
    const { db, signIn } = setup();
    const results = await Promise.all(Array.from({ length: 6 }, () => signIn('anna', 'wrong')));
    const reasons = results.map((r) => (r.ok ? 'ok' : (r.error.details?.lockedUntil ? 'locked' : r.error.message)));
    expect(reasons).toEqual(['Неверный логин или пароль', 'Неверный логин или пароль', 'Неверный логин или пароль', 'Неверный логин или пароль', 'locked', 'locked']);
    const failed = db
      .prepare("SELECT after_json FROM audit_log WHERE command = 'session.signIn' ORDER BY id")
      .pluck()
      .all()
      .map((a) => (JSON.parse(a as string) as { signInFailed: string }).signInFailed);
    expect(failed).toEqual(['wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'locked_now', 'locked']);
    expect(await signIn('anna', 'secret')).toMatchObject({ ok: false, error: { details: { lockedUntil: '2026-12-03T10:15:00.000Z' } } });
  });

  it('checks again against a password changed while the old one was being verified', async () => {
    const { db, signIn } = setup();
    const pending = signIn('anna', 'secret');
    // The check before the transaction has read the old hash; the password changes before the transaction runs.
    db.prepare("UPDATE users SET password_hash = ? WHERE login = 'anna'").run(hashPassword('changed'));
    expect(await pending).toMatchObject({ ok: false, error: { message: 'Неверный логин или пароль' } });
    expect(await signIn('anna', 'changed')).toMatchObject({ ok: true });
  });
});

describe('background calls and the idle timeout', () => {
  it('do not keep an idle session alive, though they still need a live one', async () => {
    const { t, db } = setup();
    const s = await t.signIn('anna');
    const background = () => t.core.invoke('session.whoami', {}, { session: s, background: true });
    t.clock.advance(20 * 60_000);
    expect(await background()).toMatchObject({ ok: true, data: { login: 'anna' } });
    expect(db.prepare('SELECT last_seen_at FROM sessions').pluck().get()).toBeNull();
    t.clock.advance(9 * 60_000);
    expect(await background()).toMatchObject({ ok: true });
    t.clock.advance(2 * 60_000); // 31 minutes after the user last did anything
    expect(await background()).toMatchObject(GONE);
    expect(await t.as(s)('session.whoami')).toMatchObject(GONE);
  });

  it('while the user’s own calls do', async () => {
    const { t } = setup();
    const s = await t.signIn('anna');
    t.clock.advance(20 * 60_000);
    expect(await t.as(s)('session.whoami')).toMatchObject({ ok: true });
    t.clock.advance(20 * 60_000);
    expect(await t.core.invoke('session.whoami', {}, { session: s, background: true })).toMatchObject({ ok: true });
  });
});
