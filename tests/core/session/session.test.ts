import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../core/users/password';
import { testCore } from '../../helpers/core';

describe('passwords', () => {
  it('are hashed with scrypt and verified', () => {
    const h = hashPassword('пароль-123');
    expect(h.startsWith('scrypt$')).toBe(true);
    expect(h).not.toContain('пароль');
    expect(verifyPassword('пароль-123', h)).toBe(true);
    expect(verifyPassword('пароль-124', h)).toBe(false);
    expect(verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('sessions and permissions', () => {
  it('signs in with a token per sign-in, and whoami reflects the user and permissions', async () => {
    const t = testCore([{ login: 'Legal1', roles: ['legal', 'finance'] }]);
    const a = await t.signIn('legal1');
    const b = await t.signIn('LEGAL1');
    expect(a).not.toBe(b);
    const who = await t.as(a)('session.whoami');
    expect(who).toMatchObject({ ok: true, data: { login: 'Legal1', roles: ['legal', 'finance'] } });
    expect((who as { data: { permissions: string[] } }).data.permissions).toContain('audit.read');
    expect((who as { data: { permissions: string[] } }).data.permissions).not.toContain('settings.write');
  });

  it('refuses a wrong password with one message that does not reveal the login exists', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    const wrong = await t.core.invoke('session.signIn', { login: 'boss', password: 'nope' });
    const unknown = await t.core.invoke('session.signIn', { login: 'ghost', password: 'nope' });
    expect(wrong).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Неверный логин или пароль' } });
    expect(unknown).toEqual(wrong);
  });

  it('refuses commands without a session, after sign-out, and after expiry', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    expect(await t.core.invoke('users.list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const s = await t.signIn('boss');
    expect((await t.as(s)('users.list')).ok).toBe(true);
    expect((await t.as(s)('session.signOut')).ok).toBe(true);
    expect(await t.as(s)('users.list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const s2 = await t.signIn('boss');
    t.clock.advance(13 * 3600_000);
    expect(await t.as(s2)('users.list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('checks the permission of every command in the core', async () => {
    const t = testCore([
      { login: 'boss', roles: ['admin'] },
      { login: 'rep', roles: ['manager'] },
    ]);
    const rep = await t.signIn('rep');
    const env = await t.as(rep)('users.create', { login: 'x1', fullName: 'Иван Петров', password: '12345678', roles: ['admin'] });
    expect(env).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const boss = await t.signIn('boss');
    const list = await t.as(boss)('users.list');
    expect((list as { data: unknown[] }).data).toHaveLength(2);
  });

  it('reports unknown commands and invalid input in Russian, changing nothing', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    const s = await t.signIn('boss');
    expect(await t.as(s)('nope.doThing')).toMatchObject({ ok: false, error: { code: 'unknown_command', message: 'Неизвестная команда: nope.doThing' } });
    const bad = await t.as(s)('users.create', { login: 'x', fullName: 'Иван Петров', password: 'short', roles: [] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('validation');
      expect(bad.error.details?.issues?.map((i) => i.path)).toEqual(['login', 'password', 'roles']);
      expect(bad.error.message).toMatch(/[А-Яа-я]/);
    }
    const users = await t.as(s)('users.list');
    expect((users as { data: unknown[] }).data).toHaveLength(1);
  });

  it('tells the sign-in screen the OS user and whether the database has users', async () => {
    const empty = testCore();
    expect(await empty.core.invoke('session.info', {})).toMatchObject({ ok: true, data: { osUser: 'tester', hasUsers: false } });
  });
});
