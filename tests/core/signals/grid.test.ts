// The signals grid's page queries take different paths by how many rows match (collect the few, walk an index for
// many, walk the outlet or contract table for a sort by their columns). Every path must give exactly the page a plain
// join, filter and sort would: this compares them on a small demo database against such a reference in JavaScript.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open';
import { generateDemo } from '../../../core/demo/generate';
import { foldText } from '../../../core/grid/fold';
import { gridRequest } from '../../../core/grid/request';
import { rebuildAll } from '../../../core/penalties/recompute';
import { listSignals, type SignalRow } from '../../../core/signals/repo';
import { WHOLE_COUNTRY, type Scope } from '../../../core/users/scope';
import { closeAfterTest, tempDir } from '../../helpers/core';

type Row = SignalRow & Record<string, unknown>;
type Filter =
  | { type: 'text'; op: 'contains' | 'notContains' | 'equals' | 'notEqual' | 'startsWith' | 'endsWith'; value: string }
  | { type: 'set'; values: string[] };
interface Req {
  search?: string;
  filters?: Record<string, Filter>;
  sort?: { col: string; dir: 'asc' | 'desc' }[];
}

function textTest(f: Extract<Filter, { type: 'text' }>, v: unknown): boolean {
  if (v === null || v === undefined) return false; // SQL: NULL never passes a comparison
  const s = foldText(String(v));
  const x = foldText(f.value);
  switch (f.op) {
    case 'contains':
      return s.includes(x);
    case 'notContains':
      return !s.includes(x);
    case 'equals':
      return s === x;
    case 'notEqual':
      return s !== x;
    case 'startsWith':
      return s.startsWith(x);
    case 'endsWith':
      return s.endsWith(x);
  }
}

// SQLite's order: NULL before any value, text by code point (BINARY), numbers numerically.
function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** The page as a plain filter and sort of every row would give it. */
function reference(all: Row[], req: Req, inScope: (r: Row) => boolean): Row[] {
  const search = req.search ? foldText(req.search) : '';
  return all
    .filter(inScope)
    .filter((r) => !search || ['visitId', 'outletCode', 'objectCode', 'contractNo'].some((k) => r[k] !== null && foldText(String(r[k])).includes(search)))
    .filter((r) =>
      Object.entries(req.filters ?? {}).every(([k, f]) => (f.type === 'set' ? f.values.includes(r[k] as string) : textTest(f, r[k]))),
    )
    .sort((a, b) => {
      for (const s of req.sort ?? []) {
        const c = compare(a[s.col], b[s.col]);
        if (c) return s.dir === 'asc' ? c : -c;
      }
      return compare(b.visitDate, a.visitDate) || b.id - a.id;
    });
}

describe('signals grid pages', () => {
  it('give the same rows, order and totals on every query path as a plain filter and sort', () => {
    const db = openDatabase(path.join(tempDir(), 'grid.sqlite'));
    closeAfterTest(db);
    const sizes = { contracts: 120, counterparties: 50, outlets: 160, visitsPerMonth: 4000, months: 2, extraManagers: 0 };
    db.transaction(() => {
      generateDemo(db, { scale: 'small', today: '2026-03-01', sizes });
      rebuildAll(db, '2026-03-01T09:00:00.000Z');
    })();
    const total = db.prepare('SELECT count(*) FROM signals').pluck().get() as number;
    const noContract = db.prepare('SELECT count(*) FROM signals WHERE contract_id IS NULL').pluck().get() as number;
    expect(total).toBeGreaterThan(300); // enough rows for the walked paths (20 × a page of 5)
    expect(noContract).toBeGreaterThan(0); // and signals without a contract, which sort apart

    const all = listSignals(db, WHOLE_COUNTRY, gridRequest.parse({ limit: 1000 })).rows as Row[];
    expect(all).toHaveLength(total);
    const someOutlet = all[0].outletCode.slice(0, -1); // a code prefix shared by a few outlets
    const someContract = all.find((r) => r.contractNo)!.contractNo!;
    const district = all[0].federalDistrict;

    const requests: Req[] = [
      {},
      { sort: [{ col: 'contractNo', dir: 'asc' }] },
      { sort: [{ col: 'contractNo', dir: 'desc' }] },
      { sort: [{ col: 'outletName', dir: 'asc' }] },
      { sort: [{ col: 'outletCode', dir: 'desc' }], filters: { type: { type: 'set', values: ['OOS'] } } },
      { filters: { federalDistrict: { type: 'set', values: [district] }, type: { type: 'set', values: ['EQUIPMENT', 'OOS'] } }, sort: [{ col: 'outletName', dir: 'asc' }] },
      { filters: { outletCode: { type: 'text', op: 'startsWith', value: someOutlet.toLowerCase() } } },
      { filters: { contractNo: { type: 'text', op: 'equals', value: someContract } } },
      { filters: { contractNo: { type: 'text', op: 'notContains', value: someContract.slice(-2) } }, sort: [{ col: 'contractNo', dir: 'asc' }] },
      { filters: { status: { type: 'text', op: 'equals', value: 'UNMATCHED' } }, sort: [{ col: 'id', dir: 'desc' }] },
      { filters: { region: { type: 'text', op: 'contains', value: 'ОБЛ' } } },
      { search: someContract.toLowerCase() },
      { search: someOutlet },
      { search: 'sku-00' },
      { search: all[5].visitId },
      { search: 'нет такого' },
    ];
    for (const req of requests) {
      const expected = reference(all, req, () => true);
      for (const offset of [0, 5, 40, Math.max(0, expected.length - 3)]) {
        const page = listSignals(db, WHOLE_COUNTRY, gridRequest.parse({ limit: 5, offset, ...req }));
        const want = offset >= expected.length ? [] : expected.slice(offset, offset + 5).map((r) => r.id);
        expect({ req, offset, total: page.total, ids: page.rows.map((r) => r.id) }).toEqual({ req, offset, total: expected.length, ids: want });
      }
    }

    // A manager's scope narrows the same way through the outlet's region.
    const scope: Scope = { districts: [district], regions: [] };
    const mine = reference(all, { sort: [{ col: 'contractNo', dir: 'desc' }] }, (r) => r.federalDistrict === district);
    const page = listSignals(db, scope, gridRequest.parse({ limit: 5, offset: 10, sort: [{ col: 'contractNo', dir: 'desc' }] }));
    expect([page.total, page.rows.map((r) => r.id)]).toEqual([mine.length, mine.slice(10, 15).map((r) => r.id)]);
  });
});
