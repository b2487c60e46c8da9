import { z } from 'zod';
import { mutation, query, type CurrentUser } from '../command';
import { DomainError } from '../errors';
import { countUsers, findUserRowByLogin } from '../users/repo';
import { verifyPassword } from '../users/password';
import { permissionsOf, type Permission } from '../users/roles';
import { createSession, currentUserById, revokeSession } from './tokens';

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
  'session.signIn': mutation({
    access: 'public',
    input: z.object({
      login: z.string().trim().min(1, 'Введите логин').max(100),
      password: z.string().min(1, 'Введите пароль').max(200),
    }),
    handler: (ctx, input) => {
      const row = findUserRowByLogin(ctx.db, input.login);
      // One message for both cases, so the screen does not reveal which logins exist.
      if (!row || row.is_active !== 1 || !verifyPassword(input.password, row.password_hash)) {
        throw new DomainError('unauthenticated', 'Неверный логин или пароль');
      }
      const token = createSession(ctx.db, row.id, ctx.clock.now());
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
  'session.whoami': query({
    access: 'signedIn',
    input: z.object({}).default({}),
    handler: (ctx) => withPermissions(ctx.user as CurrentUser),
  }),
};
