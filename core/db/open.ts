import Database from 'better-sqlite3';
import { foldText } from '../grid/fold';
import { loadMigrations, migrate, type Migration } from './migrate';
import type { WritableDb } from './types';

export interface OpenOptions {
  migrations?: Migration[];
  /** Stop at this schema version (tests of data-changing migrations). */
  targetVersion?: number;
  readonly?: boolean;
}

/** Opens (or creates) the store with WAL and foreign keys, and brings its schema up to date. */
export function openDatabase(file: string, opts: OpenOptions = {}): WritableDb {
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    db.function('mcm_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? foldText(v) : v));
    const migrations = opts.migrations ?? loadMigrations();
    migrate(db, migrations, opts.targetVersion ?? migrations.length);
  } catch (e) {
    db.close();
    throw e;
  }
  return db as WritableDb;
}
