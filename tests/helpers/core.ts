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
const handles: { close(): void }[] = [];
afterEach(() => {
  // Connections first: a folder cannot be removed cleanly while a database in it is open.
  while (handles.length) handles.pop()!.close();
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** Closes these connections (cores, databases) after the current test. */
export function closeAfterTest(...hs: { close(): void }[]): void {
  handles.push(...hs);
}

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
    // Tests move the clock by hours between calls; idle timeout has its own tests (tests/core/session).
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('session.idle_minutes', '720', ?)").run(clock.now().toISOString());
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

type Envelope = Awaited<ReturnType<Core['invoke']>>;

/**
 * Calls commands as named users, signing each in once. With `signInAgain`, a session that expired because a test moved
 * the clock is replaced by a fresh sign-in.
 */
export function userCaller(t: TestCore, opts: { signInAgain?: boolean } = {}) {
  const sessions = new Map<string, string>();
  const call = async (login: string, name: string, input: unknown = {}): Promise<Envelope> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      let s = sessions.get(login);
      if (!s) sessions.set(login, (s = await t.signIn(login)));
      const env = await t.as(s)(name, input);
      if (env.ok || env.error.code !== 'unauthenticated' || !opts.signInAgain) return env;
      sessions.delete(login);
    }
    throw new Error(`cannot sign in as ${login}`);
  };
  /** Returns the command's data, failing the test with the core's error otherwise. */
  const ok = async (login: string, name: string, input: unknown = {}) => {
    const env = await call(login, name, input);
    if (!env.ok) throw new Error(`${name}: ${env.error.code}: ${env.error.message} ${JSON.stringify(env.error.details ?? {})}`);
    return env.data as never;
  };
  return { call, ok };
}

