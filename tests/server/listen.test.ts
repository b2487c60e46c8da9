// Team mode: where the server may listen, that passwords replace the launch token, and TLS off loopback.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import { checkListen, ListenError, parseListen, startServer, type RunningServer } from '../../server/http';
import { tempDir, testCore } from '../helpers/core';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

function staticDir(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>MCM</title>');
  return dir;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('listen address', () => {
  it('parses HOST:PORT, IPv6 in brackets, and refuses nonsense in Russian', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:8443')).toEqual({ host: '::1', port: 8443 });
    expect(parseListen('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(() => parseListen('localhost')).toThrow(/ХОСТ:ПОРТ/);
    expect(() => parseListen('host:70000')).toThrow(ListenError);
  });

  it('refuses any host but loopback without TLS, and allows it with TLS', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) expect(() => checkListen({ host, port: 1 }, false)).not.toThrow();
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'mcm.example.ru']) {
      expect(() => checkListen({ host, port: 1 }, false)).toThrow(/Без TLS сервер слушает только этот компьютер/);
      expect(() => checkListen({ host, port: 1 }, true)).not.toThrow();
    }
    const t = testCore();
    expect(() => startServer({ core: t.core, staticDir: staticDir(), team: { host: '0.0.0.0' } })).toThrow(ListenError);
  });

  it('mcm serve --listen on a network address without TLS exits with the message, opening nothing', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const db = path.join(tempDir(), 'never.sqlite');
    expect(await main(['serve', '--db', db, '--listen', '0.0.0.0:0'])).toBe(2);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/--tls-cert ФАЙЛ и --tls-key ФАЙЛ/);
    expect(fs.existsSync(db)).toBe(false);
    expect(await main(['serve', '--db', db, '--listen', '127.0.0.1:0', '--tls-cert', 'c.pem'])).toBe(2);
  });
});

describe('team mode', () => {
  it('needs no launch token (passwords instead) but keeps refusing other sites', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    server = await startServer({ core: t.core, staticDir: staticDir(), team: { host: '127.0.0.1' } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const base = `http://127.0.0.1:${server.port}`;
    const signIn = (await (await post(`${base}/api/session.signIn`, { login: 'boss', password: 'secret' })).json()) as { ok: boolean; data: { token: string } };
    expect(signIn.ok).toBe(true);
    const who = await post(`${base}/api/session.whoami`, {}, { authorization: `Bearer ${signIn.data.token}` });
    expect(await who.json()).toMatchObject({ ok: true, data: { login: 'boss' } });
    expect(await (await post(`${base}/api/session.whoami`, {})).json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const cross = await post(`${base}/api/session.info`, {}, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    const same = await post(`${base}/api/session.info`, {}, { origin: base });
    expect(same.status).toBe(200);
  });

  it.skipIf(!hasOpenssl())('serves over HTTPS with the given certificate', async () => {
    const dir = tempDir();
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const t = testCore();
    server = await startServer({
      core: t.core,
      staticDir: staticDir(),
      team: { host: '127.0.0.1', tls: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) } },
    });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const body = await new Promise<string>((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port: server!.port, path: '/api/session.info', method: 'POST', ca: fs.readFileSync(cert), servername: 'localhost', headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(JSON.parse(body)).toMatchObject({ ok: true, data: { hasUsers: false } });
  });
});
