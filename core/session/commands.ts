import { z } from 'zod';
import { mutation, query, type CurrentUser } from '../command';
import { DomainError } from '../errors';
import { countUsers, findUserRowByLogin, getUser } from '../users/repo';
import { verifyPassword } from '../users/password';
import { permissionsOf, type Permission } from '../users/roles';
import { clearFailures, lockedUntil, lockMessage, recordFailure } from './lockout';
import { sessionPolicy } from './policy';
import { RecordedRefusal } from './refusal';
import { createSession, currentUserById, revokeSession, revokeUserSessions } from './tokens';

export interface SessionUser extends CurrentUser {
  permissions: Permission[];
}

const withPermissions = (u: CurrentUser): SessionUser => ({ ...u, permissions: permissionsOf(u.roles) });

export const sessionCommands = {
  /** What the sign-in screen needs before anyone is signed in. */
  'session.info': query({
    access: 'public',
    input: z.object({}).default({}),
    handler: (ctx) => ({
      osUser: ctx.env.osUser,
      hasUsers: countUsers(ctx.db) > 0,
      appVersion: ctx.env.appVersion,
      schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
    }),
  }),
  /**
   * Signs in → {token, user}. Wrong passwords count towards a lockout (settings session.lockout_*); every refusal is
   * audited and its count kept, though the caller gets an error.
   */
  'session.signIn': mutation({
    access: 'public',
    input: z.object({
      login: z.string().trim().min(1, 'Введите логин').max(100),
      password: z.string().min(1, 'Введите пароль').max(200),
    }),
    handler: (ctx, input) => {
      const now = ctx.clock.now();
      const row = findUserRowByLogin(ctx.db, input.login);
      const refuse = (reason: string, extra: Record<string, unknown> = {}, message = 'Неверный логин или пароль'): never => {
        ctx.audit({ entity: 'user', entityId: row?.id, userId: row?.id, userLogin: row?.login ?? input.login, after: { signInFailed: reason, ...extra } });
        // One message for unknown logins and wrong passwords, so the screen does not reveal which logins exist.
        throw new RecordedRefusal('unauthenticated', message, extra.lockedUntil ? { lockedUntil: extra.lockedUntil } : undefined);
      };
      if (!row) return refuse('unknown_login');
      const policy = sessionPolicy(ctx.db);
      const locked = lockedUntil(ctx.db, row.id, now);
      // A locked account is refused even with the right password, and the attempt does not extend the lock.
      if (locked) return refuse('locked', { lockedUntil: locked }, lockMessage(locked, policy));
      if (row.is_active !== 1) return refuse('inactive');
      if (!verifyPassword(input.password, row.password_hash)) {
        const f = recordFailure(ctx.db, row.id, now, policy);
        if (f.lockedUntil) return refuse('locked_now', { failures: f.failures, lockedUntil: f.lockedUntil }, lockMessage(f.lockedUntil, policy));
        return refuse('wrong_password', { failures: f.failures });
      }
      clearFailures(ctx.db, row.id);
      const token = createSession(ctx.db, row.id, now);
      ctx.audit({ entity: 'user', entityId: row.id, userId: row.id, userLogin: row.login, after: { signedIn: true } });
      return { token, user: withPermissions(currentUserById(ctx.db, row.id)!) };
    },
  }),
  'session.signOut': mutation({
    access: 'signedIn',
    input: z.object({}).default({}),
    handler: (ctx) => {
      if (ctx.sessionToken) revokeSession(ctx.db, ctx.sessionToken, ctx.clock.now());
      ctx.audit({ entity: 'user', entityId: ctx.user?.id, after: { signedOut: true } });
      return { signedOut: true };
    },
  }),
  /** Ends every session of the signed-in user on every desktop and browser, this one included → {revoked}. */
  'session.signOutEverywhere': mutation({
    access: 'signedIn',
    input: z.object({}).default({}),
    handler: (ctx) => {
      const revoked = revokeUserSessions(ctx.db, ctx.user!.id, ctx.clock.now());
      ctx.audit({ entity: 'user', entityId: ctx.user!.id, after: { signedOutEverywhere: revoked } });
      return { revoked };
    },
  }),
  /** Lifts a sign-in lockout and forgets the wrong passwords counted so far → {userId, wasLockedUntil}. */
  'users.unlock': mutation({
    access: 'users.manage',
    input: z.object({ userId: z.number().int().positive() }),
    handler: (ctx, input) => {
      if (!getUser(ctx.db, input.userId)) throw new DomainError('not_found', 'Пользователь не найден');
      const wasLockedUntil = lockedUntil(ctx.db, input.userId, ctx.clock.now());
      clearFailures(ctx.db, input.userId);
      ctx.audit({ entity: 'user', entityId: input.userId, before: { lockedUntil: wasLockedUntil }, after: { unlocked: true } });
      return { userId: input.userId, wasLockedUntil };
    },
  }),
  /** Accounts locked out right now, for the users panel → [{userId, login, fullName, lockedUntil}]. */
  'users.lockouts': query({
    access: 'users.read',
    input: z.object({}).default({}),
    handler: (ctx) =>
      ctx.db
        .prepare('SELECT id AS userId, login, full_name AS fullName, locked_until AS lockedUntil FROM users WHERE locked_until > ? ORDER BY full_name')
        .all(ctx.clock.now().toISOString()) as { userId: number; login: string; fullName: string; lockedUntil: string }[],
  }),
  'session.whoami': query({
    access: 'signedIn',
    input: z.object({}).default({}),
    handler: (ctx) => withPermissions(ctx.user as CurrentUser),
  }),
};
