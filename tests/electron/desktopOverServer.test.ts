// The desktop's server mode end to end, without Electron: the forwarder and the event relay main uses, against the
// real team-mode server (server/http.ts) on loopback, with Node's fetch standing in for net.fetch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/http';
import { openServerEvents } from '../../electron/serverEvents';
import { serverForwarder } from '../../electron/serverForward';
import { openDatabase } from '../../core/db/open';
import { closeAfterTest, tempDir, testCore } from '../helpers/core';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CP = {
  type: 'ЮЛ',
  name: 'ПАО «Газпром»',
  inn: '7736050003',
  kpp: '773601001',
  ogrn: '1027700070518',
  vatMode: 'VAT',
  bik: '044525225',
  account: '40702810938000000001',
  corrAccount: '30101810400000000225',
  bankName: 'ПАО Сбербанк',
};

async function desktops() {
  const t = testCore([
    { login: 'anna', roles: ['admin'] },
    { login: 'boris', roles: ['admin'] },
  ]);
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>MCM</title>');
  server = await startServer({ core: t.core, staticDir, team: { host: '127.0.0.1' } });
  const url = `http://127.0.0.1:${server.port}`;
  const invoke = serverForwarder({ url, fetch });
  const signIn = async (login: string) => {
    const env = await invoke('session.signIn', { login, password: 'secret' }, undefined);
    if (!env.ok) throw new Error(env.error.message);
    return (env.data as { token: string }).token;
  };
  return { url, invoke, signIn, dbPath: t.dbPath };
}

describe('desktop in server mode', () => {
  it('works through the forwarder, and of two desktops saving one counterparty only the first wins', async () => {
    const { invoke, signIn } = await desktops();
    expect(await invoke('session.info', {}, undefined)).toMatchObject({ ok: true, data: { hasUsers: true } });
    const anna = await signIn('anna');
    const boris = await signIn('boris');
    const created = await invoke('counterparties.save', CP, anna);
    expect(created).toMatchObject({ ok: true, data: { version: 1 } });
    const id = (created as { data: { id: number } }).data.id;

    expect(await invoke('counterparties.save', { ...CP, id, version: 1, name: 'ПАО «Газпром» (Анна)' }, anna)).toMatchObject({ ok: true, data: { version: 2 } });
    expect(await invoke('counterparties.save', { ...CP, id, version: 1, name: 'ПАО «Газпром» (Борис)' }, boris)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Контрагент изменён пользователем Тест anna в 03.12.2026 13:00; обновите' },
    });
    expect(await invoke('counterparties.get', { id }, boris)).toMatchObject({ ok: true, data: { name: 'ПАО «Газпром» (Анна)', version: 2 } });
  });

  it('locks out after wrong passwords over the network, with the unlock time', async () => {
    const { invoke } = await desktops();
    for (let i = 0; i < 4; i++) expect(await invoke('session.signIn', { login: 'anna', password: 'x' }, undefined)).toMatchObject({ ok: false });
    expect(await invoke('session.signIn', { login: 'anna', password: 'x' }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', message: expect.stringContaining('Вход заблокирован после 5 неудачных попыток до 03.12.2026 13:15') },
    });
  });

  it('relays the server\'s live events to a second desktop', async () => {
    const { url, invoke, signIn } = await desktops();
    const anna = await signIn('anna');
    const boris = await signIn('boris');
    const seen: { event: string; payload: unknown }[] = [];
    const stream = openServerEvents({ url, session: boris, fetch, onEvent: (event, payload) => seen.push({ event, payload }), retryMs: 50 });
    try {
      // The stream is open once the server counts it; then Anna's change reaches Boris's window.
      await expect.poll(() => server!.events.size).toBe(1);
      expect((await invoke('counterparties.save', CP, anna)).ok).toBe(true);
      await expect.poll(() => seen.find((e) => e.event === 'changed')).toMatchObject({ payload: { domains: expect.arrayContaining(['counterparties']) } });
    } finally {
      stream.stop();
      await stream.done;
    }
  });

  it('streams the progress of a desktop\'s own import to its window', async () => {
    const { url, invoke, signIn } = await desktops();
    const anna = await signIn('anna');
    const seen: { event: string; payload: unknown }[] = [];
    const stream = openServerEvents({ url, session: anna, fetch, onEvent: (event, payload) => seen.push({ event, payload }), retryMs: 50 });
    try {
      await expect.poll(() => server!.events.size).toBe(1);
      const rows = Array.from({ length: 200 }, (_, i) => `V-${i};0${1 + (i % 9)}.10.2026;TT-001;R-1;;;;;SFA`);
      const csv = ['visit_id;visit_date;outlet_code;rep_code;signal_type;sku_code;equipment_code;photo_ref;source', ...rows].join('\r\n');
      const file = { fileName: 'day.csv', contentBase64: Buffer.from(csv).toString('base64'), mode: 'preview' };
      expect((await invoke('signals.importFile', file, anna)).ok).toBe(true);
      // The forwarder named the call, so the server sent its progress to this session's stream.
      await expect.poll(() => seen.filter((e) => e.event === 'progress').length).toBeGreaterThan(0);
      for (const e of seen.filter((x) => x.event === 'progress')) {
        expect(e.payload).toMatchObject({ requestId: expect.stringMatching(/^d[0-9a-z]+-\d+$/), command: 'signals.importFile' });
      }
    } finally {
      stream.stop();
      await stream.done;
    }
  });

  it('names progress by the renderer\'s id, and a background call leaves the session\'s last activity alone', async () => {
    const { url, invoke, signIn, dbPath } = await desktops();
    const anna = await signIn('anna');
    const db = openDatabase(dbPath);
    closeAfterTest(db);
    const fiveMinutesAgo = '2026-12-03T09:55:00.000Z';
    const lastSeen = () => db.prepare('SELECT last_seen_at FROM sessions').pluck().get() as string;

    const seen: { event: string; payload: unknown }[] = [];
    const stream = openServerEvents({ url, session: anna, fetch, onEvent: (event, payload) => seen.push({ event, payload }), retryMs: 50 });
    try {
      await expect.poll(() => server!.events.size).toBe(1);
      // Set once the stream is open: the server checks the session when a stream opens, as the user's doing.
      db.prepare('UPDATE sessions SET last_seen_at = ?').run(fiveMinutesAgo);
      const rows = Array.from({ length: 200 }, (_, i) => `V-${i};0${1 + (i % 9)}.10.2026;TT-001;R-1;;;;;SFA`);
      const csv = ['visit_id;visit_date;outlet_code;rep_code;signal_type;sku_code;equipment_code;photo_ref;source', ...rows].join('\r\n');
      const file = { fileName: 'day.csv', contentBase64: Buffer.from(csv).toString('base64'), mode: 'preview' };
      expect((await invoke('signals.importFile', file, anna, { requestId: 'r1k2-9', background: true })).ok).toBe(true);
      await expect.poll(() => seen.filter((e) => e.event === 'progress').length).toBeGreaterThan(0);
      for (const e of seen.filter((x) => x.event === 'progress')) expect(e.payload).toMatchObject({ requestId: 'r1k2-9', command: 'signals.importFile' });
      expect(lastSeen()).toBe(fiveMinutesAgo);

      expect((await invoke('contracts.list', {}, anna, { requestId: 'r1k2-10' })).ok).toBe(true);
      expect(lastSeen() > fiveMinutesAgo).toBe(true);
    } finally {
      stream.stop();
      await stream.done;
    }
  });
});
