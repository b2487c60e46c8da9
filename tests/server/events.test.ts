// Live events over the worker-thread core: a change by one user reaches another user's stream, import progress
// reaches the importer's stream in stages, and the stream itself needs a valid session.
import { afterEach, describe, expect, it } from 'vitest';
import { fileInput, makeSignalsWorld, OUTLETS } from '../core/signals/world';
import { openEvents, serveTeam, type EventStream, type Served } from './support';

let served: Served | undefined;
const streams: EventStream[] = [];
afterEach(async () => {
  while (streams.length) streams.pop()!.close();
  await served?.stop();
  served = undefined;
});

async function stream(base: string, query: Record<string, string>): Promise<EventStream> {
  const s = await openEvents(base, query);
  streams.push(s);
  return s;
}

/** A visits file of n rows over the world's outlets, a tenth of them OOS signals. */
function visitsFile(n: number, prefix: string): string {
  const outlets = Object.keys(OUTLETS);
  const lines = ['visit_id;visit_date;outlet_code;rep_code;signal_type;sku_code;equipment_code;photo_ref;source'];
  for (let i = 1; i <= n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const tail = i % 10 === 0 ? `;OOS;SKU-${1 + (i % 4)};;;IR` : ';;;;;SFA';
    lines.push(`${prefix}-${i};${day}.10.2026;${outlets[i % outlets.length]};R-1${tail}`);
  }
  return lines.join('\r\n') + '\r\n';
}

describe('server-sent events', () => {
  // One server for the three checks: starting the worker threads costs seconds on a busy machine.
  it('needs a session for a stream, tells a second user what changed, and stays quiet about previews', async () => {
    const w = makeSignalsWorld();
    served = await serveTeam(w.t.dbPath);
    expect((await stream(served.base, {})).status).toBe(401);
    expect((await stream(served.base, { session: 'not-a-session' })).status).toBe(401);

    const asst = await served.signIn('asst');
    const lawyer = await served.signIn('lawyer');
    const mine = await stream(served.base, { session: asst });
    const theirs = await stream(served.base, { session: lawyer });
    expect(theirs.status).toBe(200);

    // A preview writes nothing anyone sees: no event for it.
    const preview = await served.call('signals.importFile', fileInput('day.csv', visitsFile(20, 'P'), { mode: 'preview' }), asst);
    expect(preview).toMatchObject({ ok: true, data: { committed: false } });

    const r = await served.call('signals.importFile', fileInput('day.csv', visitsFile(50, 'A')), asst);
    expect(r).toMatchObject({ ok: true, data: { committed: true, added: 50 } });
    const changed = await theirs.waitFor((e) => e.event === 'changed');
    expect(changed.data).toEqual({ domains: ['signals', 'penalties', 'dashboard'], command: 'signals.importFile', by: 'asst' });
    await mine.waitFor((e) => e.event === 'changed');
    // The preview came first and left nothing; progress is the caller's business only.
    expect(theirs.events).toEqual([changed]);

    // Signing out ends that session's stream, and the session cannot open a new one.
    expect(await served.call('session.signOut', {}, lawyer)).toMatchObject({ ok: true });
    await theirs.ended;
    expect((await stream(served.base, { session: lawyer })).status).toBe(401);
  }, 60_000);

  it('streams an import’s progress in stages to the caller while the HTTP thread stays responsive', async () => {
    const w = makeSignalsWorld();
    served = await serveTeam(w.t.dbPath);
    const asst = await served.signIn('asst');
    const mine = await stream(served.base, { session: asst });
    const importing = served.call('signals.importFile', fileInput('big.csv', visitsFile(30_000, 'B')), asst, { 'x-mcm-request': 'req-1' });
    // While the writer thread imports, the HTTP thread still answers (a query goes to a reader thread).
    await mine.waitFor((e) => e.event === 'progress' && e.data.stage === 'validating');
    const t0 = performance.now();
    const who = await served.call('session.whoami', {}, asst);
    const whoMs = performance.now() - t0;
    expect(who).toMatchObject({ ok: true, data: { login: 'asst' } });
    const r = await importing;
    expect(r).toMatchObject({ ok: true, data: { committed: true, added: 30_000 } });
    await mine.waitFor((e) => e.event === 'changed');

    const progress = mine.events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.every((p) => p.requestId === 'req-1' && p.command === 'signals.importFile')).toBe(true);
    const stages = [...new Set(progress.map((p) => p.stage))];
    expect(stages).toEqual(['reading', 'validating', 'writing', 'matching', 'recomputing']);
    const writing = progress.filter((p) => p.stage === 'writing');
    expect(writing[0]).toMatchObject({ done: 0, total: 30_000 });
    for (let i = 1; i < writing.length; i++) expect(writing[i].done).toBeGreaterThanOrEqual(writing[i - 1].done);
    expect(whoMs).toBeLessThan(2000);
  }, 60_000);
});
