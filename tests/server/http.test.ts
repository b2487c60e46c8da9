import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/http';
import { tempDir, testCore } from '../helpers/core';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const t = testCore([{ login: 'boss', roles: ['admin'] }]);
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>MCM</title>');
  server = await startServer({ core: t.core, staticDir, token: 'launch-token-1234' });
  return { t, base: `http://127.0.0.1:${server.port}` };
}

// fetch() drops a custom Host header, so the rebinding case goes through node:http.
function rawPost(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/session.info', method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('browser shell server', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the launch token', async () => {
    await start();
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=launch-token-1234$/);
  });

  it('refuses an API request without the token or with a wrong one', async () => {
    const { base } = await start();
    const none = await post(`${base}/api/session.info`, {});
    expect(none.status).toBe(401);
    expect(((await none.json()) as { ok: boolean }).ok).toBe(false);
    const wrong = await post(`${base}/api/session.info`, {}, { 'x-mcm-token': 'launch-token-9999' });
    expect(wrong.status).toBe(401);
  });

  it('answers commands with the envelope when the token is right, using the bearer session', async () => {
    const { base } = await start();
    const h = { 'x-mcm-token': 'launch-token-1234' };
    const signIn = (await (await post(`${base}/api/session.signIn`, { login: 'boss', password: 'secret' }, h)).json()) as {
      data: { token: string };
    };
    const who = await post(`${base}/api/session.whoami`, {}, { ...h, authorization: `Bearer ${signIn.data.token}` });
    expect(await who.json()).toMatchObject({ ok: true, data: { login: 'boss' } });
    const anon = await post(`${base}/api/session.whoami`, {}, h);
    expect(await anon.json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('refuses foreign Host headers (DNS rebinding) and cross-site origins', async () => {
    const { base } = await start();
    const headers = { 'x-mcm-token': 'launch-token-1234', 'content-type': 'application/json' };
    expect(await rawPost(server!.port, { ...headers, host: 'evil.example' })).toBe(403);
    expect(await rawPost(server!.port, { ...headers, host: `127.0.0.1:${server!.port}` })).toBe(200);
    const cross = await post(`${base}/api/session.info`, {}, { 'x-mcm-token': 'launch-token-1234', origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
  });

  it('serves the renderer with a CSP and never files outside its folder', async () => {
    const { base } = await start();
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const traversal = await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await traversal.text()).not.toContain('root:');
  });
});
