import { z } from 'zod';
import { mutation, query } from '../command';
import { DomainError } from '../errors';
import { hashPassword } from './password';
import { findUserRowByLogin, getUser, insertUser, listUsers } from './repo';
import { ROLES } from './roles';
import { loadScope } from './scope';

export const usersCommands = {
  'users.list': query({
    access: 'users.read',
    input: z.object({}).default({}),
    handler: (ctx) => listUsers(ctx.db).map((u) => ({ ...u, scope: loadScope(ctx.db, u.id) })),
  }),
  'users.setScope': mutation({
    access: 'users.manage',
    input: z.object({
      userId: z.number().int().positive(),
      districts: z.array(z.string().max(8)).max(8).default([]),
      regions: z.array(z.string().regex(/^\d{2}$/, 'Код региона — две цифры')).max(100).default([]),
    }),
    handler: (ctx, input) => {
      if (!getUser(ctx.db, input.userId)) throw new DomainError('not_found', 'Пользователь не найден');
      const known = (table: string, codes: string[]) =>
        codes.filter((c) => !ctx.db.prepare(`SELECT 1 FROM ${table} WHERE code = ?`).get(c));
      const badDistricts = known('federal_districts', input.districts);
      const badRegions = known('regions', input.regions);
      if (badDistricts.length || badRegions.length) {
        throw new DomainError('validation', `Неизвестные округа или регионы: ${[...badDistricts, ...badRegions].join(', ')}`);
      }
      const before = loadScope(ctx.db, input.userId);
      ctx.db.prepare('DELETE FROM user_scopes WHERE user_id = ?').run(input.userId);
      const add = ctx.db.prepare('INSERT INTO user_scopes (user_id, kind, code) VALUES (?, ?, ?)');
      for (const d of new Set(input.districts)) add.run(input.userId, 'district', d);
      for (const r of new Set(input.regions)) add.run(input.userId, 'region', r);
      const after = loadScope(ctx.db, input.userId);
      ctx.audit({ entity: 'user', entityId: input.userId, before: { scope: before }, after: { scope: after } });
      return after;
    },
  }),
  'users.create': mutation({
    access: 'users.manage',
    input: z.object({
      login: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9._-]{2,64}$/, 'Логин: от 2 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний'),
      fullName: z.string().trim().min(3, 'Укажите ФИО').max(200),
      password: z.string().min(8, 'Пароль не короче 8 символов').max(200),
      roles: z.array(z.enum(ROLES)).min(1, 'Назначьте хотя бы одну роль'),
    }),
    handler: (ctx, input) => {
      if (findUserRowByLogin(ctx.db, input.login)) {
        throw new DomainError('conflict', `Пользователь с логином «${input.login}» уже есть`, { field: 'login' });
      }
      const id = insertUser(
        ctx.db,
        { login: input.login, fullName: input.fullName, passwordHash: hashPassword(input.password), roles: input.roles },
        ctx.clock.now().toISOString(),
      );
      const user = getUser(ctx.db, id);
      ctx.audit({ entity: 'user', entityId: id, after: user });
      return user;
    },
  }),
};
