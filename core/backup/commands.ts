// Backups and restore of the database (issue 10).
import { z } from 'zod';
import { mutation, query } from '../command';
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { cancelPendingRestore, createBackup, readPendingRestore, scheduleRestore } from './backup';
import { backupDir, listBackupFiles } from './files';

// better-sqlite3 knows the file it opened; an in-memory store has nothing to back up.
function storePath(db: ReadableDb): string {
  const file = db.name;
  if (!file || file === ':memory:') throw new DomainError('conflict', 'База данных открыта в памяти: резервные копии недоступны');
  return file;
}

const RESTART_NOTE = 'Восстановление будет выполнено при следующем запуске MCM (текущая база перед этим будет сохранена в резервную копию). Перезапустите программу.';

export const backupCommands = {
  'backup.list': query({
    access: 'backup.create',
    input: z.object({}),
    handler: (ctx) => {
      const dbPath = storePath(ctx.db);
      const backups = listBackupFiles(backupDir(dbPath)).map(({ path: _path, ...f }) => f);
      return { folder: backupDir(dbPath), backups, pendingRestore: readPendingRestore(dbPath) };
    },
  }),

  // A query, not a mutation: the store does not change (a file appears beside it), and the online backup API is
  // asynchronous, which a mutation's single transaction cannot wait for.
  'backup.create': query({
    access: 'backup.create',
    input: z.object({}),
    handler: async (ctx) => {
      const dbPath = storePath(ctx.db);
      const res = await createBackup(ctx.db, dbPath, 'manual', ctx.clock.now());
      ctx.log.info('backup created', { name: res.file.name, by: ctx.user?.login, rotated: res.rotated });
      const { path: _path, ...file } = res.file;
      return { file, rotated: res.rotated };
    },
  }),

  // The store cannot be swapped under open connections (other windows, the server's users), so the running program
  // only checks the backup and schedules it; the swap happens at the next start before the store is opened.
  'backup.restore': mutation({
    access: 'backup.restore',
    input: z.object({ name: z.string().min(1, 'Выберите резервную копию').max(200) }),
    handler: (ctx, input) => {
      const dbPath = storePath(ctx.db);
      const { pending, check } = scheduleRestore(dbPath, input.name, ctx.clock.now(), ctx.user?.login ?? 'system');
      ctx.audit({ entity: 'backup', entityId: input.name, after: { scheduled: pending, check } });
      return { pending, check, message: RESTART_NOTE };
    },
  }),

  'backup.cancelRestore': mutation({
    access: 'backup.restore',
    input: z.object({}),
    handler: (ctx) => {
      const dbPath = storePath(ctx.db);
      const before = readPendingRestore(dbPath);
      const cancelled = cancelPendingRestore(dbPath);
      ctx.audit({ entity: 'backup', entityId: before?.name, before, after: null });
      return { cancelled };
    },
  }),
};
