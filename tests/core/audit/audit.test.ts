import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open';
import { testCore } from '../../helpers/core';

describe('audit log', () => {
  it('records each mutation in its transaction, with secrets redacted', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    const s = await t.signIn('boss');
    const created = await t.as(s)('users.create', { login: 'clerk', fullName: 'Иванова Анна', password: 'long-password', roles: ['finance'] });
    expect(created.ok).toBe(true);
    const page = await t.as(s)('audit.list', { sort: [{ col: 'id', dir: 'asc' }] });
    expect(page.ok).toBe(true);
    const rows = (page as { data: { rows: { command: string; userLogin: string; after: string }[]; total: number } }).data;
    expect(rows.rows.map((r) => r.command)).toEqual(['session.signIn', 'users.create']);
    expect(rows.rows[1].userLogin).toBe('boss');
    expect(rows.rows[1].after).toContain('Иванова Анна');
    expect(rows.rows.map((r) => r.after).join()).not.toContain('long-password');
  });

  it('is append-only: UPDATE and DELETE are refused by the database', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    await t.signIn('boss');
    t.core.close();
    const db = openDatabase(t.dbPath);
    expect(() => db.prepare("UPDATE audit_log SET command = 'x'").run()).toThrow(/нельзя изменять/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/нельзя удалять/);
    db.close();
  });

  it('pages, sorts and filters on the server', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    const s = await t.signIn('boss');
    for (let i = 0; i < 30; i++) {
      t.clock.advance(60_000);
      await t.as(s)('settings.set', { key: 'company.name', value: `ООО «Компания ${i}»` });
    }
    const call = async (input: unknown) =>
      ((await t.as(s)('audit.list', input)) as { data: { rows: { id: number; command: string; after: string }[]; total: number } }).data;
    const first = await call({ limit: 10, offset: 0, sort: [{ col: 'id', dir: 'desc' }] });
    expect(first.total).toBe(31);
    expect(first.rows).toHaveLength(10);
    expect(first.rows[0].after).toContain('Компания 29');
    const filtered = await call({ filters: { command: { type: 'text', op: 'equals', value: 'session.signIn' } } });
    expect(filtered.total).toBe(1);
    const searched = await call({ search: 'Компания 1' });
    // After holds 1 and 10..19; before (the previous value) adds the changes 2 and 20.
    expect(searched.total).toBe(13);
    // Cyrillic case and ё are folded in search and text filters (SQLite's own LIKE folds ASCII only).
    expect((await call({ search: 'ооо «компания 1' })).total).toBe(13);
    expect((await call({ filters: { after: { type: 'text', op: 'contains', value: 'КОМПАНИЯ 29' } } })).total).toBe(1);
    const byDate = await call({ filters: { at: { type: 'date', op: 'equals', from: '2026-12-03' } } });
    expect(byDate.total).toBe(31);
    const none = await call({ filters: { at: { type: 'date', op: 'before', from: '2026-12-03' } } });
    expect(none.total).toBe(0);
    const bad = await t.as(s)('audit.list', { sort: [{ col: 'password_hash', dir: 'asc' }] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('validation');
  });

  it('is readable only by roles with audit.read', async () => {
    const t = testCore([{ login: 'asst', roles: ['assistant'] }]);
    const s = await t.signIn('asst');
    const env = await t.as(s)('audit.list', {});
    expect(env).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Недостаточно прав для этого действия' } });
  });
});
