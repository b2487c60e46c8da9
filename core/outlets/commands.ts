import { z } from 'zod';
import { mutation, query } from '../command';
import { currentVersion, expectVersion, versionField } from '../concurrency/version';
import { DomainError } from '../errors';
import { gridRequest } from '../grid/request';
import { importInput, runImport } from '../import/result';
import { regionInScope, WHOLE_COUNTRY } from '../users/scope';
import { checkOutlet, type OutletField } from './fields';
import { outletImport } from './imports';
import { findOutletByCode, getOutlet, insertOutlet, listOutlets, outletData, sameOutlet, updateOutlet } from './repo';
import { managerResolver, regionResolver } from './resolve';

const LABELS: Record<OutletField, string> = {
  code: 'Код ТТ', name: 'Наименование', address: 'Адрес', region: 'Регион', counterparty: 'Контрагент', channel: 'Канал',
  repCode: 'Код ТП', manager: 'Менеджер',
};

const str = (max: number) => z.string().max(max);

export const outletsCommands = {
  /** A page of the outlets in the user's scope: code, name, address, region, district, channel, counterparty, rep, manager. */
  'outlets.list': query({
    access: 'outlets.read',
    input: gridRequest,
    handler: (ctx, input) => listOutlets(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input),
  }),

  /** One outlet; outside the user's scope it does not exist for them. */
  'outlets.get': query({
    access: 'outlets.read',
    input: z.object({ id: z.number().int().positive() }),
    handler: (ctx, input) => {
      const o = getOutlet(ctx.db, input.id);
      if (!o || !regionInScope(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, o.regionCode)) {
        throw new DomainError('not_found', 'Торговая точка не найдена');
      }
      return { ...o, version: currentVersion(ctx.db, 'outlet', o.id)! };
    },
  }),

  /**
   * Creates (no id) or updates an outlet. Region by code or name, counterparty by id or INN, manager by id, login or
   * full name. A scoped user may only place and edit outlets inside their scope.
   */
  'outlets.save': mutation({
    access: 'outlets.write',
    input: z.object({
      id: z.number().int().positive().optional(),
      code: str(64),
      name: str(300),
      address: str(1000).nullish(),
      region: str(200),
      counterpartyId: z.number().int().positive().nullish(),
      counterpartyInn: str(20).nullish(),
      channel: str(100).nullish(),
      repCode: str(64).nullish(),
      manager: z.union([z.number().int().positive(), str(200)]).nullish(),
      version: versionField,
    }),
    handler: (ctx, input) => {
      const scope = ctx.user?.scope ?? WHOLE_COUNTRY;
      const old = input.id === undefined ? undefined : getOutlet(ctx.db, input.id);
      if (input.id !== undefined && (!old || !regionInScope(ctx.db, scope, old.regionCode))) {
        throw new DomainError('not_found', 'Торговая точка не найдена');
      }
      if (old) expectVersion(ctx.db, 'outlet', old.id, input.version);
      const checked = checkOutlet(input, { db: ctx.db, region: regionResolver(ctx.db), manager: managerResolver(ctx.db) });
      if (!checked.data) {
        const issues = checked.issues.map((i) => ({ path: i.field, message: i.reason }));
        const first = checked.issues[0];
        throw new DomainError('validation', `${LABELS[first.field]}: ${first.reason}`, { issues, field: first.field });
      }
      const data = checked.data;
      if (!regionInScope(ctx.db, scope, data.regionCode)) {
        throw new DomainError('forbidden', `Регион «${checked.region!.name}» вне вашей зоны ответственности`, { field: 'region' });
      }
      const clash = findOutletByCode(ctx.db, data.code);
      if (clash && clash.id !== old?.id) {
        throw new DomainError('conflict', `Торговая точка с кодом ${data.code} уже есть: «${clash.name}»`, { field: 'code' });
      }
      let id: number;
      if (!old) id = insertOutlet(ctx.db, data);
      else if (!sameOutlet(old, data)) updateOutlet(ctx.db, (id = old.id), data);
      else id = old.id;
      ctx.audit({ entity: 'outlet', entityId: id, before: old ? outletData(old) : null, after: data });
      return { ...getOutlet(ctx.db, id)!, version: currentVersion(ctx.db, 'outlet', id)! };
    },
  }),

  /** Imports outlets (outlet_code, name, address, region, counterparty_inn, channel, rep_code, manager). */
  'outlets.importFile': mutation({
    access: 'import.masterData',
    input: importInput,
    handler: (ctx, input) => runImport(ctx, input, outletImport(ctx)),
  }),
};
