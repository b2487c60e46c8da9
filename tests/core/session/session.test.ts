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

describe('user scope', () => {
  it('is set by an admin, checked against the reference data, and carried in the session', async () => {
    const t = testCore([
      { login: 'boss', roles: ['admin'] },
      { login: 'rm', roles: ['manager'] },
    ]);
    const boss = await t.signIn('boss');
    const users = (await t.as(boss)('users.list')) as { data: { id: number; login: string }[] };
    const rm = users.data.find((u) => u.login === 'rm')!;
    expect(await t.as(boss)('users.setScope', { userId: rm.id, districts: ['XX'] })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await t.as(boss)('users.setScope', { userId: rm.id, districts: ['ПФО'], regions: ['77'] })).toEqual({
      ok: true,
      data: { districts: ['ПФО'], regions: ['77'] },
      mutated: true,
    });
    const s = await t.signIn('rm');
    expect(await t.as(s)('session.whoami')).toMatchObject({ ok: true, data: { scope: { districts: ['ПФО'], regions: ['77'] } } });
    expect(await t.as(s)('users.setScope', { userId: rm.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('limits SQL to the scope: regions listed or inside the districts', async () => {
    const { scopeCondition } = await import('../../../core/users/scope');
    expect(scopeCondition({ districts: [], regions: [] }, 'o.region_code')).toEqual({ sql: '1', params: [] });
    const c = scopeCondition({ districts: ['ПФО'], regions: ['77'] }, 'o.region_code');
    expect(c.params).toEqual(['77', 'ПФО']);
    const t = testCore();
    t.core.close();
    const { openDatabase } = await import('../../../core/db/open');
    const db = openDatabase(t.dbPath);
    const codes = db.prepare(`SELECT code FROM regions o2 WHERE ${c.sql.replaceAll('o.region_code', 'o2.code')} ORDER BY code`).pluck().all(...c.params);
    expect(codes).toEqual(['02', '12', '13', '16', '18', '21', '43', '52', '56', '58', '59', '63', '64', '73', '77']);
    db.close();
  });
});

describe('the CLI system account', () => {
  it('acts as an admin only in-process, is named in the audit, and can never sign in', async () => {
    const t = testCore();
    expect(await t.core.invoke('session.info', {})).toMatchObject({ ok: true, data: { hasUsers: false } });
    const set = await t.core.invoke('settings.set', { key: 'company.name', value: 'ООО «Ромашка»' }, { system: true });
    expect(set.ok).toBe(true);
    const audit = await t.core.invoke('audit.list', {}, { system: true });
    expect(audit).toMatchObject({ ok: true, data: { rows: [{ userLogin: 'system', command: 'settings.set' }] } });
    expect(await t.core.invoke('session.signIn', { login: 'system', password: '!' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
