import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../core/db/migrate';
import { openDatabase } from '../../../core/db/open';
import { DomainError } from '../../../core/errors';
import { tempDir } from '../../helpers/core';

describe('migrations', () => {
  it('are numbered without gaps and bring a new file to the latest version', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer version, without touching it', () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    let err: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('db_too_new');
    expect((err as DomainError).message).toContain('более новой версией MCM');
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    check.close();
  });

  it('rolls back all pending migrations when one fails', () => {
    const file = path.join(tempDir(), 'broken.sqlite');
    const db = new Database(file);
    const good = loadMigrations();
    const broken = [...good, { version: good.length + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x INTEGER); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('ok_table', 'users')").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a gap in the numbering', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '001_a.sql'), 'SELECT 1;');
    fs.writeFileSync(path.join(dir, '003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/not contiguous/);
  });

  it('keeps the schema as the snapshot says (a changed schema needs a new migration)', () => {
    const db = openDatabase(path.join(tempDir(), 's.sqlite'));
    const schema = db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all();
    db.close();
    expect(schema).toMatchSnapshot();
  });

  it('seeds every federal district and all 89 subjects of the RF', () => {
    const db = openDatabase(path.join(tempDir(), 'r.sqlite'));
    expect(db.prepare('SELECT count(*) FROM federal_districts').pluck().get()).toBe(8);
    expect(db.prepare('SELECT count(*) FROM regions').pluck().get()).toBe(89);
    expect(db.prepare('SELECT count(DISTINCT federal_district) FROM regions').pluck().get()).toBe(8);
    db.close();
  });
});
