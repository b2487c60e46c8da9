import { createHash, randomBytes } from 'node:crypto';
import type { CurrentUser } from '../command';
import type { ReadableDb, WritableDb } from '../db/types';
import { findUserRowByLogin, getUser } from '../users/repo';
import { loadScope } from '../users/scope';

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

/** Resolves a bearer token to its active user, or null when missing, expired, revoked or the user is disabled. */
export function resolveSession(db: ReadableDb, token: string | null | undefined, now: Date): CurrentUser | null {
  if (!token) return null;
  const row = db
    .prepare('SELECT user_id, expires_at, revoked_at FROM sessions WHERE token_hash = ?')
    .get(hashToken(token)) as { user_id: number; expires_at: string; revoked_at: string | null } | undefined;
  if (!row || row.revoked_at || row.expires_at <= now.toISOString()) return null;
  return currentUserById(db, row.user_id);
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
