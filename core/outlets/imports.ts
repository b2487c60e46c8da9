// The outlets file of DOMAIN.md: upsert by outlet code; region by name (the federal district follows from it),
// counterparty by INN, manager by login or full name; rows outside the user's scope are refused.
import type { MutationCtx } from '../command';
import type { ColumnSpec } from '../import/columns';
import type { ImportSpec } from '../import/result';
import { regionInScope, WHOLE_COUNTRY } from '../users/scope';
import { checkOutlet, type OutletField, type OutletInput } from './fields';
import { findOutletByCode, insertOutlet, outletData, sameOutlet, updateOutlet, type Outlet, type OutletData } from './repo';
import { managerResolver, regionResolver } from './resolve';

export const OUTLET_COLUMNS: ColumnSpec[] = [
  { key: 'outlet_code', label: 'Код ТТ', required: true, aliases: ['Код точки', 'Код торговой точки', 'Код'] },
  { key: 'name', label: 'Наименование', required: true, aliases: ['Название', 'Наименование ТТ', 'Название ТТ', 'Торговая точка'] },
  { key: 'address', label: 'Адрес', required: false, aliases: ['Адрес ТТ', 'Фактический адрес'] },
  { key: 'region', label: 'Регион', required: true, aliases: ['Субъект РФ', 'Субъект', 'Область'] },
  { key: 'counterparty_inn', label: 'ИНН контрагента', required: true, aliases: ['ИНН', 'ИНН владельца'] },
  { key: 'channel', label: 'Канал', required: false, aliases: ['Канал продаж', 'Формат'] },
  { key: 'rep_code', label: 'Код ТП', required: false, aliases: ['Торговый представитель', 'ТП', 'Код торгового представителя'] },
  { key: 'manager', label: 'Менеджер', required: false, aliases: ['Логин менеджера', 'Ответственный', 'Менеджер (логин или ФИО)'] },
];

const COLUMN_OF: Record<OutletField, string> = {
  code: 'outlet_code', name: 'name', address: 'address', region: 'region', counterparty: 'counterparty_inn',
  channel: 'channel', repCode: 'rep_code', manager: 'manager',
};

interface Parsed {
  data: OutletData;
  regionName: string;
  old: Outlet | undefined;
}

/** The outlets import; optional columns the file lacks keep their stored values. */
export function outletImport(ctx: MutationCtx): ImportSpec<Parsed> {
  const scope = ctx.user?.scope ?? WHOLE_COUNTRY;
  const resolvers = { db: ctx.db, region: regionResolver(ctx.db), manager: managerResolver(ctx.db) };
  return {
    kind: 'outlets',
    title: 'Ошибки импорта торговых точек',
    columns: OUTLET_COLUMNS,
    keyColumn: 'outlet_code',
    parse(row, fail, present) {
      const old = findOutletByCode(ctx.db, row.outlet_code.trim());
      const keep = <K extends keyof Outlet>(col: string, k: K) => (present.has(col) ? row[col] : (old?.[k] ?? null));
      const input: OutletInput = {
        code: row.outlet_code,
        name: row.name,
        address: keep('address', 'address') as string | null,
        region: row.region,
        counterpartyInn: row.counterparty_inn,
        channel: keep('channel', 'channel') as string | null,
        repCode: keep('rep_code', 'repCode') as string | null,
        manager: keep('manager', 'managerUserId'),
      };
      const checked = checkOutlet(input, resolvers);
      for (const i of checked.issues) fail(COLUMN_OF[i.field], i.reason);
      return checked.data && { data: checked.data, regionName: checked.region!.name, old };
    },
    key: (p) => p.data.code,
    classify(p, fail) {
      if (p.old && sameOutlet(p.old, p.data)) return 'unchanged';
      if (!regionInScope(ctx.db, scope, p.data.regionCode)) {
        fail('region', `Регион «${p.regionName}» вне вашей зоны ответственности`);
      } else if (p.old && !regionInScope(ctx.db, scope, p.old.regionCode)) {
        fail('outlet_code', `Точка ${p.old.code} находится в регионе «${p.old.regionName}» вне вашей зоны ответственности`);
      }
      return p.old ? 'updated' : 'added';
    },
    apply(p, status) {
      let id: number;
      if (status === 'added') id = insertOutlet(ctx.db, p.data);
      else updateOutlet(ctx.db, (id = p.old!.id), p.data);
      ctx.audit({ entity: 'outlet', entityId: id, before: p.old ? outletData(p.old) : null, after: outletData(p.data) });
    },
  };
}
