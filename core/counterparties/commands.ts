import { z } from 'zod';
import { mutation, query } from '../command';
import { currentVersion, expectVersion, versionField } from '../concurrency/version';
import { DomainError } from '../errors';
import { gridRequest } from '../grid/request';
import { importInput, runImport } from '../import/result';
import { outletsOfCounterparty } from '../outlets/repo';
import { recordBankDetailChange } from '../payments/bankChanges';
import { WHOLE_COUNTRY } from '../users/scope';
import { checkCounterparty, FIELD_LABELS } from './fields';
import { counterpartyImport } from './imports';
import {
  counterpartyVisible,
  dataOf,
  findCounterpartyByInn,
  getCounterparty,
  insertCounterparty,
  listCounterparties,
  sameData,
  updateCounterparty,
} from './repo';

const str = (max: number) => z.string().max(max);

export const counterpartiesCommands = {
  /**
   * A page of counterparties (id, type, name, inn, kpp, vatMode, bik, account, edoId, outletsCount); quick search by
   * name or INN. A scoped user sees those with an outlet in scope and those without outlets that they created.
   */
  'counterparties.list': query({
    access: 'counterparties.read',
    input: gridRequest,
    handler: (ctx, input) => listCounterparties(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, ctx.user?.id ?? null, input),
  }),

  /** One counterparty with its outlets inside the user's scope. */
  'counterparties.get': query({
    access: 'counterparties.read',
    input: z.object({ id: z.number().int().positive() }),
    handler: (ctx, input) => {
      const scope = ctx.user?.scope ?? WHOLE_COUNTRY;
      const c = getCounterparty(ctx.db, input.id);
      if (!c || !counterpartyVisible(ctx.db, scope, ctx.user?.id ?? null, c.id)) {
        throw new DomainError('not_found', 'Контрагент не найден');
      }
      return { ...c, version: currentVersion(ctx.db, 'counterparty', c.id)!, outlets: outletsOfCounterparty(ctx.db, c.id, scope) };
    },
  }),

  /** Creates (no id) or updates a counterparty; every field is checked and all problems are returned at once. */
  'counterparties.save': mutation({
    access: 'counterparties.write',
    input: z.object({
      id: z.number().int().positive().optional(),
      type: str(40),
      name: str(1000),
      inn: str(20),
      kpp: str(20).nullish(),
      ogrn: str(20).nullish(),
      vatMode: str(40),
      bik: str(20).nullish(),
      account: str(40).nullish(),
      corrAccount: str(40).nullish(),
      bankName: str(1000).nullish(),
      address: str(2000).nullish(),
      edoId: str(200).nullish(),
      version: versionField,
    }),
    handler: (ctx, input) => {
      const scope = ctx.user?.scope ?? WHOLE_COUNTRY;
      const userId = ctx.user?.id ?? null;
      const old = input.id === undefined ? undefined : getCounterparty(ctx.db, input.id);
      if (input.id !== undefined && (!old || !counterpartyVisible(ctx.db, scope, userId, old.id))) {
        throw new DomainError('not_found', 'Контрагент не найден');
      }
      if (old) expectVersion(ctx.db, 'counterparty', old.id, input.version);
      const checked = checkCounterparty(input);
      if (!checked.data) {
        const issues = checked.issues.map((i) => ({ path: i.field, message: i.reason }));
        const first = checked.issues[0];
        throw new DomainError('validation', `${FIELD_LABELS[first.field]}: ${first.reason}`, { issues, field: first.field });
      }
      const data = checked.data;
      const clash = findCounterpartyByInn(ctx.db, data.inn);
      if (clash && clash.id !== old?.id) {
        throw new DomainError('conflict', `Контрагент с ИНН ${data.inn} уже есть в справочнике`, { field: 'inn' });
      }
      const now = ctx.clock.now().toISOString();
      const saved = !old ? insertCounterparty(ctx.db, data, now) : sameData(old, data) ? old : updateCounterparty(ctx.db, old.id, data, now);
      // Changed bank details hold the counterparty's payments until a second person confirms them (issue 6).
      const bankChangeId = old ? recordBankDetailChange(ctx.db, old.id, old, saved, userId, now) : null;
      ctx.audit({ entity: 'counterparty', entityId: saved.id, before: old ? dataOf(old) : null, after: { ...dataOf(saved), ...(bankChangeId ? { bankChangeId } : {}) } });
      return { ...saved, version: currentVersion(ctx.db, 'counterparty', saved.id)! };
    },
  }),

  /** Imports counterparties (inn, kpp, ogrn, name, type, vat_mode, bik, account, corr_account, bank_name, address, edo_id). */
  'counterparties.importFile': mutation({
    access: 'import.masterData',
    input: importInput,
    handler: (ctx, input) => runImport(ctx, input, counterpartyImport(ctx)),
  }),
};
