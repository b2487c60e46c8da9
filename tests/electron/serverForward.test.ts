import { describe, expect, it, vi } from 'vitest';
import { serverForwarder, splitServerUrl, type FetchLike } from '../../electron/serverForward';

function fakeFetch(reply: (url: string, init: Parameters<FetchLike>[1]) => Promise<{ status: number; json(): Promise<unknown> }>) {
  return vi.fn<FetchLike>(reply);
}

const ok = (data: unknown) => async () => ({ status: 200, json: async () => ({ ok: true, data }) });

describe('serverForwarder', () => {
  it('posts the command as JSON to /api/<name> with the session as a bearer token', async () => {
    const fetch = fakeFetch(ok({ rows: [], total: 0 }));
    const invoke = serverForwarder({ url: 'https://mcm.example.ru:8443', fetch });
    expect(await invoke('contracts.list', { startRow: 0 }, 'tok-1')).toEqual({ ok: true, data: { rows: [], total: 0 } });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://mcm.example.ru:8443/api/contracts.list');
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer tok-1' },
      body: '{"startRow":0}',
    });
    expect(init.headers).not.toHaveProperty('x-mcm-token');
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('names each signed-in call, so the server streams its progress to the session\'s events', async () => {
    const fetch = fakeFetch(ok(null));
    const invoke = serverForwarder({ url: 'https://mcm.example.ru', fetch });
    await invoke('signals.importFile', {}, 'tok-1');
    await invoke('signals.importFile', {}, 'tok-1');
    await invoke('session.info', {}, undefined);
    const ids = fetch.mock.calls.map(([, init]) => init.headers['x-mcm-request']);
    expect(ids[0]).toMatch(/^d[0-9a-z]+-1$/);
    expect(ids[1]).toMatch(/^d[0-9a-z]+-2$/);
    // The server accepts names of at most 64 characters (server/http.ts), and none before sign-in.
    expect(ids[0]!.length).toBeLessThanOrEqual(64);
    expect(ids[2]).toBeUndefined();
  });

  it('names a call by the renderer\'s id when it gives one, so its progress matches the call as in the browser shell', async () => {
    const fetch = fakeFetch(ok(null));
    const invoke = serverForwarder({ url: 'https://mcm.example.ru', fetch });
    await invoke('signals.importFile', {}, 'tok-1', { requestId: 'r1k2-5' });
    await invoke('signals.importFile', {}, 'tok-1');
    await invoke('session.info', {}, undefined, { requestId: 'r1k2-6' });
    const ids = fetch.mock.calls.map(([, init]) => init.headers['x-mcm-request']);
    expect(ids[0]).toBe('r1k2-5');
    expect(ids[1]).toMatch(/^d[0-9a-z]+-1$/);
    // The server streams progress to a session; before sign-in there is none to name a call for.
    expect(ids[2]).toBeUndefined();
  });

  it('marks a background call, so that the server does not restart the session\'s idle timer', async () => {
    const fetch = fakeFetch(ok(null));
    const invoke = serverForwarder({ url: 'https://mcm.example.ru', fetch });
    await invoke('contracts.list', {}, 'tok-1', { requestId: 'r1-1', background: true });
    await invoke('contracts.list', {}, 'tok-1', { requestId: 'r1-2', background: false });
    await invoke('contracts.list', {}, 'tok-1');
    const marks = fetch.mock.calls.map(([, init]) => init.headers['x-mcm-background']);
    expect(marks).toEqual(['1', undefined, undefined]);
    expect(fetch.mock.calls[0]![1].headers).toMatchObject({ authorization: 'Bearer tok-1', 'x-mcm-request': 'r1-1', 'x-mcm-background': '1' });
  });

  it('sends no authorization before sign-in, and an empty object for a missing input', async () => {
    const fetch = fakeFetch(ok({ hasUsers: true }));
    await serverForwarder({ url: 'https://mcm.example.ru/mcm', fetch })('session.info', undefined, undefined);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://mcm.example.ru/mcm/api/session.info');
    expect(init.headers).not.toHaveProperty('authorization');
    expect(init.body).toBe('{}');
  });

  it('passes the launch token of a local browser shell given as #token=…', async () => {
    const fetch = fakeFetch(ok(null));
    await serverForwarder({ url: 'http://127.0.0.1:4180/#token=abc%2B1', fetch })('session.info', {}, undefined);
    expect(fetch.mock.calls[0]![0]).toBe('http://127.0.0.1:4180/api/session.info');
    expect(fetch.mock.calls[0]![1].headers).toMatchObject({ 'x-mcm-token': 'abc+1' });
    expect(splitServerUrl('https://h.ru/x/#token=t')).toEqual({ base: 'https://h.ru/x', launchToken: 't', host: 'h.ru' });
  });

  it('returns the server\'s refusals unchanged', async () => {
    const refusal = { ok: false, error: { code: 'conflict', message: 'Договор изменён пользователем Иванов И. И. в 03.12.2026 13:05; обновите' } };
    const invoke = serverForwarder({ url: 'https://mcm.example.ru', fetch: fakeFetch(async () => ({ status: 200, json: async () => refusal })) });
    expect(await invoke('contracts.updateDraft', { id: 1, version: 1 }, 't')).toEqual(refusal);
  });

  it('turns a dead network, a timeout and a foreign answer into Russian envelopes, never a rejection', async () => {
    const url = 'https://mcm.example.ru';
    const down = serverForwarder({ url, fetch: fakeFetch(async () => Promise.reject(new TypeError('fetch failed'))) });
    expect(await down('session.info', {}, undefined)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Нет связи с сервером MCM (mcm.example.ru). Проверьте сеть или адрес в Настройки → Подключение.' },
    });

    const hung = serverForwarder({
      url,
      timeoutMs: 20,
      fetch: fakeFetch(
        (_u, init) =>
          new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason as Error))),
      ),
    });
    expect(await hung('signals.importFile', {}, 't')).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('не ответил за 0 с') },
    });

    const proxyPage = serverForwarder({ url, fetch: fakeFetch(async () => ({ status: 502, json: async () => Promise.reject(new SyntaxError('<html>')) })) });
    expect(await proxyPage('session.info', {}, undefined)).toMatchObject({ ok: false, error: { message: expect.stringContaining('ответил 502') } });

    const foreign = serverForwarder({ url, fetch: fakeFetch(async () => ({ status: 200, json: async () => ({ hello: 'world' }) })) });
    expect(await foreign('session.info', {}, undefined)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
