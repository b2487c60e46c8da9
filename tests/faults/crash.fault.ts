// Crash safety (issue 10): SIGKILL in the middle of a large signals import, or inside a registry approval's transaction,
// leaves an intact database with no partial change, and the same job succeeds when run again.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCore, silentSink } from '../../core/index';
import { tempDir } from '../helpers/core';
import { REPO, cli, counts, demoStore, finished, integrity, signalsCsv, until, walSize } from './support';

const ROWS = 150_000;

describe('SIGKILL during a large import', () => {
  it('leaves the database intact with no partial batch, and the import can be re-run', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'mcm.sqlite');
    await demoStore(dbPath);
    const file = path.join(dir, 'visits-big.csv');
    fs.writeFileSync(file, signalsCsv(dbPath, ROWS, 'K'));
    const before = counts(dbPath);
    expect(walSize(dbPath)).toBe(0);

    const child = cli(['--db', dbPath, 'import', 'signals', file]);
    const done = finished(child);
    // The transaction is writing once the WAL grows: that is the moment to pull the plug.
    await until(() => walSize(dbPath) > 512 * 1024, 150_000, 'the import to start writing');
    child.kill('SIGKILL');
    const exit = await done;
    expect(exit.signal).toBe('SIGKILL');

    expect(integrity(dbPath)).toBe('ok');
    const after = counts(dbPath);
    expect(after).toEqual(before);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT count(*) FROM visits WHERE visit_id LIKE 'K-%'").pluck().get()).toBe(0);
    db.close();

    // Re-running the same file in a fresh process commits the whole batch.
    const core = openCore({ dbPath, logSink: silentSink });
    try {
      const env = await core.invoke(
        'signals.importFile',
        { fileName: 'visits-big.csv', contentBase64: fs.readFileSync(file).toString('base64'), mode: 'commit' },
        { system: true },
      );
      expect(env.ok && (env.data as { committed: boolean }).committed).toBe(true);
    } finally {
      core.close();
    }
    const final = counts(dbPath);
    expect(final.visits).toBe(before.visits + ROWS);
    expect(final.import_batches).toBe(before.import_batches + 1);
    expect(integrity(dbPath)).toBe('ok');
  });
});

describe('SIGKILL during a registry approval', () => {
  it('leaves the registry a draft with its lines unchanged, and the approval succeeds when repeated', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'mcm.sqlite');
    await demoStore(dbPath);
    const core = openCore({ dbPath, logSink: silentSink });
    let registry: { id: number; version: number };
    try {
      const s = await core.invoke('session.signIn', { login: 'finance', password: 'demo' });
      if (!s.ok) throw new Error(s.error.message);
      const built = await core.invoke('payments.buildRegistry', { month: '2026-11' }, { session: (s.data as { token: string }).token });
      if (!built.ok) throw new Error(built.error.message);
      const b = built.data as { registryId: number; version: number };
      registry = { id: b.registryId, version: b.version };
    } finally {
      core.close();
    }
    const snapshot = () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return {
          registry: db.prepare('SELECT * FROM registries WHERE id = ?').get(registry.id),
          lines: db.prepare('SELECT * FROM registry_lines WHERE registry_id = ? ORDER BY id').all(registry.id),
          // The child's sign-in is committed before the crash; the approval must leave no trace.
          approvals: db.prepare("SELECT count(*) FROM audit_log WHERE command = 'payments.approveRegistry'").pluck().get(),
        };
      } finally {
        db.close();
      }
    };
    const before = snapshot();
    expect(before.lines.length).toBeGreaterThan(0);
    const child = spawn(process.execPath, [path.join(REPO, 'tests/faults/approveChild.mjs'), dbPath, String(registry.id), String(registry.version), 'audit'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = await finished(child);
    expect(exit.signal, exit.err + exit.out).toBe('SIGKILL');
    expect(integrity(dbPath)).toBe('ok');
    expect(snapshot()).toEqual(before);
    expect((before.registry as { status: string }).status).toBe('draft');

    // With no crash the same approval goes through.
    const again = spawn(process.execPath, [path.join(REPO, 'tests/faults/approveChild.mjs'), dbPath, String(registry.id), String(registry.version), 'never'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ok = await finished(again);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, data: { status: 'approved' } });
    expect(integrity(dbPath)).toBe('ok');
  });
});
