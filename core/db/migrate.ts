import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { DomainError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_RE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Folder holding the numbered SQL files; bundles copy it next to themselves, so it is resolved at run time. */
export function defaultMigrationsDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
}

/** Reads the migration files and checks that their numbers run 1, 2, 3… without gaps or repeats. */
export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const list = files.map((file) => {
    const m = FILE_RE.exec(file);
    if (!m) throw new Error(`Migration file name must look like 001_name.sql: ${file}`);
    return { version: Number(m[1]), name: m[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') };
  });
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations are not contiguous: expected ${i + 1}, found ${m.version}_${m.name}`);
  });
  return list;
}

/** Applies every pending migration in one transaction; refuses a database written by a newer version. */
export function migrate(db: Database.Database, migrations: Migration[], target = migrations.length): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new DomainError(
      'db_too_new',
      `База данных создана более новой версией MCM (схема ${current}, эта программа знает схему до ${latest}). Обновите программу.`,
      { dbVersion: current, appVersion: latest },
    );
  }
  if (current >= target) return current;
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    // PRAGMA cannot take bound parameters; the value is an integer we computed.
    db.pragma(`user_version = ${Math.trunc(target)}`);
  })();
  return target;
}
