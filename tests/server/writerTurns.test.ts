// The writer thread's turns with real worker threads on a small store: a short mutation queued behind imports is
// answered before them, a sign-in's password check does not hold the writer, and background calls do not count as
// the user's activity.
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkerCore, type WorkerCore } from '../../server/workerCore';
import { fileInput, makeSignalsWorld, OUTLETS } from '../core/signals/world';

let core: WorkerCore | undefined;
afterEach(async () => {
  await core?.shutdown();
  core = undefined;
});

function visitsFile(n: number, prefix: string): string {
  const outlets = Object.keys(OUTLETS);
  const lines = ['visit_id;visit_date;outlet_code;rep_code;signal_type;sku_code;equipment_code;photo_ref;source'];
  for (let i = 1; i <= n; i++) lines.push(`${prefix}-${i};${String(1 + (i % 28)).padStart(2, '0')}.10.2026;${outlets[i % outlets.length]};R-1;;;;;SFA`);
  return lines.join('\r\n') + '\r\n';
}

async function setup() {
  const w = makeSignalsWorld();
  core = await startWorkerCore({ dbPath: w.t.dbPath, osUser: 'tester', appVersion: 'test', readers: 1 });
  const signIn = async (login: string) => {
    const env = await core!.invoke('session.signIn', { login, password: 'secret' });
    if (!env.ok) throw new Error(env.error.message);
    return (env.data as { token: string }).token;
  };
  /** Calls a command and notes in `replies` when its answer came. */
  const replies: string[] = [];
  const call = (label: string, name: string, input: unknown, session?: string) =>
    core!.invoke(name, input, { session }).then((env) => {
      replies.push(label);
      return env;
    });
  return { w, core, signIn, call, replies };
}

describe('writer turns', () => {
  it('answers a short mutation queued behind two imports before the second import', async () => {
    const { signIn, call, replies } = await setup();
    const asst = await signIn('asst');
    const adm = await signIn('adm');
    // Sent in one go: the first import takes the writer, the second import and the setting wait for their turn.
    const results = await Promise.all([
      call('import 1', 'signals.importFile', fileInput('a.csv', visitsFile(3000, 'A')), asst),
      call('import 2', 'signals.importFile', fileInput('b.csv', visitsFile(3000, 'B')), asst),
      call('setting', 'settings.set', { key: 'session.idle_minutes', value: '45' }, adm),
    ]);
    for (const r of results) expect(r).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({ data: { committed: true, added: 3000 } });
    expect(replies).toEqual(['import 1', 'setting', 'import 2']);
  }, 60_000);

  it('keeps one session’s mutations in their order', async () => {
    const { signIn, call, replies } = await setup();
    const asst = await signIn('asst');
    await Promise.all([
      call('import 1', 'signals.importFile', fileInput('a.csv', visitsFile(2000, 'A')), asst),
      call('import 2', 'signals.importFile', fileInput('b.csv', visitsFile(2000, 'B')), asst),
      call('profile', 'signals.saveProfile', { name: 'Как у сети', mapping: { visit_id: 'ИД' } }, asst),
    ]);
    expect(replies).toEqual(['import 1', 'import 2', 'profile']);
  }, 60_000);

  it('runs another mutation while a sign-in is checking its password', async () => {
    const { signIn, call, replies } = await setup();
    const adm = await signIn('adm');
    const [signedIn, set] = await Promise.all([
      call('sign-in', 'session.signIn', { login: 'lawyer', password: 'secret' }),
      call('setting', 'settings.set', { key: 'session.idle_minutes', value: '45' }, adm),
    ]);
    expect(signedIn).toMatchObject({ ok: true, data: { user: { login: 'lawyer' } } });
    expect(set).toMatchObject({ ok: true });
    // Before, scrypt ran inside the sign-in's transaction on the writer, and the setting waited for it.
    expect(replies).toEqual(['setting', 'sign-in']);
  }, 60_000);

  it('does not restart the idle window for background calls', async () => {
    const { w, signIn } = await setup();
    const asst = await signIn('asst');
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    w.db.prepare('UPDATE sessions SET last_seen_at = ?').run(fiveMinutesAgo);
    const lastSeen = () => w.db.prepare('SELECT last_seen_at FROM sessions').pluck().get() as string;

    expect(await core!.invoke('signals.list', { offset: 0, limit: 10 }, { session: asst, background: true })).toMatchObject({ ok: true });
    expect(lastSeen()).toBe(fiveMinutesAgo);
    expect(await core!.invoke('signals.list', { offset: 0, limit: 10 }, { session: asst })).toMatchObject({ ok: true });
    expect(lastSeen() > fiveMinutesAgo).toBe(true);
  }, 60_000);
});
