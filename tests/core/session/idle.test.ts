import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open';
import { closeAfterTest, testCore } from '../../helpers/core';

const GONE = { ok: false, error: { code: 'unauthenticated' } };

/** testCore relaxes the idle timeout for workflow tests; these tests restore the product default of 30 minutes. */
function setup() {
  const t = testCore([
    { login: 'anna', roles: ['manager'] },
    { login: 'boss', roles: ['admin'] },
  ]);
  const db = openDatabase(t.dbPath);
  closeAfterTest(db, t.core);
  db.prepare("DELETE FROM settings WHERE key = 'session.idle_minutes'").run();
  return { t, db };
}

describe('session idle timeout', () => {
  it('ends a session unused for more than 30 minutes, while use keeps it alive', async () => {
    const { t } = setup();
    const s = await t.signIn('anna');
    const whoami = () => t.as(s)('session.whoami');
    t.clock.advance(29 * 60_000);
    expect((await whoami()).ok).toBe(true);
    t.clock.advance(29 * 60_000);
    expect((await whoami()).ok).toBe(true);
    t.clock.advance(30 * 60_000 + 1);
    expect(await whoami()).toMatchObject(GONE);
  });

  it('keeps the 12-hour limit for a session in constant use', async () => {
    const { t } = setup();
    const s = await t.signIn('anna');
    for (let i = 0; i < 28; i++) {
      t.clock.advance(25 * 60_000);
      expect((await t.as(s)('session.whoami')).ok).toBe(true);
    }
    t.clock.advance(25 * 60_000); // 12 h 5 min after sign-in
    expect(await t.as(s)('session.whoami')).toMatchObject(GONE);
  });

  it('follows the idle setting', async () => {
    const { t } = setup();
    const boss = await t.signIn('boss');
    expect((await t.as(boss)('settings.set', { key: 'session.idle_minutes', value: '5' })).ok).toBe(true);
    const s = await t.signIn('anna');
    t.clock.advance(6 * 60_000);
    expect(await t.as(s)('session.whoami')).toMatchObject(GONE);
  });

  it('records use at most once a minute, so queries rarely write', async () => {
    const { t, db } = setup();
    const s = await t.signIn('anna');
    const lastSeen = () => db.prepare('SELECT last_seen_at FROM sessions').pluck().get();
    await t.as(s)('session.whoami');
    expect(lastSeen()).toBeNull();
    t.clock.advance(61_000);
    await t.as(s)('session.whoami');
    expect(lastSeen()).toBe('2026-12-03T10:01:01.000Z');
  });

  it('does not wait for a busy store just to record use', async () => {
    const { t, db } = setup();
    const s = await t.signIn('anna');
    t.clock.advance(5 * 60_000);
    // Another connection holds the write lock (a long import, say): the query still answers at once.
    db.prepare('BEGIN IMMEDIATE').run();
    try {
      const started = performance.now();
      expect((await t.as(s)('session.whoami')).ok).toBe(true);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      db.prepare('ROLLBACK').run();
    }
  });
});

describe('sign out everywhere', () => {
  it('ends every session of the user and no one else\'s', async () => {
    const { t } = setup();
    const desk = await t.signIn('anna');
    const laptop = await t.signIn('anna');
    const boss = await t.signIn('boss');
    expect(await t.as(laptop)('session.signOutEverywhere')).toEqual({ ok: true, data: { revoked: 2 }, mutated: true });
    expect(await t.as(desk)('session.whoami')).toMatchObject(GONE);
    expect(await t.as(laptop)('session.whoami')).toMatchObject(GONE);
    expect((await t.as(boss)('session.whoami')).ok).toBe(true);
  });
});
