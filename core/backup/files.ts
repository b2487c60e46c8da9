// Backup files of the store: where they live, how they are named, and which ones rotation keeps.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Why a backup was made; part of its file name. */
export type BackupKind = 'auto' | 'manual' | 'before-restore';

/** One backup file as listed to users. */
export interface BackupFile {
  name: string;
  path: string;
  /** ISO time the backup was taken (from its name, UTC). */
  takenAt: string;
  kind: BackupKind;
  sizeBytes: number;
}

const NAME_RE = /^mcm-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{3}))?-(auto|manual|before-restore)\.sqlite$/;

/** The `backups/` folder beside the database file. */
export function backupDir(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'backups');
}

/** File name of a backup taken at `at`; sortable by time, colons avoided for Windows. */
export function backupName(at: Date, kind: BackupKind): string {
  const iso = at.toISOString(); // 2026-12-03T10:00:00.123Z
  return `mcm-${iso.slice(0, 10)}T${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}-${iso.slice(20, 23)}-${kind}.sqlite`;
}

/** Parses a backup file name; null for any other file (the folder may hold foreign files, they are left alone). */
export function parseBackupName(name: string): { takenAt: string; kind: BackupKind } | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  return { takenAt: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5] ?? '000'}Z`, kind: m[6] as BackupKind };
}

/** Backups in the folder, newest first. */
export function listBackupFiles(dir: string): BackupFile[] {
  if (!fs.existsSync(dir)) return [];
  const out: BackupFile[] = [];
  for (const name of fs.readdirSync(dir)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const file = path.join(dir, name);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    out.push({ name, path: file, takenAt: parsed.takenAt, kind: parsed.kind, sizeBytes: st.size });
  }
  return out.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : b.name.localeCompare(a.name)));
}

/** How many of the newest backups rotation always keeps. */
export const KEEP_LAST = 7;

/**
 * Which backups rotation deletes: everything except the newest KEEP_LAST and the newest backup of each calendar month
 * (the monthly ones stay forever, so a problem noticed months later can still be traced back).
 */
export function backupsToDelete(files: BackupFile[]): BackupFile[] {
  const newestFirst = [...files].sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : 0));
  const keep = new Set<string>(newestFirst.slice(0, KEEP_LAST).map((f) => f.name));
  const months = new Set<string>();
  for (const f of newestFirst) {
    const month = f.takenAt.slice(0, 7);
    if (!months.has(month)) {
      months.add(month);
      keep.add(f.name);
    }
  }
  return newestFirst.filter((f) => !keep.has(f.name));
}

/** Deletes what rotation does not keep; returns the deleted names. */
export function rotateBackups(dir: string): string[] {
  const doomed = backupsToDelete(listBackupFiles(dir));
  for (const f of doomed) fs.rmSync(f.path, { force: true });
  return doomed.map((f) => f.name);
}
