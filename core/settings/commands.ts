import { z } from 'zod';
import { mutation, query } from '../command';
import { DomainError } from '../errors';
import { SETTING_DEFS, settingDef } from './definitions';
import { readSettings, writeSetting } from './repo';

const knownKey = z.string().refine((k) => settingDef(k) !== undefined, { message: 'Неизвестная настройка' });

export const settingsCommands = {
  'settings.list': query({
    access: 'settings.read',
    input: z.object({}).default({}),
    handler: (ctx) => {
      const values = readSettings(ctx.db);
      return SETTING_DEFS.map((d) => ({
        key: d.key,
        label: d.label,
        value: values[d.key] ?? d.defaultValue ?? null,
        isDefault: values[d.key] === undefined && d.defaultValue !== undefined,
      }));
    },
  }),
  'settings.get': query({
    access: 'settings.read',
    input: z.object({ key: knownKey }),
    handler: (ctx, input) => ({ key: input.key, value: readSettings(ctx.db)[input.key] ?? settingDef(input.key)!.defaultValue ?? null }),
  }),
  'settings.set': mutation({
    access: 'settings.write',
    input: z.object({ key: knownKey, value: z.string().max(2000) }),
    handler: (ctx, input) => {
      const def = settingDef(input.key)!;
      const all = readSettings(ctx.db);
      const value = input.value.trim();
      const reason = value === '' ? 'Значение не может быть пустым' : def.check?.(value, all);
      if (reason) throw new DomainError('validation', `${def.label}: ${reason}`, { field: input.key });
      writeSetting(ctx.db, input.key, value, ctx.clock.now().toISOString(), ctx.user?.id ?? null);
      ctx.audit({ entity: 'setting', entityId: input.key, before: all[input.key] ?? null, after: value });
      return { key: input.key, value };
    },
  }),
};
