// Reference tables the admin edits: SKUs, equipment types, amnesty reasons, contract categories.
import { prepared } from '../import/prepared';
import type { ReadableDb, WritableDb } from '../db/types';

/** A must-stock SKU as the core returns it. */
export interface Sku {
  id: number;
  code: string;
  name: string;
  brand: string | null;
  isActive: boolean;
}
/** A type of branded equipment. */
export interface EquipmentType {
  id: number;
  code: string;
  name: string;
  isActive: boolean;
}
/** A reason an amnesty may be granted for. */
export interface AmnestyReason {
  code: string;
  name: string;
  isActive: boolean;
}
/** A contract category with its fee limits in kopecks. */
export interface ContractCategory {
  code: string;
  name: string;
  minMonthlyFee: number;
  maxMonthlyFee: number;
}

type Flag = { is_active: number };
const active = (r: Flag) => r.is_active === 1;

/** Finds an SKU by code. */
export function findSku(db: ReadableDb, code: string): Sku | undefined {
  const r = prepared(db, 'SELECT id, code, name, brand, is_active FROM skus WHERE code = ?').get(code) as
    | (Omit<Sku, 'isActive'> & Flag)
    | undefined;
  return r && { id: r.id, code: r.code, name: r.name, brand: r.brand, isActive: active(r) };
}

/** Inserts or updates an SKU by code; returns the stored row. */
export function upsertSku(db: WritableDb, s: Omit<Sku, 'id'>): Sku {
  prepared(
    db,
    `INSERT INTO skus (code, name, brand, is_active) VALUES (?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, brand = excluded.brand, is_active = excluded.is_active`,
  ).run(s.code, s.name, s.brand, s.isActive ? 1 : 0);
  return findSku(db, s.code)!;
}

/** Finds an equipment type by code. */
export function findEquipment(db: ReadableDb, code: string): EquipmentType | undefined {
  const r = prepared(db, 'SELECT id, code, name, is_active FROM equipment_types WHERE code = ?').get(code) as
    | (Omit<EquipmentType, 'isActive'> & Flag)
    | undefined;
  return r && { id: r.id, code: r.code, name: r.name, isActive: active(r) };
}

/** Inserts or updates an equipment type by code; returns the stored row. */
export function upsertEquipment(db: WritableDb, e: Omit<EquipmentType, 'id'>): EquipmentType {
  prepared(
    db,
    `INSERT INTO equipment_types (code, name, is_active) VALUES (?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, is_active = excluded.is_active`,
  ).run(e.code, e.name, e.isActive ? 1 : 0);
  return findEquipment(db, e.code)!;
}

/** Finds an amnesty reason by code. */
export function findAmnestyReason(db: ReadableDb, code: string): AmnestyReason | undefined {
  const r = prepared(db, 'SELECT code, name, is_active FROM amnesty_reasons WHERE code = ?').get(code) as
    | (Omit<AmnestyReason, 'isActive'> & Flag)
    | undefined;
  return r && { code: r.code, name: r.name, isActive: active(r) };
}

/** Inserts or updates an amnesty reason by code. */
export function upsertAmnestyReason(db: WritableDb, a: AmnestyReason): AmnestyReason {
  prepared(
    db,
    `INSERT INTO amnesty_reasons (code, name, is_active) VALUES (?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, is_active = excluded.is_active`,
  ).run(a.code, a.name, a.isActive ? 1 : 0);
  return findAmnestyReason(db, a.code)!;
}

/** Finds a contract category by code. */
export function findCategory(db: ReadableDb, code: string): ContractCategory | undefined {
  return prepared(
    db,
    'SELECT code, name, min_monthly_fee AS minMonthlyFee, max_monthly_fee AS maxMonthlyFee FROM contract_categories WHERE code = ?',
  ).get(code) as ContractCategory | undefined;
}

/** Inserts or updates a contract category by code. */
export function upsertCategory(db: WritableDb, c: ContractCategory): ContractCategory {
  prepared(
    db,
    `INSERT INTO contract_categories (code, name, min_monthly_fee, max_monthly_fee) VALUES (?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, min_monthly_fee = excluded.min_monthly_fee,
       max_monthly_fee = excluded.max_monthly_fee`,
  ).run(c.code, c.name, c.minMonthlyFee, c.maxMonthlyFee);
  return findCategory(db, c.code)!;
}

/** All regions (code, name, federal district), for matching names in files. */
export function listRegions(db: ReadableDb): { code: string; name: string; federalDistrict: string }[] {
  return prepared(db, 'SELECT code, name, federal_district AS federalDistrict FROM regions ORDER BY code').all() as {
    code: string;
    name: string;
    federalDistrict: string;
  }[];
}
