// Typed views of `reference.list` rows and a hook that loads one list for a form. The lists are small (tens to a
// few hundred rows), so forms load them whole and filter in the browser.
import { useEffect, useState } from 'react';
import type { CommandInput } from '../../../core/api';
import { ApiError } from '../../api/client';
import { useStore } from '../../stores/RootStore';

export type RefKind = CommandInput<'reference.list'>['kind'];

export interface CategoryRef {
  code: string;
  name: string;
  minMonthlyFee: number;
  maxMonthlyFee: number;
}
export interface SkuRef {
  id: number;
  code: string;
  name: string;
  brand: string | null;
  /** 0/1 as SQLite returns it. */
  isActive: number;
}
export interface EquipmentRef {
  id: number;
  code: string;
  name: string;
  isActive: number;
}
export interface DistrictRef {
  code: string;
  name: string;
}
export interface RegionRef {
  code: string;
  name: string;
  federalDistrict: string;
}

interface RefRows {
  contractCategories: CategoryRef;
  skus: SkuRef;
  equipmentTypes: EquipmentRef;
  federalDistricts: DistrictRef;
  regions: RegionRef;
}

/** One reference list, loaded once per mounted form; null while loading. */
export function useReference<K extends keyof RefRows>(kind: K): { rows: RefRows[K][] | null; error: string | null } {
  const { api } = useStore();
  const [rows, setRows] = useState<RefRows[K][] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.invoke('reference.list', { kind }).then(
      (r) => live && setRows(r as unknown as RefRows[K][]),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, kind]);
  return { rows, error };
}

/** The issues a refused command carries (every problem at once), or its message as the only one. */
export function issuesOf(e: unknown): { path: string; message: string }[] {
  if (e instanceof ApiError) {
    const list = Array.isArray(e.details?.issues) ? (e.details.issues as { path?: unknown; message?: unknown }[]) : [];
    if (list.length) return list.map((i) => ({ path: typeof i.path === 'string' ? i.path : '', message: String(i.message ?? '') }));
    return [{ path: typeof e.details?.field === 'string' ? e.details.field : '', message: e.message }];
  }
  return [{ path: '', message: e instanceof Error ? e.message : String(e) }];
}

/** Today in the browser's calendar as YYYY-MM-DD (the users work in Moscow time; the core re-checks dates). */
export function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Shifts a YYYY-MM-DD date by whole days, in UTC so no time-zone change moves it. */
export function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
