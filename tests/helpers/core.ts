import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';
import { fixedClock } from '../../core/clock';
import { hashPassword } from '../../core/users/password';
import { insertUser } from '../../core/users/repo';
import type { Role } from '../../core/users/roles';
import { openDatabase } from '../../core/db/open';
import { openCore, silentSink, type Core } from '../../core/index';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A fresh temp folder removed after the test. */
export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-test-'));
  dirs.push(d);
  return d;
}

export interface TestCore {
  core: Core;
  dbPath: string;
  clock: ReturnType<typeof fixedClock>;
  /** Signs in and returns a session token. */
  signIn(login: string, password?: string): Promise<string>;
  /** Calls a command as a signed-in user and returns the envelope. */
  as(session: string): (name: string, input?: unknown) => ReturnType<Core['invoke']>;
}

// One hash for all seeded users: scrypt is slow on purpose.
let cachedHash: string | undefined;

/** A real SQLite file built by the real migrations, with a fixed clock and the given users (password "secret"). */
export function testCore(users: { login: string; roles: Role[] }[] = []): TestCore {
  const dbPath = path.join(tempDir(), 'mcm.sqlite');
  const clock = fixedClock('2026-12-03T10:00:00.000Z');
  if (users.length) {
    cachedHash ??= hashPassword('secret');
    const db = openDatabase(dbPath);
    for (const u of users) insertUser(db, { login: u.login, fullName: `Тест ${u.login}`, passwordHash: cachedHash, roles: u.roles }, clock.now().toISOString());
    db.close();
  }
  const core = openCore({ dbPath, clock, osUser: 'tester', appVersion: 'test', logSink: silentSink });
  return {
    core,
    dbPath,
    clock,
    async signIn(login, password = 'secret') {
      const env = await core.invoke('session.signIn', { login, password });
      if (!env.ok) throw new Error(env.error.message);
      return (env.data as { token: string }).token;
    },
    as: (session) => (name, input = {}) => core.invoke(name, input, { session }),
  };
}

/** Rows of a table in a stable order, for exact assertions. */
export function dumpTable(dbPath: string, table: string): Record<string, unknown>[] {
  const db = openDatabase(dbPath);
  try {
    return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}
