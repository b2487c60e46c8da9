// `mcm backup`, `mcm restore FILE` and `mcm audit verify`: the reliability commands of issue 10.
import * as path from 'node:path';
import { applyScheduledRestore, copyStoreOffThread, restoreFromFile, takeDailyBackup } from '../core/startup';
import type { CallMeta, Core } from '../core/index';
import { CliError, unwrap } from './session';

/** Takes a backup now through `backup.create`; prints where it went. */
export async function cmdBackup(core: Core, meta: CallMeta): Promise<number> {
  const res = unwrap<{ file: { name: string; sizeBytes: number }; rotated: string[] }>(await core.invoke('backup.create', {}, meta));
  const folder = path.join(path.dirname(path.resolve(core.dbPath)), 'backups');
  process.stdout.write(`Резервная копия создана: ${path.join(folder, res.file.name)} (${(res.file.sizeBytes / 1024 / 1024).toFixed(1)} МБ)\n`);
  if (res.rotated.length) process.stdout.write(`Удалены старые копии: ${res.rotated.join(', ')}\n`);
  return 0;
}

/**
 * Replaces the database with FILE after checking it (integrity_check, MCM schema); the current database is backed up
 * first. Runs with no core open: the caller must not have opened the database.
 */
export async function cmdRestore(dbPath: string, file: string | undefined, by: string): Promise<number> {
  if (!file) throw new CliError('Использование: mcm restore ФАЙЛ (резервная копия .sqlite)');
  const res = await restoreFromFile(path.resolve(dbPath), path.resolve(file), new Date(), by);
  if (res.previousBackup) process.stdout.write(`Текущая база сохранена в копию: ${res.previousBackup}\n`);
  process.stdout.write(
    `База восстановлена из «${path.basename(file)}»: схема ${res.check.schemaVersion}, пользователей ${res.check.users}, ` +
      `договоров ${res.check.contracts}, записей аудита ${res.check.auditRecords}\n`,
  );
  return 0;
}

interface ChainReport {
  ok: boolean;
  checked: number;
  lastHash: string | null;
  problems: { id: number; kind: string; message: string }[];
  message: string;
}

/** Checks the audit log's hash chain; exit code 1 when a record was edited or deleted. */
export async function cmdAuditVerify(core: Core, meta: CallMeta): Promise<number> {
  const report = unwrap<ChainReport>(await core.invoke('audit.verify', {}, meta));
  process.stdout.write(report.message + '\n');
  for (const p of report.problems) process.stdout.write(`  ${p.message}\n`);
  if (report.ok && report.lastHash) process.stdout.write(`Вершина цепочки: ${report.lastHash}\n`);
  return report.ok ? 0 : 1;
}

/** The start-up step of `mcm serve` before the store is opened: a scheduled restore; problems are printed, not fatal. */
export async function startupRestore(dbPath: string): Promise<void> {
  try {
    const r = await applyScheduledRestore(path.resolve(dbPath), new Date());
    if (r.restored) process.stdout.write(`Выполнено запланированное восстановление из «${path.basename(r.restored.restoredFrom)}»\n`);
    if (r.restoreError) process.stderr.write(`Запланированное восстановление не выполнено: ${r.restoreError}\n`);
  } catch (e) {
    process.stderr.write(`Запланированное восстановление не выполнено: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}

/** The day's automatic backup of a running server, copied on a thread of its own; problems are printed, not fatal. */
export async function dailyBackupInBackground(dbPath: string): Promise<void> {
  const file = path.resolve(dbPath);
  try {
    const r = await takeDailyBackup(file, new Date(), (target) => copyStoreOffThread(file, target));
    if (r) process.stdout.write(`Автоматическая резервная копия: ${r.file.name}\n`);
  } catch (e) {
    process.stderr.write(`Автоматическая резервная копия не создана: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}
