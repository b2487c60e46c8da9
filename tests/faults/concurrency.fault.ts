// Two processes on one database (issue 10): a writer that holds the lock past busy_timeout gets a clear Russian 'busy'
// error and changes nothing; a shorter hold is simply waited out; the CLI importing while another process works never
// shows anyone "database is locked".
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, silentSink, type Envelope } from '../../core/index';
import { tempDir } from '../helpers/core';
import { REPO, cli, counts, demoStore, finished, integrity, signalsCsv } from './support';

/** A child process that takes the write lock (BEGIN IMMEDIATE), says so, holds it for ms, then commits. */
function holdWriteLock(dbPath: string, ms: number): Promise<{ released: Promise<void> }> {
  const code = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(dbPath)});
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
    db.exec('COMMIT');
    db.close();`;
  const child = spawn(process.execPath, ['-e', code], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve) => child.stdout!.once('data', () => resolve({ released })));
}

describe('two processes on one database', () => {
  it('a lock held past the wait gives a Russian «busy» error with the time waited; a short one is waited out', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'mcm.sqlite');
    await demoStore(dbPath);
    const core = openCore({ dbPath, logSink: silentSink });
    try {
      const set = (value: string) => core.invoke('settings.set', { key: 'company.name', value }, { system: true });
      const long = await holdWriteLock(dbPath, 7000);
      const started = Date.now();
      const refused = await set('ООО «Не дождались»');
      const waited = Date.now() - started;
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('busy');
        expect(refused.error.message).toMatch(/База данных занята.*ждали 5 с.*Данные не изменены/);
        expect(refused.error.message).not.toMatch(/locked/i);
      }
      expect(waited).toBeGreaterThanOrEqual(4500);
      expect(waited).toBeLessThan(6900);
      await long.released;

      const short = await holdWriteLock(dbPath, 1500);
      const ok = await set('ООО «Дождались»');
      expect(ok.ok).toBe(true);
      await short.released;
      const got = await core.invoke('settings.get', { key: 'company.name' }, { system: true });
      expect(got.ok && (got.data as { value: string }).value).toBe('ООО «Дождались»');
    } finally {
      core.close();
    }
  });

  it('the CLI imports a large file while another process keeps working: nobody sees "database is locked"', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'mcm.sqlite');
    await demoStore(dbPath);
    const file = path.join(dir, 'visits.csv');
    fs.writeFileSync(file, signalsCsv(dbPath, 60_000, 'C'));
    const before = counts(dbPath);
    const importer = cli(['--db', dbPath, 'import', 'signals', file]);
    const done = finished(importer);
    let running = true;
    void done.then(() => (running = false));

    const core = openCore({ dbPath, logSink: silentSink });
    const replies: { name: string; env: Envelope }[] = [];
    try {
      let i = 0;
      while (running) {
        for (const [name, input] of [
          ['signals.list', { limit: 50 }],
          ['contracts.list', { limit: 50 }],
          ['settings.set', { key: 'company.name', value: `ООО «Параллель ${i++}»` }],
        ] as const) {
          replies.push({ name, env: await core.invoke(name, input, { system: true }) });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      core.close();
    }
    const exit = await done;
    expect(exit.code, exit.err).toBe(0);
    expect(replies.length).toBeGreaterThan(3);
    for (const { name, env } of replies) {
      if (env.ok) continue;
      // Reads never wait in WAL mode; a write may be told to retry, in Russian, never with SQLite's own words.
      expect(name).toBe('settings.set');
      expect(env.error.code).toBe('busy');
      expect(env.error.message).not.toMatch(/locked|SQLITE/i);
    }
    expect(replies.filter((r) => r.name !== 'settings.set').every((r) => r.env.ok)).toBe(true);
    expect(counts(dbPath).visits).toBe(before.visits + 60_000);
    expect(integrity(dbPath)).toBe('ok');
  });
});
