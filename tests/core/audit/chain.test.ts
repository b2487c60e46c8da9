import * as path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash, verifyAuditChain, type ChainReport } from '../../../core/audit/chain';
import { openDatabase } from '../../../core/db/open';
import type { ReadableDb } from '../../../core/db/types';
import { tempDir, testCore } from '../../helpers/core';

/** A store with a few audited actions by an admin, closed so raw SQL can play the attacker. */
async function auditedStore(actions = 5) {
  const t = testCore([{ login: 'boss', roles: ['admin'] }]);
  const s = await t.signIn('boss');
  for (let i = 0; i < actions; i++) {
    t.clock.advance(60_000);
    const env = await t.as(s)('settings.set', { key: 'company.name', value: `ООО «Ромашка ${i}»` });
    expect(env.ok).toBe(true);
  }
  return { t, s };
}

/** Opens the file as an attacker would: plain SQLite, append-only triggers dropped. */
function tamper(dbPath: string, sql: string): void {
  const raw = new Database(dbPath);
  raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  raw.exec(sql);
  raw.close();
}

function verifyFile(dbPath: string): ChainReport {
  const db = openDatabase(dbPath);
  try {
    return verifyAuditChain(db as ReadableDb);
  } finally {
    db.close();
  }
}

describe('audit hash chain', () => {
  it('chains every record to the previous one and verifies clean through audit.verify', async () => {
    const { t, s } = await auditedStore();
    const env = await t.as(s)('audit.verify', {});
    expect(env.ok).toBe(true);
    const report = (env as { data: ChainReport }).data;
    expect(report).toMatchObject({ ok: true, checked: 6, unsealed: 0, problems: [] });
    expect(report.message).toContain('Журнал аудита цел');
    t.core.close();
    const raw = new Database(t.dbPath, { readonly: true });
    const rows = raw.prepare('SELECT * FROM audit_log ORDER BY id').all() as Record<string, unknown>[];
    raw.close();
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    // The hash is recomputable from the stored columns alone (an auditor can check it with any SHA-256 tool).
    expect(rows[2].hash).toBe(chainHash(rows[1].hash as string, rows[2] as never));
  });

  it('detects a record edited with raw SQL', async () => {
    const { t } = await auditedStore();
    t.core.close();
    tamper(t.dbPath, `UPDATE audit_log SET after_json = replace(after_json, 'Ромашка 2', 'Лютик') WHERE id = 4`);
    const report = verifyFile(t.dbPath);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ id: 4, kind: 'edited' }));
    expect(report.message).toContain('Журнал аудита повреждён');
    // Dropping the append-only triggers is itself reported.
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'unprotected' }));
  });

  it('detects an edit even when the attacker recomputes that record’s hash', async () => {
    const { t } = await auditedStore();
    t.core.close();
    const raw = new Database(t.dbPath);
    raw.exec('DROP TRIGGER audit_log_no_update;');
    raw.prepare("UPDATE audit_log SET user_login = 'someone' WHERE id = 3").run();
    const row = raw.prepare('SELECT * FROM audit_log WHERE id = 3').get() as Record<string, unknown>;
    raw.prepare('UPDATE audit_log SET hash = ? WHERE id = 3').run(chainHash(row.prev_hash as string, row as never));
    raw.close();
    const report = verifyFile(t.dbPath);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ id: 4, kind: 'deleted' }));
  });

  it('detects a deleted record in the middle and records cut off the end', async () => {
    const { t } = await auditedStore();
    t.core.close();
    tamper(t.dbPath, 'DELETE FROM audit_log WHERE id = 3');
    const middle = verifyFile(t.dbPath);
    expect(middle.ok).toBe(false);
    expect(middle.problems[0]).toMatchObject({ id: 4, kind: 'deleted' });
    expect(middle.problems[0].message).toContain('удалены записи №3–3');

    const { t: t2 } = await auditedStore();
    t2.core.close();
    tamper(t2.dbPath, 'DELETE FROM audit_log WHERE id >= 5');
    const tail = verifyFile(t2.dbPath);
    expect(tail.ok).toBe(false);
    expect(tail.problems).toContainEqual(expect.objectContaining({ kind: 'truncated', id: 6 }));
  });

  it('seals records written before the chain existed on the next audited action', async () => {
    const dbPath = path.join(tempDir(), 'old.sqlite');
    const old = openDatabase(dbPath, { targetVersion: 7 });
    const insert = old.prepare("INSERT INTO audit_log (at, user_login, command, after_json) VALUES ('2026-01-01T00:00:00.000Z', 'old', ?, '{}')");
    for (const c of ['a.one', 'a.two', 'a.three']) insert.run(c);
    old.close();
    const before = verifyFile(dbPath);
    expect(before).toMatchObject({ ok: true, checked: 3, unsealed: 3 });

    const db = openDatabase(dbPath);
    // Sealing is the only update the trigger allows, and only for unsealed records with nothing else changed.
    expect(() => db.prepare("UPDATE audit_log SET command = 'x', prev_hash = 'a', hash = 'b' WHERE id = 1").run()).toThrow(/нельзя изменять/);
    db.close();

    const { appendAudit } = await import('../../../core/audit/repo');
    const w = openDatabase(dbPath);
    w.transaction(() => appendAudit(w, { at: '2026-02-01T00:00:00.000Z', userId: null, userLogin: 'new', command: 'a.four', entity: null, entityId: null, before: null, after: {} })).immediate();
    expect(() => w.prepare("UPDATE audit_log SET hash = 'x' WHERE id = 1").run()).toThrow(/нельзя изменять/);
    w.close();
    expect(verifyFile(dbPath)).toMatchObject({ ok: true, checked: 4, unsealed: 0 });
  });

  it('reports records slipped in past the program without a hash, and never seals them later', async () => {
    const { t, s } = await auditedStore(2);
    // Inserting needs no dropped trigger: the log is append-only, not write-protected.
    const raw = new Database(t.dbPath);
    raw.exec("INSERT INTO audit_log (id, at, command) VALUES (4, '2026-12-03T10:00:00.000Z', 'fake.one')");
    raw.close();
    const forged = verifyFile(t.dbPath);
    expect(forged).toMatchObject({ ok: false, unsealed: 1 });
    expect(forged.problems[0]).toMatchObject({ kind: 'unsealed' });
    // The program keeps chaining to the last genuine record; the forged one stays visible.
    expect((await t.as(s)('settings.set', { key: 'company.name', value: 'ООО «После»' })).ok).toBe(true);
    const after = verifyFile(t.dbPath);
    expect(after.ok).toBe(false);
    expect(after.problems).toEqual([expect.objectContaining({ id: 5, kind: 'unsealed' })]);
  });

  it('is refused to roles without audit.verify', async () => {
    const t = testCore([{ login: 'mgr', roles: ['manager'] }]);
    const env = await t.as(await t.signIn('mgr'))('audit.verify', {});
    expect(!env.ok && env.error.code).toBe('forbidden');
  });
});
