// The browser shell under hostile requests (issue 10), beyond the basics in http.test.ts: token variants, host and
// origin tricks, oversized bodies, and path traversal in all its encodings. Raw node:http so nothing is normalised.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/http';
import { dumpTable, tempDir, testCore } from '../helpers/core';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOKEN = 'launch-token-hardening-0001';
const SECRET = 'TOP-SECRET-OUTSIDE-THE-STATIC-FOLDER';

async function start() {
  const t = testCore([{ login: 'boss', roles: ['admin'] }]);
  const root = tempDir();
  const staticDir = path.join(root, 'dist');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>MCM</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  // Files beside the static folder a traversal would love to reach: a secret and the database's folder.
  fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(root, 'dist-secret.txt'), SECRET);
  server = await startServer({ core: t.core, staticDir, token: TOKEN });
  return { t, port: server.port, staticDir, root };
}

interface Reply {
  status: number;
  body: string;
}

function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (port: number, name: string, headers: Record<string, string>, body = '{}') =>
  request(port, { method: 'POST', path: `/api/${name}`, headers: { 'content-type': 'application/json', ...headers }, body });

describe('browser shell: launch token', () => {
  it('refuses near-miss tokens, tokens in the wrong place, and any command without one', async () => {
    const { port } = await start();
    const variants: Record<string, string>[] = [
      {},
      { 'x-mcm-token': '' },
      { 'x-mcm-token': TOKEN.slice(0, -1) },
      { 'x-mcm-token': TOKEN + 'x' },
      { 'x-mcm-token': TOKEN.toUpperCase() },
      { authorization: `Bearer ${TOKEN}` },
      { cookie: `token=${TOKEN}` },
    ];
    for (const headers of variants) {
      const r = await api(port, 'session.info', headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    expect((await request(port, { method: 'POST', path: `/api/session.info?token=${TOKEN}`, headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await api(port, 'session.info', { 'x-mcm-token': TOKEN })).status).toBe(200);
  });

  it('does not let an unauthenticated caller write anything (sign-in attempts included)', async () => {
    const { t, port } = await start();
    const before = dumpTable(t.dbPath, 'audit_log').length;
    for (let i = 0; i < 5; i++) {
      await api(port, 'session.signIn', {}, JSON.stringify({ login: 'boss', password: 'secret' }));
      await api(port, 'settings.set', { 'x-mcm-token': TOKEN }, JSON.stringify({ key: 'company.name', value: 'ООО «Взлом»' }));
    }
    expect(dumpTable(t.dbPath, 'audit_log').length).toBe(before);
    expect(dumpTable(t.dbPath, 'sessions')).toHaveLength(0);
  });
});

describe('browser shell: hosts and origins', () => {
  it('refuses look-alike hosts and foreign origins', async () => {
    const { port } = await start();
    for (const host of ['evil.example', `127.0.0.1.evil.example:${port}`, `localhost.evil.example`, `evil.example:${port}`, `user@evil.example`]) {
      const r = await api(port, 'session.info', { 'x-mcm-token': TOKEN, host });
      expect(r.status, host).toBe(403);
    }
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1.evil.example:${port}`, `https://127.0.0.1:${port + 1}`]) {
      const r = await api(port, 'session.info', { 'x-mcm-token': TOKEN, origin });
      expect(r.status, origin).toBe(403);
    }
  });

  it('refuses commands sent as a form or plain text (no CORS-simple requests reach the core)', async () => {
    const { port } = await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await api(port, 'session.info', { 'x-mcm-token': TOKEN, 'content-type': type });
      expect(r.status, type).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('browser shell: request bodies', () => {
  it('cuts off a body over the limit and keeps serving', async () => {
    const { t, port } = await start();
    const before = dumpTable(t.dbPath, 'audit_log').length;
    const outcome = await new Promise<string>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/settings.set', headers: { 'content-type': 'application/json', 'x-mcm-token': TOKEN } },
        (res) => {
          res.resume();
          resolve(`status ${res.statusCode}`);
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => resolve(`closed ${e.code}`));
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 60) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    // Either an error status or a dropped connection: never a command run on 60 MB.
    expect(outcome).toMatch(/^status (4|5)\d\d$|^closed /);
    expect(dumpTable(t.dbPath, 'audit_log').length).toBe(before);
    expect((await api(port, 'session.info', { 'x-mcm-token': TOKEN })).status).toBe(200);
  }, 60_000);

  it('answers malformed JSON with a Russian validation error, not a crash', async () => {
    const { port } = await start();
    for (const body of ['{', 'null', '[]', '"x"', '{"__proto__":{"admin":true}}', '\u0000']) {
      const r = await api(port, 'session.info', { 'x-mcm-token': TOKEN }, body);
      expect(r.status, body).toBeLessThan(500);
      const env = JSON.parse(r.body) as { ok: boolean; error?: { message: string } };
      if (!env.ok) expect(env.error!.message).toMatch(/[А-Яа-яЁё]/);
    }
  });
});

describe('browser shell: static files', () => {
  it('never serves a file outside its folder, whatever the encoding', async () => {
    const { port } = await start();
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '//../secret.txt',
      '/..%00/secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/../dist-secret.txt',
      `/${'../'.repeat(12)}etc/passwd`,
      '/index.html%00.js',
    ];
    for (const p of attempts) {
      const r = await request(port, { path: p });
      expect(r.body, p).not.toContain(SECRET);
      expect(r.body, p).not.toContain('root:');
      expect(r.status, p).not.toBe(500);
    }
  });

  // Was a known gap (a symlink planted inside dist/ was followed); serveStatic now compares real paths with the root.
  it('does not follow a symlink out of the static folder', async () => {
    const { port, staticDir, root } = await start();
    // The link is planted inside dist/ (e.g. by a careless build step) and points at the secret beside it.
    fs.symlinkSync(path.join(root, 'secret.txt'), path.join(staticDir, 'leak.txt'));
    const r = await request(port, { path: '/leak.txt' });
    expect(r.body).not.toContain(SECRET);
  });

  it('still serves its own files', async () => {
    const { port } = await start();
    const r = await request(port, { path: '/assets/app.js' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('console.log(1)');
  });
});
