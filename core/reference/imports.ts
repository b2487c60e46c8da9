// Import specs for the reference files of DOMAIN.md: SKUs (sku_code, name, brand) and equipment (equipment_code, name).
import type { MutationCtx } from '../command';
import type { ColumnSpec } from '../import/columns';
import type { ImportSpec } from '../import/result';
import { optionalText } from '../import/values';
import { itemCodeProblem, nameProblem } from './codes';
import { findEquipment, findSku, upsertEquipment, upsertSku } from './repo';

export const SKU_COLUMNS: ColumnSpec[] = [
  { key: 'sku_code', label: 'Код SKU', required: true, aliases: ['Код', 'Артикул', 'SKU', 'Код товара'] },
  { key: 'name', label: 'Наименование', required: true, aliases: ['Название', 'Наименование SKU', 'Товар'] },
  { key: 'brand', label: 'Бренд', required: false, aliases: ['Марка', 'Торговая марка', 'ТМ'] },
];

export const EQUIPMENT_COLUMNS: ColumnSpec[] = [
  { key: 'equipment_code', label: 'Код оборудования', required: true, aliases: ['Код', 'Код типа оборудования'] },
  { key: 'name', label: 'Наименование', required: true, aliases: ['Название', 'Тип оборудования', 'Оборудование'] },
];

interface SkuRow {
  code: string;
  name: string;
  /** undefined: the file has no brand column, so the stored brand stays. */
  brand: string | null | undefined;
}

/** The SKU import: upsert by code; an import never changes whether an SKU is active. */
export function skuImport(ctx: MutationCtx): ImportSpec<SkuRow> {
  const merged = (r: SkuRow) => {
    const old = findSku(ctx.db, r.code);
    return { old, next: { code: r.code, name: r.name, brand: r.brand === undefined ? (old?.brand ?? null) : r.brand, isActive: old?.isActive ?? true } };
  };
  return {
    kind: 'skus',
    title: 'Ошибки импорта SKU',
    columns: SKU_COLUMNS,
    parse(row, fail, present) {
      const code = row.sku_code.trim();
      const name = optionalText(row.name);
      const codeBad = itemCodeProblem(code);
      if (codeBad) fail('sku_code', codeBad);
      const nameBad = nameProblem(name);
      if (nameBad) fail('name', nameBad);
      const brand = present.has('brand') ? optionalText(row.brand) : undefined;
      if (brand && brand.length > 100) fail('brand', 'Бренд длиннее 100 символов');
      return codeBad || nameBad ? null : { code, name: name!, brand };
    },
    key: (r) => r.code,
    classify(r) {
      const { old, next } = merged(r);
      if (!old) return 'added';
      return old.name === next.name && old.brand === next.brand ? 'unchanged' : 'updated';
    },
    apply(r) {
      const { old, next } = merged(r);
      const saved = upsertSku(ctx.db, next);
      ctx.audit({ entity: 'sku', entityId: saved.code, before: old ?? null, after: saved });
    },
  };
}

interface EquipmentRow {
  code: string;
  name: string;
}

/** The equipment import: upsert by code; an import never changes whether a type is active. */
export function equipmentImport(ctx: MutationCtx): ImportSpec<EquipmentRow> {
  return {
    kind: 'equipment',
    title: 'Ошибки импорта оборудования',
    columns: EQUIPMENT_COLUMNS,
    parse(row, fail) {
      const code = row.equipment_code.trim();
      const name = optionalText(row.name);
      const codeBad = itemCodeProblem(code);
      if (codeBad) fail('equipment_code', codeBad);
      const nameBad = nameProblem(name);
      if (nameBad) fail('name', nameBad);
      return codeBad || nameBad ? null : { code, name: name! };
    },
    key: (r) => r.code,
    classify(r) {
      const old = findEquipment(ctx.db, r.code);
      if (!old) return 'added';
      return old.name === r.name ? 'unchanged' : 'updated';
    },
    apply(r) {
      const old = findEquipment(ctx.db, r.code);
      const saved = upsertEquipment(ctx.db, { code: r.code, name: r.name, isActive: old?.isActive ?? true });
      ctx.audit({ entity: 'equipment_type', entityId: saved.code, before: old ?? null, after: saved });
    },
  };
}
