import { z } from 'zod';
import { mutation, query } from '../command';
import { DomainError } from '../errors';
import { hashPassword } from './password';
import { findUserRowByLogin, getUser, insertUser, listUsers } from './repo';
import { ROLES } from './roles';

export const usersCommands = {
  'users.list': query({
    access: 'users.read',
    input: z.object({}).default({}),
    handler: (ctx) => listUsers(ctx.db),
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
