import { createHash, randomBytes } from 'node:crypto';
import type { CurrentUser } from '../command';
import type { ReadableDb, WritableDb } from '../db/types';
import { findUserRowByLogin, getUser } from '../users/repo';
import { loadScope } from '../users/scope';
import { sessionPolicy } from './policy';

const SESSION_HOURS = 12;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opens a session for a user and returns its bearer token (only its hash is stored). */
export function createSession(db: WritableDb, userId: number, now: Date): string {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    hashToken(token),
    userId,
    now.toISOString(),
    expires.toISOString(),
  );
  return token;
}

// Recording every call would make each grid request a write; once a minute is precise enough for a 30-minute window.
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a bearer token to its active user, or null when missing, expired (12 h), idle longer than the policy
 * allows, revoked, or the user is disabled. Records the use so the idle window restarts, unless `activity` is false
 * (a background refresh the user did not ask for).
 */
export function resolveSession(
  db: WritableDb,
  token: string | null | undefined,
  now: Date,
  { activity = true }: { activity?: boolean } = {},
): CurrentUser | null {
  if (!token) return null;
  const hash = hashToken(token);
  const row = db
    .prepare('SELECT user_id, created_at, expires_at, revoked_at, last_seen_at FROM sessions WHERE token_hash = ?')
    .get(hash) as
    | { user_id: number; created_at: string; expires_at: string; revoked_at: string | null; last_seen_at: string | null }
    | undefined;
  if (!row || row.revoked_at || row.expires_at <= now.toISOString()) return null;
  const lastSeen = Date.parse(row.last_seen_at ?? row.created_at);
  if (now.getTime() - lastSeen > sessionPolicy(db).idleMinutes * 60_000) return null;
  if (activity && now.getTime() - lastSeen >= TOUCH_EVERY_MS) touchSession(db, hash, now.toISOString());
  return currentUserById(db, row.user_id);
}

/**
 * Best effort, never waiting: a query must not stall behind a long import holding the write lock just to note that
 * the user is active. A busy store skips the note; the next call records it.
 */
function touchSession(db: WritableDb, hash: string, nowIso: string): void {
  if (db.readonly || db.inTransaction) return;
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(nowIso, hash);
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY') !== true) throw e;
  } finally {
    db.pragma(`busy_timeout = ${Math.trunc(wait)}`);
  }
}

/** Loads the user as commands see it (roles and scope), or null when missing or disabled. */
export function currentUserById(db: ReadableDb, userId: number): CurrentUser | null {
  const user = getUser(db, userId);
  if (!user || !user.isActive) return null;
  return { id: user.id, login: user.login, fullName: user.fullName, roles: user.roles, scope: loadScope(db, user.id) };
}

/** The built-in account the CLI acts as on a local database when no user is named. */
export function systemUser(db: ReadableDb): CurrentUser {
  const row = findUserRowByLogin(db, SYSTEM_LOGIN);
  const user = row && currentUserById(db, row.id);
  if (!user) throw new Error('The system account is missing from the database');
  return user;
}

export const SYSTEM_LOGIN = 'system';

/** Ends a session. */
export function revokeSession(db: WritableDb, token: string, now: Date): void {
  db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(
    now.toISOString(),
    hashToken(token),
  );
}

/** Ends every session of a user (sign out everywhere); returns how many were open. */
export function revokeUserSessions(db: WritableDb, userId: number, now: Date): number {
  return db
    .prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?')
    .run(now.toISOString(), userId, now.toISOString()).changes;
}
