// A grid that refreshes itself after a live event sends X-MCM-Background: 1; the server must pass that on so the
// refresh does not count as the user's activity for the idle timeout, while a call without it does.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/open';
import { closeAfterTest, testCore } from '../helpers/core';
import { openEvents, serveTeam, type Served } from './support';

let served: Served | undefined;
afterEach(async () => {
  await served?.stop();
  served = undefined;
});

describe('background calls over HTTP', () => {
  it('leave the session’s last activity where it was; a user’s call moves it', async () => {
    const t = testCore([{ login: 'asst', roles: ['assistant'] }]);
    t.core.close();
    served = await serveTeam(t.dbPath);
    const session = await served.signIn('asst');
    const db = openDatabase(t.dbPath);
    closeAfterTest(db);
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    db.prepare('UPDATE sessions SET last_seen_at = ?').run(fiveMinutesAgo);
    const lastSeen = () => db.prepare('SELECT last_seen_at FROM sessions').pluck().get() as string;

    expect(await served.call('signals.list', { limit: 10 }, session, { 'x-mcm-background': '1' })).toMatchObject({ ok: true });
    expect(lastSeen()).toBe(fiveMinutesAgo);
    // Opening (or re-opening) the live-event stream asks who the session is: that is not the user at work either.
    const events = await openEvents(served.base, { session });
    expect(events.status).toBe(200);
    events.close();
    expect(lastSeen()).toBe(fiveMinutesAgo);
    expect(await served.call('signals.list', { limit: 10 }, session)).toMatchObject({ ok: true });
    expect(lastSeen() > fiveMinutesAgo).toBe(true);
  }, 60_000);
});
