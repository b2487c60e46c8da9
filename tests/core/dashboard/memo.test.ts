// The dashboard's in-memory results (core/dashboard/memo.ts) are reused only while nothing was written: by the same
// connection, by another connection, or inside a transaction that may still roll back.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoized, memoKey } from '../../../core/dashboard/memo';
import { openDatabase } from '../../../core/db/open';
import type { ReadableDb } from '../../../core/db/types';
import { closeAfterTest, tempDir } from '../../helpers/core';

function store() {
  const file = path.join(tempDir(), 'memo.sqlite');
  const db = openDatabase(file);
  closeAfterTest(db);
  db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
  db.prepare('INSERT INTO t (n) VALUES (1)').run();
  let computed = 0;
  /** Σ n, counting how many times it was really computed. */
  const sum = (key = 'sum') =>
    memoized(db as unknown as ReadableDb, key, () => {
      computed++;
      return db.prepare('SELECT total(n) FROM t').pluck().get() as number;
    });
  return { db, file, sum, computed: () => computed };
}

describe('dashboard memo', () => {
  it('reuses a result while nothing is written, per key', () => {
    const s = store();
    expect([s.sum(), s.sum(), s.sum()]).toEqual([1, 1, 1]);
    expect(s.computed()).toBe(1);
    expect(s.sum('other')).toBe(1);
    expect(s.computed()).toBe(2);
  });

  it('recomputes after a write of the same connection, a rolled-back one included', () => {
    const s = store();
    expect(s.sum()).toBe(1);
    s.db.prepare('INSERT INTO t (n) VALUES (2)').run();
    expect(s.sum()).toBe(3);
    expect(s.computed()).toBe(2);
    // A write that is rolled back leaves the data as it was, but the result is computed again (never stale).
    expect(() =>
      s.db.transaction(() => {
        s.db.prepare('INSERT INTO t (n) VALUES (100)').run();
        throw new Error('rollback');
      })(),
    ).toThrow('rollback');
    expect(s.sum()).toBe(3);
    expect(s.computed()).toBe(3);
  });

  it('recomputes after a commit of another connection', () => {
    const s = store();
    expect(s.sum()).toBe(1);
    const other = openDatabase(s.file);
    closeAfterTest(other);
    other.prepare('INSERT INTO t (n) VALUES (5)').run();
    expect(s.sum()).toBe(6);
    expect(s.computed()).toBe(2);
  });

  it('neither reuses nor keeps a result inside a transaction', () => {
    const s = store();
    expect(s.sum()).toBe(1);
    const inside = s.db.transaction(() => {
      s.db.prepare('INSERT INTO t (n) VALUES (10)').run();
      const first = s.sum();
      const second = s.sum();
      throw Object.assign(new Error('rollback'), { seen: [first, second] });
    });
    let seen: unknown;
    try {
      inside();
    } catch (e) {
      seen = (e as { seen: unknown }).seen;
    }
    expect(seen).toEqual([11, 11]);
    expect(s.sum()).toBe(1);
    expect(s.computed()).toBe(4);
  });

  it('names a key by its arguments', () => {
    expect(memoKey('trend', { districts: ['ЦФО'], regions: [] }, '2026-03', 12)).not.toBe(memoKey('trend', { districts: [], regions: [] }, '2026-03', 12));
    expect(memoKey('trend', { districts: [], regions: [] }, '2026-03', 12)).toBe(memoKey('trend', { districts: [], regions: [] }, '2026-03', 12));
  });
});
