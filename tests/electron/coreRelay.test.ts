// The desktop's local mode relays the core's live events the way the browser shell streams them (server/events.ts):
// import progress to the caller only, `changed` after a mutation, `inbox` when approvals moved. Both halves of the
// relay run here without Electron: the core process's request server on a real core, main's table of calls in flight,
// joined by a fake port that structured-clones every message as postMessage does.
import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../core/index';
import { commandTable } from '../../core/commands';
import { changedDomains as serverChangedDomains } from '../../server/events';
import { changedDomains, changeEvents } from '../../electron/changeEvents';
import { PendingCalls, type CallOptions, type ProgressPayload } from '../../electron/corePending';
import type { CoreRequest, FromCore } from '../../electron/coreProtocol';
import { createRequestServer, throttledProgress, type HostState } from '../../electron/coreRequests';
import { fileInput, makeSignalsWorld, NOW, OUTLETS } from '../core/signals/world';

/** A visits file of n rows over the world's outlets, a tenth of them OOS signals (as tests/server/events.test.ts). */
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

/** The core process's request server over a real core, recording what it posts to main. */
function host(state: HostState) {
  const posted: FromCore[] = [];
  const sink = vi.fn();
  const handle = createRequestServer({ ready: Promise.resolve(state), post: (m) => posted.push(structuredClone(m)), sink });
  let id = 0;
  const call = async (name: string, input: unknown, session?: string, progress?: boolean) => {
    const req: CoreRequest = { id: ++id, name, input, session, ...(progress ? { progress } : {}) };
    const from = posted.length;
    await handle(req);
    return posted.slice(from);
  };
  return { call, posted, sink };
}

const committed: Envelope = { ok: true, data: { committed: true }, mutated: true };

describe('change events', () => {
  it('name the same domains as the browser shell\'s server for every command', () => {
    for (const name of [...Object.keys(commandTable), 'future.verbNoun']) expect(changedDomains(name), name).toEqual(serverChangedDomains(name));
    expect(changedDomains('amnesty.grant')).toEqual(['amnesty', 'penalties', 'signals', 'dashboard']);
    expect(changedDomains('session.signIn')).toEqual([]);
  });

  it('announce committed mutations only, and the inbox when approvals moved', () => {
    expect(changeEvents('contracts.submit', committed, 'anna')).toEqual([
      { event: 'changed', payload: { domains: ['contracts', 'approvals', 'dashboard'], command: 'contracts.submit', by: 'anna' } },
      { event: 'inbox', payload: { command: 'contracts.submit', by: 'anna' } },
    ]);
    expect(changeEvents('signals.importFile', committed, null)).toEqual([
      { event: 'changed', payload: { domains: ['signals', 'penalties', 'dashboard'], command: 'signals.importFile', by: null } },
    ]);
    expect(changeEvents('signals.importFile', { ok: true, data: { committed: false }, mutated: true }, 'anna')).toEqual([]);
    expect(changeEvents('contracts.list', { ok: true, data: { rows: [] } }, 'anna')).toEqual([]);
    expect(changeEvents('contracts.submit', { ok: false, error: { code: 'conflict', message: 'x' } }, 'anna')).toEqual([]);
    expect(changeEvents('session.signIn', { ok: true, data: {}, mutated: true }, null)).toEqual([]);
  });
});

describe('throttledProgress', () => {
  it('passes each stage\'s first and last report and at most one per 100 ms between', () => {
    let now = 0;
    const seen: string[] = [];
    const report = throttledProgress((done, total, stage) => seen.push(`${stage} ${done}/${total}`), () => now);
    report(0, 100, 'reading');
    now = 50;
    report(40, 100, 'reading');
    now = 120;
    report(60, 100, 'reading');
    now = 130;
    report(80, 100, 'reading');
    report(100, 100, 'reading');
    report(0, 10, 'writing');
    expect(seen).toEqual(['reading 0/100', 'reading 60/100', 'reading 100/100', 'writing 0/10']);
  });
});

describe('the core process\'s request server', () => {
  it('posts an import\'s progress for its request, then the reply, then `changed` naming who imported', async () => {
    const w = makeSignalsWorld();
    const asst = await w.t.signIn('asst');
    const h = host({ core: w.t.core });
    const out = await h.call('signals.importFile', fileInput('day.csv', visitsFile(3000, 'A')), asst, true);

    const progress = out.filter((m): m is Extract<FromCore, { progress: unknown }> => 'progress' in m);
    expect(progress.every((m) => m.id === 1)).toBe(true);
    expect([...new Set(progress.map((m) => m.progress.stage))]).toEqual(['reading', 'validating', 'writing', 'matching', 'recomputing']);
    expect(progress.find((m) => m.progress.stage === 'writing')?.progress).toEqual({ done: 0, total: 3000, stage: 'writing' });
    const rest = out.slice(progress.length);
    expect(rest[0]).toMatchObject({ id: 1, envelope: { ok: true, data: { committed: true, added: 3000 } } });
    expect(rest.slice(1)).toEqual([
      { event: 'changed', payload: { domains: ['signals', 'penalties', 'dashboard'], command: 'signals.importFile', by: 'asst' } },
    ]);
    expect(h.sink).not.toHaveBeenCalled();
  });

  it('posts no progress unless asked, and nothing but the reply for a preview, a query or a refusal', async () => {
    const w = makeSignalsWorld();
    const asst = await w.t.signIn('asst');
    const h = host({ core: w.t.core });
    const preview = await h.call('signals.importFile', fileInput('day.csv', visitsFile(50, 'P'), { mode: 'preview' }), asst);
    expect(preview).toEqual([{ id: 1, envelope: expect.objectContaining({ ok: true, data: expect.objectContaining({ committed: false }) }) }]);
    expect(await h.call('session.whoami', {}, asst)).toEqual([{ id: 2, envelope: expect.objectContaining({ ok: true }) }]);
    const refused = await h.call('signals.importFile', fileInput('day.csv', visitsFile(5, 'R')), 'no-such-session');
    expect(refused).toEqual([{ id: 3, envelope: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'unauthenticated' }) }) }]);
  });

  it('answers every request with the store\'s failure when it could not be opened, announcing nothing', async () => {
    const failure: Envelope = { ok: false, error: { code: 'db_too_new', message: 'База создана более новой версией MCM' } };
    const h = host({ core: null, failure });
    expect(await h.call('contracts.submit', {}, 's', true)).toEqual([{ id: 1, envelope: failure }]);
  });
});

describe('main\'s calls in flight', () => {
  it('routes replies to their callers, progress to its own call\'s window only, and events to every window', () => {
    const calls = new PendingCalls();
    const a = vi.fn();
    const b = vi.fn();
    const progressA = vi.fn<(p: ProgressPayload) => void>();
    const reqA = calls.start('signals.importFile', { x: 1 }, 's', a, { onProgress: progressA });
    const reqB = calls.start('contracts.list', {}, 's', b, { requestId: 'r-grid', background: true });
    // Progress is asked for only when a window listens; the renderer's name for a call stays in main.
    expect(reqA).toEqual({ id: 1, name: 'signals.importFile', input: { x: 1 }, session: 's', progress: true });
    expect(reqB).toEqual({ id: 2, name: 'contracts.list', input: {}, session: 's', background: true });

    const onEvent = vi.fn();
    calls.receive({ id: 1, progress: { done: 5, total: 10, stage: 'writing' } }, onEvent);
    calls.receive({ id: 2, progress: { done: 1, total: 2, stage: 'reading' } }, onEvent);
    calls.receive({ id: 1, progress: { done: 'x', total: 10, stage: 'writing' } }, onEvent);
    expect(progressA.mock.calls).toEqual([[{ command: 'signals.importFile', done: 5, total: 10, stage: 'writing' }]]);

    calls.receive({ id: 2, envelope: { ok: true, data: [] } }, onEvent);
    expect(b).toHaveBeenCalledWith({ ok: true, data: [] });
    calls.receive({ event: 'changed', payload: { domains: ['signals'] } }, onEvent);
    calls.receive(null, onEvent);
    calls.receive('junk', onEvent);
    expect(onEvent.mock.calls).toEqual([['changed', { domains: ['signals'] }]]);

    // The core process died: the import's caller is answered, not left waiting; late messages for it are dropped.
    calls.failAll({ ok: false, error: { code: 'internal', message: 'перезапуск' } });
    expect(a).toHaveBeenCalledWith({ ok: false, error: { code: 'internal', message: 'перезапуск' } });
    calls.receive({ id: 1, progress: { done: 6, total: 10, stage: 'writing' } }, onEvent);
    expect(progressA).toHaveBeenCalledTimes(1);
    expect(calls.size).toBe(0);
  });

  it('with the core process\'s server behind a port: the window sees the import\'s progress and the change', async () => {
    const w = makeSignalsWorld();
    const asst = await w.t.signIn('asst');
    const calls = new PendingCalls();
    const windowEvents: [string, unknown][] = [];
    const handle = createRequestServer({
      ready: Promise.resolve({ core: w.t.core }),
      post: (m) => calls.receive(structuredClone(m), (event, payload) => windowEvents.push([event, payload])),
      sink: () => undefined,
    });
    const progress: ProgressPayload[] = [];
    const reply = new Promise<Envelope>((resolve) => {
      void handle(structuredClone(calls.start('signals.importFile', fileInput('day.csv', visitsFile(500, 'E')), asst, resolve, { onProgress: (p) => progress.push(p) })));
    });
    expect(await reply).toMatchObject({ ok: true, data: { committed: true, added: 500 } });
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.every((p) => p.command === 'signals.importFile' && p.done <= p.total)).toBe(true);
    await vi.waitFor(() => expect(windowEvents).toEqual([['changed', { domains: ['signals', 'penalties', 'dashboard'], command: 'signals.importFile', by: 'asst' }]]));
  });
});

describe('background calls and request names in local mode', () => {
  /** main's table of calls and the core process's server on a real core, joined as over the utility process port. */
  function relay(core: HostState) {
    const calls = new PendingCalls();
    const windowEvents: [string, unknown][] = [];
    const handle = createRequestServer({
      ready: Promise.resolve(core),
      post: (m) => calls.receive(structuredClone(m), (event, payload) => windowEvents.push([event, payload])),
      sink: () => undefined,
    });
    const invoke = (name: string, input: unknown, session: string, options?: CallOptions) =>
      new Promise<Envelope>((resolve) => {
        void handle(structuredClone(calls.start(name, input, session, resolve, options)));
      });
    return { invoke, windowEvents };
  }

  const FIVE_MINUTES_AGO = '2026-12-03T09:55:00.000Z';

  it('a background call leaves the session\'s last activity where it was; the user\'s own call moves it', async () => {
    const w = makeSignalsWorld();
    const asst = await w.t.signIn('asst');
    const lastSeen = () => w.db.prepare('SELECT last_seen_at FROM sessions').pluck().get() as string;
    w.db.prepare('UPDATE sessions SET last_seen_at = ?').run(FIVE_MINUTES_AGO);
    const { invoke } = relay({ core: w.t.core });

    expect(await invoke('signals.list', { limit: 10 }, asst, { requestId: 'r1-1', background: true })).toMatchObject({ ok: true });
    expect(lastSeen()).toBe(FIVE_MINUTES_AGO);
    expect(await invoke('signals.list', { limit: 10 }, asst, { requestId: 'r1-2' })).toMatchObject({ ok: true });
    expect(lastSeen()).toBe(NOW);
  });

  it('a background mutation is announced with its author, and the lookup of the author does not count as activity', async () => {
    const w = makeSignalsWorld();
    const asst = await w.t.signIn('asst');
    w.db.prepare('UPDATE sessions SET last_seen_at = ?').run(FIVE_MINUTES_AGO);
    const { invoke, windowEvents } = relay({ core: w.t.core });

    expect(await invoke('signals.importFile', fileInput('day.csv', visitsFile(20, 'B')), asst, { background: true })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(windowEvents).toEqual([['changed', expect.objectContaining({ command: 'signals.importFile', by: 'asst' })]]));
    expect(w.db.prepare('SELECT last_seen_at FROM sessions').pluck().get()).toBe(FIVE_MINUTES_AGO);
  });

  it('the progress of an import carries the renderer\'s name for the call, as the browser shell\'s does', async () => {
    const w = makeSignalsWorld();
    const asst = await w.t.signIn('asst');
    const { invoke } = relay({ core: w.t.core });
    const named: ProgressPayload[] = [];
    const unnamed: ProgressPayload[] = [];

    expect(await invoke('signals.importFile', fileInput('a.csv', visitsFile(300, 'N')), asst, { requestId: 'r9-3', onProgress: (p) => named.push(p) })).toMatchObject({
      ok: true,
    });
    expect(named.length).toBeGreaterThanOrEqual(5);
    for (const p of named) expect(Object.keys(p)).toEqual(['requestId', 'command', 'done', 'total', 'stage']);
    expect(named.every((p) => p.requestId === 'r9-3' && p.command === 'signals.importFile')).toBe(true);

    // Without a name (an older renderer), progress still reaches the caller, just unnamed.
    await invoke('signals.importFile', fileInput('b.csv', visitsFile(300, 'U')), asst, { onProgress: (p) => unnamed.push(p) });
    expect(unnamed.length).toBeGreaterThanOrEqual(5);
    expect(unnamed.some((p) => 'requestId' in p)).toBe(false);
  });
});
