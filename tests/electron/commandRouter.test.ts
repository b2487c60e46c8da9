import { describe, expect, it, vi } from 'vitest';
import { createCommandRouter, type Invoke } from '../../electron/commandRouter';
import type { Connection } from '../../electron/connection';

function setup(initial: Connection) {
  let saved: Connection | null = null;
  const localInvoke = vi.fn<Invoke>(async (name) => ({ ok: true, data: `local:${name}` }));
  const servers: string[] = [];
  const local = vi.fn(() => localInvoke);
  const router = createCommandRouter({
    local,
    forwarder: (url) => {
      servers.push(url);
      return async (name, _input, session) => ({ ok: true, data: `${url}:${name}:${session ?? '-'}` });
    },
    readConnection: () => initial,
    writeConnection: (c) => {
      saved = c;
    },
  });
  return { router, local, localInvoke, servers, saved: () => saved };
}

describe('desktop command router', () => {
  it('sends commands to the local core by default, starting it only when first needed', async () => {
    const s = setup({ mode: 'local' });
    expect(s.local).not.toHaveBeenCalled();
    expect(await s.router.invoke('contracts.list', {}, 'tok')).toEqual({ ok: true, data: 'local:contracts.list' });
    // The caller's flags and progress listener travel with the call (the local core reports an import's progress to it).
    const options = { requestId: 'r1-7', background: true, onProgress: vi.fn() };
    await s.router.invoke('contracts.get', { id: 1 }, 'tok', options);
    expect(s.local).toHaveBeenCalledTimes(1);
    expect(s.localInvoke).toHaveBeenLastCalledWith('contracts.get', { id: 1 }, 'tok', options);
  });

  it('forwards to the server in server mode and never opens the local database', async () => {
    const s = setup({ mode: 'server', url: 'https://mcm.company.ru' });
    expect(await s.router.invoke('contracts.list', {}, 'tok')).toEqual({ ok: true, data: 'https://mcm.company.ru:contracts.list:tok' });
    expect(s.local).not.toHaveBeenCalled();
  });

  it('passes the renderer\'s request name and background mark on to the server too', async () => {
    const seen: unknown[] = [];
    const router = createCommandRouter({
      local: () => async () => ({ ok: true, data: null }),
      forwarder: () => async (_name, _input, _session, options) => {
        seen.push(options);
        return { ok: true, data: null };
      },
      readConnection: () => ({ mode: 'server', url: 'https://mcm.company.ru' }),
      writeConnection: () => undefined,
    });
    await router.invoke('contracts.list', {}, 'tok', { requestId: 'r1-3', background: true });
    expect(seen).toEqual([{ requestId: 'r1-3', background: true }]);
  });

  it('answers desktop.* itself: shows, checks and switches the connection, saving it per desktop', async () => {
    const s = setup({ mode: 'local' });
    expect(await s.router.invoke('desktop.connection', {}, undefined)).toEqual({ ok: true, data: { shell: 'desktop', mode: 'local' } });
    expect(await s.router.invoke('desktop.checkServer', { url: 'https://mcm.company.ru/' }, 'tok')).toEqual({
      ok: true,
      data: 'https://mcm.company.ru:session.info:-',
    });
    expect(await s.router.invoke('desktop.setConnection', { mode: 'server', url: 'http://mcm.company.ru' }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringContaining('Без шифрования') },
    });
    expect(s.saved()).toBeNull();

    await s.router.invoke('contracts.list', {}, 'tok');
    const switched = await s.router.invoke('desktop.setConnection', { mode: 'server', url: 'https://mcm.company.ru/' }, undefined);
    expect(switched).toMatchObject({ ok: true, data: { mode: 'server', url: 'https://mcm.company.ru' } });
    expect(s.saved()).toEqual({ mode: 'server', url: 'https://mcm.company.ru' });
    expect(await s.router.invoke('contracts.list', {}, 'tok2')).toEqual({ ok: true, data: 'https://mcm.company.ru:contracts.list:tok2' });

    await s.router.invoke('desktop.setConnection', { mode: 'local' }, undefined);
    expect(await s.router.invoke('contracts.list', {}, 'tok3')).toEqual({ ok: true, data: 'local:contracts.list' });
  });

  it('in server mode keeps one live-event stream, for the session in use', async () => {
    const streams: string[] = [];
    const stopped: string[] = [];
    const router = createCommandRouter({
      local: () => async () => ({ ok: true, data: null }),
      forwarder: () => async () => ({ ok: true, data: null }),
      readConnection: () => ({ mode: 'server', url: 'https://mcm.company.ru' }),
      writeConnection: () => undefined,
      watchEvents: (url, session) => {
        streams.push(`${url} ${session}`);
        return () => stopped.push(session);
      },
    });
    await router.invoke('session.info', {}, undefined);
    await router.invoke('contracts.list', {}, 'a');
    await router.invoke('contracts.get', { id: 1 }, 'a');
    expect(streams).toEqual(['https://mcm.company.ru a']);
    await router.invoke('session.whoami', {}, 'b');
    expect(streams).toEqual(['https://mcm.company.ru a', 'https://mcm.company.ru b']);
    expect(stopped).toEqual(['a']);
    await router.invoke('desktop.setConnection', { mode: 'local' }, undefined);
    expect(stopped).toEqual(['a', 'b']);
  });

  it('checks a server trusting a given certificate, and saves the trusted certificate with the connection', async () => {
    const FP = 'EC:99:5A:F4:83:14:4E:D8:F9:36:04:B6:76:E0:D0:97:48:EA:F1:D6:9D:AE:E6:B0:7C:6D:F6:83:9F:73:5F:28';
    let saved: Connection | null = null;
    const forwarders: string[] = [];
    const streams: string[] = [];
    const router = createCommandRouter({
      local: () => async () => ({ ok: true, data: null }),
      forwarder: (url, certificate) => {
        forwarders.push(`${url} ${certificate ?? 'system'}`);
        return async () => ({ ok: true, data: null });
      },
      readConnection: () => ({ mode: 'local' }),
      writeConnection: (c) => {
        saved = c;
      },
      watchEvents: (url, session, certificate) => {
        streams.push(`${url} ${session} ${certificate ?? 'system'}`);
        return () => undefined;
      },
    });
    // The panel sends the fingerprint as the check showed it; it reaches the forwarder normalised.
    await router.invoke('desktop.checkServer', { url: 'https://mcm.company.ru', certificate: FP.toLowerCase() }, undefined);
    await router.invoke('desktop.checkServer', { url: 'https://mcm.company.ru' }, undefined);
    expect(forwarders).toEqual([`https://mcm.company.ru ${FP}`, 'https://mcm.company.ru system']);
    expect(await router.invoke('desktop.checkServer', { url: 'https://mcm.company.ru', certificate: 'AB:CD' }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringContaining('Неверный отпечаток') },
    });

    expect(await router.invoke('desktop.setConnection', { mode: 'server', url: 'https://mcm.company.ru', certificate: FP }, undefined)).toMatchObject({
      ok: true,
      data: { shell: 'desktop', mode: 'server', url: 'https://mcm.company.ru', certificate: FP },
    });
    expect(saved).toEqual({ mode: 'server', url: 'https://mcm.company.ru', certificate: FP });
    await router.invoke('contracts.list', {}, 'tok');
    expect(forwarders.at(-1)).toBe(`https://mcm.company.ru ${FP}`);
    expect(streams).toEqual([`https://mcm.company.ru tok ${FP}`]);
    expect(await router.invoke('desktop.connection', {}, undefined)).toEqual({
      ok: true,
      data: { shell: 'desktop', mode: 'server', url: 'https://mcm.company.ru', certificate: FP },
    });
  });
});
