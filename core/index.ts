// The core's public surface for shells: open a store and invoke commands by name.
import * as path from 'node:path';
import { systemClock, type Clock } from './clock';
import { commandTable } from './commands';
import type { HostEnv } from './command';
import { openDatabase } from './db/open';
import { dispatch, type CallMeta } from './dispatch';
import type { Envelope } from './errors';
import { createLogger, stderrSink, type LogSink } from './log';

export { DomainError } from './errors';
export type { Envelope } from './errors';
export type { CallMeta } from './dispatch';
export type { ProgressFn } from './command';

export interface CoreOptions {
  dbPath: string;
  clock?: Clock;
  osUser?: string;
  appVersion?: string;
  logSink?: LogSink;
}

export interface Core {
  invoke(name: string, input: unknown, meta?: CallMeta): Promise<Envelope>;
  commandNames(): string[];
  /** Whether each command only reads or changes data: lets a shell send reads to other connections. */
  commandKinds(): Record<string, 'query' | 'mutation'>;
  close(): void;
  readonly dbPath: string;
}

/** Opens the store at dbPath (creating and migrating it) and returns the command door. */
export function openCore(opts: CoreOptions): Core {
  const db = openDatabase(opts.dbPath);
  const env: HostEnv = {
    osUser: opts.osUser ?? '',
    dataDir: path.dirname(path.resolve(opts.dbPath)),
    appVersion: opts.appVersion ?? '0.0.0',
  };
  const deps = { db, clock: opts.clock ?? systemClock, env, log: createLogger('core', opts.logSink ?? stderrSink) };
  return {
    dbPath: opts.dbPath,
    invoke: (name, input, meta) => dispatch(commandTable, deps, name, input, meta),
    commandNames: () => Object.keys(commandTable).sort(),
    commandKinds: () => Object.fromEntries(Object.entries(commandTable).map(([name, c]) => [name, c.kind])),
    close: () => db.close(),
  };
}
export { defaultDataDir, defaultDbPath } from './paths';
export { fixedClock, systemClock } from './clock';
export { silentSink, stderrSink } from './log';
export { applyScheduledRestore, copyStore, inspectBackup, prepareStoreAtStart, restoreFromFile, takeDailyBackup, type StartupReport } from './backup/backup';
export { copyStoreOffThread } from './backup/offThread';
