import { z } from 'zod';
import { mutation, query, type CurrentUser } from '../command';
import { DomainError } from '../errors';
import { countUsers, findUserRowByLogin, getUser } from '../users/repo';
import { verifyPassword, verifyPasswordAsync } from '../users/password';
import { permissionsOf, type Permission } from '../users/roles';
import { clearFailures, lockedUntil, lockMessage, recordFailure } from './lockout';
import { sessionPolicy } from './policy';
import { RecordedRefusal } from './refusal';
import { createSession, currentUserById, revokeSession, revokeUserSessions } from './tokens';

export interface SessionUser extends CurrentUser {
  permissions: Permission[];
}

/** A password verified before the sign-in transaction, with the stored hash it was checked against. */
interface PasswordCheck {
  hash: string;
  ok: boolean;
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
    // scrypt (~100 ms of CPU) runs before the transaction and off the thread, so a sign-in does not hold the writer;
    // the lockout check and count stay inside the transaction below.
    prepare: async (ctx, input): Promise<PasswordCheck | null> => {
      const row = findUserRowByLogin(ctx.db, input.login);
      if (!row || row.is_active !== 1 || lockedUntil(ctx.db, row.id, ctx.clock.now())) return null;
      return { hash: row.password_hash, ok: await verifyPasswordAsync(input.password, row.password_hash) };
    },
    handler: (ctx, input, checked) => {
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
      // The check made before the transaction holds only for the hash it saw; a password changed meanwhile is checked again.
      const passwordOk = checked?.hash === row.password_hash ? checked.ok : verifyPassword(input.password, row.password_hash);
      if (!passwordOk) {
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
  /**
   * Accounts locked out right now, for the users panel → [{userId, login, fullName, lockedUntil, failures}];
   * `failures` counts refused sign-ins since the last successful one or unlock, attempts during the lock included.
   */
  'users.lockouts': query({
    access: 'users.read',
    input: z.object({}).default({}),
    handler: (ctx) =>
      ctx.db
        .prepare(
          // From the audit log: the users row keeps no count once the lock starts (recordFailure resets it).
          `SELECT u.id AS userId, u.login, u.full_name AS fullName, u.locked_until AS lockedUntil,
             (SELECT count(*) FROM audit_log a
               WHERE a.entity = 'user' AND a.entity_id = CAST(u.id AS TEXT) AND a.command = 'session.signIn'
                 AND json_extract(a.after_json, '$.signInFailed') IS NOT NULL
                 AND a.id > coalesce((SELECT max(b.id) FROM audit_log b
                   WHERE b.entity = 'user' AND b.entity_id = CAST(u.id AS TEXT)
                     AND (json_extract(b.after_json, '$.signedIn') = 1 OR json_extract(b.after_json, '$.unlocked') = 1)), 0)
             ) AS failures
           FROM users u WHERE u.locked_until > ? ORDER BY u.full_name`,
        )
        .all(ctx.clock.now().toISOString()) as { userId: number; login: string; fullName: string; lockedUntil: string; failures: number }[],
  }),
  'session.whoami': query({
    access: 'signedIn',
    input: z.object({}).default({}),
    handler: (ctx) => withPermissions(ctx.user as CurrentUser),
  }),
};
