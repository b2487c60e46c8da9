// The dist-server bundle (scripts/build-server.mjs) runs the CLI and the browser shell without tsx: its workers are
// bundled too, and it finds migrations and templates where the sources keep them.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleChoice } from '../../bin/server-bundle.mjs';
import { tempDir, testCore } from '../helpers/core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_SCRIPT = path.join(ROOT, 'scripts', 'build-server.mjs');
const CLI = path.join(ROOT, 'dist-server', 'mcm.mjs');

/** A preload that makes any import of tsx fail: run with it, only fully bundled code can work. */
function tsxBlocker(): string {
  const hooks = `export async function resolve(s, c, next) { if (s === 'tsx' || s.startsWith('tsx/')) throw new Error('tsx is blocked'); return next(s, c); }`;
  const file = path.join(tempDir(), 'block-tsx.mjs');
  fs.writeFileSync(file, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`);
  return file;
}

/** Spawns the bundled `serve` and resolves with its base URL once it has printed it. */
function serveBundle(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err.slice(-2000)}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

describe.skipIf(!fs.existsSync(BUILD_SCRIPT))('dist-server bundle (skipped: scripts/build-server.mjs is absent)', () => {
  beforeAll(() => {
    // Built here only when missing or stale; `npm run build:server` makes this a no-op.
    if (bundleChoice(ROOT, {}).runner === 'bundle') return;
    const res = spawnSync(process.execPath, [BUILD_SCRIPT, '--no-smoke'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    if (res.status !== 0) throw new Error(`build-server failed (exit ${res.status}):\n${res.stderr}${res.stdout}`);
  }, 200_000);

  it('runs the CLI: migrates a new store and lists the core commands', () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    const res = spawnSync(process.execPath, ['--import', tsxBlocker(), CLI, '--db', db, 'commands'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const names = res.stdout.trim().split('\n');
    expect(names).toEqual(expect.arrayContaining(['session.info', 'session.signIn', 'reference.template']));
    expect(fs.existsSync(db)).toBe(true);
  });

  it('serves with bundled worker threads that answer, sign in and read a template from resources/templates', async () => {
    const t = testCore([{ login: 'admin', roles: ['admin'] }]);
    t.core.close();
    const token = 'bundle-test';
    const served = serveBundle(['--import', tsxBlocker(), CLI, '--db', t.dbPath, 'serve', '--port', '0', '--token', token], { ...process.env });
    try {
      const base = await served.url;
      const call = async (name: string, input: unknown, session?: string) => {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-mcm-token': token };
        if (session) headers.authorization = `Bearer ${session}`;
        const res = await fetch(`${base}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input) });
        return (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: unknown };
      };
      expect(await call('session.info', {})).toMatchObject({ ok: true, data: { hasUsers: true } });
      const signIn = await call('session.signIn', { login: 'admin', password: 'secret' });
      expect(signIn.ok).toBe(true);
      const tpl = await call('reference.template', { kind: 'skus' }, signIn.data!.token as string);
      expect(tpl).toMatchObject({ ok: true, data: { fileName: 'skus.xlsx' } });
      const bytes = Buffer.from(tpl.data!.contentBase64 as string, 'base64');
      expect(bytes.equals(fs.readFileSync(path.join(ROOT, 'resources', 'templates', 'skus.xlsx')))).toBe(true);
    } finally {
      await served.stop();
    }
  }, 60_000);
});
