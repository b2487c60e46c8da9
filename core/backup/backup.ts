// Online backups (SQLite backup API: a consistent copy while others keep working), checks of a backup before it
// replaces the store, and the restore itself, which only ever runs while no connection to the store is open.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations } from '../db/migrate';
import { openDatabase } from '../db/open';
import type { WritableDb } from '../db/types';
import { appendAudit } from '../audit/repo';
import { DomainError } from '../errors';
import { backupDir, backupName, listBackupFiles, rotateBackups, type BackupFile, type BackupKind } from './files';

/** A backup just written, and what rotation removed. */
export interface BackupResult {
  file: BackupFile;
  rotated: string[];
}

/** Copies the open store into backups/ with the online backup API and rotates old copies. */
export function createBackup(db: Database.Database, dbPath: string, kind: BackupKind, at: Date): Promise<BackupResult> {
  return writeBackup(dbPath, kind, at, (target) => db.backup(target));
}

/** Writes a backup into backups/ through `copy` (which fills the file it is given) and rotates old copies. */
export async function writeBackup(dbPath: string, kind: BackupKind, at: Date, copy: (target: string) => Promise<unknown>): Promise<BackupResult> {
  const dir = backupDir(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  const name = backupName(at, kind);
  const target = path.join(dir, name);
  // Written under a temporary name first: a half-written copy must never look like a backup.
  const partial = `${target}.partial`;
  try {
    await copy(partial);
    fs.renameSync(partial, target);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
  const rotated = rotateBackups(dir);
  const file = listBackupFiles(dir).find((f) => f.name === name);
  if (!file) throw new Error(`backup ${name} vanished right after it was written`);
  return { file, rotated };
}

/** What a candidate file holds, once it passed the checks. */
export interface BackupCheck {
  schemaVersion: number;
  users: number;
  contracts: number;
  auditRecords: number;
}

const REQUIRED_TABLES = ['users', 'audit_log', 'settings', 'contracts'];

function refused(fileName: string, reason: string): DomainError {
  return new DomainError('validation', `Файл «${fileName}» нельзя восстановить: ${reason}`, { fileName });
}

/**
 * Checks that a file is an intact MCM database this program can open: SQLite integrity_check passes, the MCM tables are
 * there and its schema version is one this version knows. Opens the file read-only; never changes it.
 */
export function inspectBackup(file: string): BackupCheck {
  const fileName = path.basename(file);
  if (!fs.existsSync(file)) throw refused(fileName, 'файл не найден');
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw refused(fileName, 'это не файл базы данных MCM');
  }
  try {
    let messages: string[];
    try {
      messages = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch {
      throw refused(fileName, 'это не файл базы данных SQLite или он повреждён');
    }
    if (messages.length !== 1 || messages[0] !== 'ok') {
      throw refused(fileName, `проверка целостности не пройдена (${messages.slice(0, 3).join('; ')})`);
    }
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw refused(fileName, `это не база MCM (нет таблиц: ${missing.join(', ')})`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const known = loadMigrations().length;
    if (version < 1) throw refused(fileName, 'у базы нет версии схемы');
    if (version > known) {
      throw refused(fileName, `база создана более новой версией MCM (схема ${version}, эта программа знает до ${known})`);
    }
    const count = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    return { schemaVersion: version, users: count('users'), contracts: count('contracts'), auditRecords: count('audit_log') };
  } finally {
    db.close();
  }
}

/** Opens the store without migrating it: a backup must hold the data exactly as it was before any upgrade. */
function openRaw(dbPath: string): Database.Database {
  const db = new Database(dbPath, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The outcome of a restore: the file put in place and the copy of what it replaced. */
export interface RestoreResult {
  restoredFrom: string;
  previousBackup: string | null;
  check: BackupCheck;
}

/**
 * Replaces the store with a checked backup. The caller guarantees no connection to dbPath is open in this process
 * (CLI before opening the core, or at start). The current store is backed up first, so a restore can be undone.
 */
export async function restoreFromFile(dbPath: string, source: string, at: Date, by: string): Promise<RestoreResult> {
  const check = inspectBackup(source);
  let previousBackup: string | null = null;
  if (fs.existsSync(dbPath)) {
    const current = openRaw(dbPath);
    try {
      previousBackup = (await createBackup(current, dbPath, 'before-restore', at)).file.name;
    } finally {
      current.close();
    }
  }
  // Copy beside the target, then rename: the store is either the old file or the new one, never half of each.
  const staging = `${dbPath}.restoring`;
  fs.copyFileSync(source, staging);
  for (const side of ['-wal', '-shm']) fs.rmSync(dbPath + side, { force: true });
  fs.renameSync(staging, dbPath);
  // Opening migrates an older backup to the current schema; the restore itself is written to the restored log.
  const db = openDatabase(dbPath);
  try {
    db.transaction(() =>
      appendAudit(db as WritableDb, {
        at: at.toISOString(),
        userId: null,
        userLogin: by,
        command: 'backup.restore',
        entity: 'backup',
        entityId: path.basename(source),
        before: previousBackup ? { previousBackup } : null,
        after: { restoredFrom: path.basename(source), schemaVersion: check.schemaVersion },
      }),
    ).immediate();
  } finally {
    db.close();
  }
  return { restoredFrom: source, previousBackup, check };
}

const PENDING = 'restore-pending.json';

/** A restore asked for in the running program, applied at its next start. */
export interface PendingRestore {
  name: string;
  requestedAt: string;
  requestedBy: string;
}

/** The restore waiting for the next start, if any. */
export function readPendingRestore(dbPath: string): PendingRestore | null {
  const file = path.join(backupDir(dbPath), PENDING);
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PendingRestore>;
    if (typeof v.name !== 'string' || typeof v.requestedAt !== 'string') return null;
    return { name: v.name, requestedAt: v.requestedAt, requestedBy: String(v.requestedBy ?? '') };
  } catch {
    return null;
  }
}

/** Finds a backup by its file name in backups/ (names only: a user can never point at another path). */
export function findBackup(dbPath: string, name: string): BackupFile {
  const file = listBackupFiles(backupDir(dbPath)).find((f) => f.name === name);
  if (!file) throw new DomainError('not_found', `Резервная копия «${name}» не найдена`, { name });
  return file;
}

/** Checks a backup and records that it replaces the store at the next start. */
export function scheduleRestore(dbPath: string, name: string, at: Date, by: string): { pending: PendingRestore; check: BackupCheck } {
  const file = findBackup(dbPath, name);
  const check = inspectBackup(file.path);
  const pending: PendingRestore = { name: file.name, requestedAt: at.toISOString(), requestedBy: by };
  const target = path.join(backupDir(dbPath), PENDING);
  fs.writeFileSync(`${target}.tmp`, JSON.stringify(pending, null, 2));
  fs.renameSync(`${target}.tmp`, target);
  return { pending, check };
}

/** Drops a scheduled restore; true when there was one. */
export function cancelPendingRestore(dbPath: string): boolean {
  const file = path.join(backupDir(dbPath), PENDING);
  const had = fs.existsSync(file);
  fs.rmSync(file, { force: true });
  return had;
}

/** What the start-up step did, for the log. */
export interface StartupReport {
  restored: RestoreResult | null;
  restoreError: string | null;
  backup: BackupResult | null;
}

/**
 * Runs before the store is opened at program start: applies a scheduled restore, then takes the day's automatic
 * backup (one per day; rotation keeps the last 7 and one per month). Errors are reported, never fatal: a failed
 * backup must not stop people from working.
 */
export async function prepareStoreAtStart(dbPath: string, at: Date): Promise<StartupReport> {
  const report: StartupReport = { ...(await applyScheduledRestore(dbPath, at)), backup: null };
  if (fs.existsSync(dbPath)) {
    report.backup = await takeDailyBackup(dbPath, at, (target) => copyStore(dbPath, target));
  }
  return report;
}

/** Copies the store at `source` into `target` with the online backup API on this thread, in steps. */
export function copyStore(source: string, target: string): Promise<unknown> {
  const db = openRaw(source);
  return db.backup(target).finally(() => db.close());
}

/** Applies a restore scheduled for this start, before any connection to the store is open; errors are reported. */
export async function applyScheduledRestore(dbPath: string, at: Date): Promise<Pick<StartupReport, 'restored' | 'restoreError'>> {
  const pending = readPendingRestore(dbPath);
  if (!pending) return { restored: null, restoreError: null };
  // The marker goes first: a restore that fails must not be retried on every start.
  cancelPendingRestore(dbPath);
  try {
    return { restored: await restoreFromFile(dbPath, findBackup(dbPath, pending.name).path, at, pending.requestedBy || 'system'), restoreError: null };
  } catch (e) {
    return { restored: null, restoreError: e instanceof Error ? e.message : String(e) };
  }
}

/** The day's automatic backup through `copy`, unless one was already taken today (then null). */
export function takeDailyBackup(dbPath: string, at: Date, copy: (target: string) => Promise<unknown>): Promise<BackupResult | null> {
  const today = at.toISOString().slice(0, 10);
  const hasToday = listBackupFiles(backupDir(dbPath)).some((f) => f.kind === 'auto' && f.takenAt.startsWith(today));
  return hasToday ? Promise.resolve(null) : writeBackup(dbPath, 'auto', at, copy);
}
