import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main';
import { verifyAuditChain } from '../../../core/audit/chain';
import { inspectBackup, prepareStoreAtStart, takeDailyBackup } from '../../../core/backup/backup';
import { copyStoreOffThread } from '../../../core/backup/offThread';
import { backupDir, backupName, backupsToDelete, listBackupFiles, type BackupFile } from '../../../core/backup/files';
import { openDatabase } from '../../../core/db/open';
import type { ReadableDb } from '../../../core/db/types';
import { dumpTable, tempDir, testCore } from '../../helpers/core';

let out = '';
let err = '';
beforeEach(() => {
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const companyName = (dbPath: string) => dumpTable(dbPath, 'settings').find((r) => r.key === 'company.name')?.value;

async function adminStore() {
  const t = testCore([{ login: 'boss', roles: ['admin'] }, { login: 'fin', roles: ['finance'] }]);
  const s = await t.signIn('boss');
  const call = t.as(s);
  expect((await call('settings.set', { key: 'company.name', value: 'ООО «До копии»' })).ok).toBe(true);
  return { t, call };
}

describe('backup rotation', () => {
  it('keeps the newest 7 and the newest backup of every month', () => {
    const files: BackupFile[] = [];
    // A backup a day from 2026-09-20 to 2026-12-03.
    for (let d = new Date('2026-09-20T08:00:00Z'); d <= new Date('2026-12-03T08:00:00Z'); d = new Date(d.getTime() + 86_400_000)) {
      const name = backupName(d, 'auto');
      files.push({ name, path: name, takenAt: d.toISOString(), kind: 'auto', sizeBytes: 1 });
    }
    const doomed = new Set(backupsToDelete(files).map((f) => f.takenAt.slice(0, 10)));
    const kept = files.map((f) => f.takenAt.slice(0, 10)).filter((d) => !doomed.has(d));
    expect(kept).toEqual(['2026-09-30', '2026-10-31', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('names sort by time and parse back', () => {
    expect(backupName(new Date('2026-12-03T10:04:05.678Z'), 'manual')).toBe('mcm-2026-12-03T10-04-05-678-manual.sqlite');
  });
});

describe('backup.create / backup.list', () => {
  it('copies the live store with the online backup API into backups/ beside it', async () => {
    const { t, call } = await adminStore();
    const env = await call('backup.create', {});
    expect(env.ok).toBe(true);
    const { file } = (env as { data: { file: { name: string; kind: string } } }).data;
    expect(file.kind).toBe('manual');
    const copy = path.join(backupDir(t.dbPath), file.name);
    expect(inspectBackup(copy)).toMatchObject({ users: 3 }); // boss, fin and the built-in system account
    expect(companyName(copy)).toBe('ООО «До копии»');
    const list = await call('backup.list', {});
    expect(list.ok && (list.data as { backups: { name: string }[] }).backups.map((b) => b.name)).toEqual([file.name]);
    // The list never leaks server paths of single files; only the folder is shown.
    expect(JSON.stringify(list)).not.toContain(copy);
    const fin = await t.as(await t.signIn('fin'))('backup.create', {});
    expect(!fin.ok && fin.error.code).toBe('forbidden');
  });
});

describe('daily backup of a running server', () => {
  it('copies on its own thread while another connection writes, consistent and checked; once a day', async () => {
    const { t, call } = await adminStore();
    // A writer keeps committing while the copy runs: the copy is one consistent snapshot, not restarted or torn.
    let writes = 0;
    const writer = setInterval(() => void call('settings.set', { key: 'company.name', value: `ООО «Запись ${++writes}»` }), 1);
    const at = new Date('2026-12-05T08:00:00Z');
    const made = await takeDailyBackup(t.dbPath, at, (target) => copyStoreOffThread(t.dbPath, target)).finally(() => clearInterval(writer));
    expect(made?.file.kind).toBe('auto');
    expect(writes).toBeGreaterThan(0);
    expect(inspectBackup(made!.file.path).schemaVersion).toBeGreaterThan(0); // integrity_check passed
    const copy = openDatabase(made!.file.path);
    expect(verifyAuditChain(copy as ReadableDb).ok).toBe(true);
    copy.close();
    expect(companyName(made!.file.path)).toMatch(/^ООО «(До копии|Запись \d+)»$/);
    expect(fs.existsSync(`${made!.file.path}.partial`)).toBe(false);
    // Already taken today: nothing more.
    expect(await takeDailyBackup(t.dbPath, new Date('2026-12-05T18:00:00Z'), () => Promise.reject(new Error('не должен копировать')))).toBeNull();
  });

  it('reports a copy that fails and leaves no half-written file', async () => {
    const { t } = await adminStore();
    await expect(takeDailyBackup(t.dbPath, new Date('2026-12-05T08:00:00Z'), (target) => copyStoreOffThread(t.dbPath + '.нет', target))).rejects.toThrow();
    expect(listBackupFiles(backupDir(t.dbPath))).toEqual([]);
    expect(fs.readdirSync(backupDir(t.dbPath)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('restore', () => {
  it('schedules a restore in the running app and applies it at the next start, backing up the current store first', async () => {
    const { t, call } = await adminStore();
    const made = (await call('backup.create', {})) as { ok: true; data: { file: { name: string } } };
    t.clock.advance(60_000);
    expect((await call('settings.set', { key: 'company.name', value: 'ООО «После копии»' })).ok).toBe(true);
    const scheduled = await call('backup.restore', { name: made.data.file.name });
    expect(scheduled.ok).toBe(true);
    expect((scheduled as { data: { message: string } }).data.message).toContain('при следующем запуске');
    // Nothing changes until the restart.
    expect(companyName(t.dbPath)).toBe('ООО «После копии»');
    t.core.close();

    const report = await prepareStoreAtStart(t.dbPath, new Date('2026-12-04T08:00:00Z'));
    expect(report.restoreError).toBeNull();
    expect(report.restored?.previousBackup).toMatch(/before-restore/);
    expect(companyName(t.dbPath)).toBe('ООО «До копии»');
    // What was replaced is kept, and the day's automatic backup was taken too.
    const kinds = listBackupFiles(backupDir(t.dbPath)).map((f) => f.kind).sort();
    expect(kinds).toEqual(['auto', 'before-restore', 'manual']);
    const previous = path.join(backupDir(t.dbPath), report.restored!.previousBackup!);
    expect(companyName(previous)).toBe('ООО «После копии»');
    // The restore is in the restored log, and the chain is intact.
    const db = openDatabase(t.dbPath);
    const last = db.prepare('SELECT command, entity_id FROM audit_log ORDER BY id DESC LIMIT 1').get();
    expect(last).toEqual({ command: 'backup.restore', entity_id: made.data.file.name });
    expect(verifyAuditChain(db as ReadableDb).ok).toBe(true);
    db.close();
    // Applied once: the next start does nothing more.
    const again = await prepareStoreAtStart(t.dbPath, new Date('2026-12-04T09:00:00Z'));
    expect(again).toEqual({ restored: null, restoreError: null, backup: null });
  });

  it('refuses unknown names and paths outside backups/', async () => {
    const { call } = await adminStore();
    for (const name of ['../mcm.sqlite', 'nope.sqlite']) {
      const env = await call('backup.restore', { name });
      expect(!env.ok && env.error.code).toBe('not_found');
    }
  });

  it('mcm restore checks the file first and leaves the store untouched when it is not an intact MCM database', async () => {
    const { t } = await adminStore();
    t.core.close();
    const dir = tempDir();
    const garbage = path.join(dir, 'garbage.sqlite');
    fs.writeFileSync(garbage, Buffer.from('это не база данных'.repeat(100)));
    const foreign = path.join(dir, 'foreign.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE x (a INTEGER); INSERT INTO x VALUES (1);');
    f.close();
    const newer = path.join(dir, 'newer.sqlite');
    fs.copyFileSync(t.dbPath, newer);
    const n = new Database(newer);
    n.pragma('user_version = 999');
    n.close();
    const truncated = path.join(dir, 'truncated.sqlite');
    const whole = fs.readFileSync(t.dbPath);
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));

    const before = fs.readFileSync(t.dbPath);
    const cases: [string, RegExp][] = [
      [garbage, /не файл базы данных/],
      [foreign, /это не база MCM/],
      [newer, /более новой версией MCM/],
      [truncated, /нельзя восстановить/],
      [path.join(dir, 'missing.sqlite'), /файл не найден/],
    ];
    for (const [file, message] of cases) {
      err = '';
      expect(await main(['--db', t.dbPath, 'restore', file])).toBe(1);
      expect(err).toMatch(message);
    }
    expect(fs.readFileSync(t.dbPath).equals(before)).toBe(true);
    expect(fs.existsSync(backupDir(t.dbPath))).toBe(false);
  });

  it('mcm backup then mcm restore round-trips the data', async () => {
    const { t } = await adminStore();
    t.core.close();
    expect(await main(['--db', t.dbPath, 'backup'])).toBe(0);
    expect(out).toContain('Резервная копия создана');
    const [copy] = listBackupFiles(backupDir(t.dbPath));
    const db = openDatabase(t.dbPath);
    db.prepare("UPDATE settings SET value = 'ООО «Испорчено»' WHERE key = 'company.name'").run();
    db.close();
    out = '';
    expect(await main(['--db', t.dbPath, 'restore', copy.path])).toBe(0);
    expect(out).toContain('База восстановлена');
    expect(companyName(t.dbPath)).toBe('ООО «До копии»');
    out = '';
    expect(await main(['--db', t.dbPath, 'audit', 'verify'])).toBe(0);
    expect(out).toContain('Журнал аудита цел');
  });

  it('mcm audit verify exits 1 and names the record when the log was edited', async () => {
    const { t } = await adminStore();
    t.core.close();
    const raw = new Database(t.dbPath);
    raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_login = 'ghost' WHERE id = 2;");
    raw.close();
    expect(await main(['--db', t.dbPath, 'audit', 'verify'])).toBe(1);
    expect(out).toContain('Запись №2 изменена');
  });
});
