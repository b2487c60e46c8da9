import type { ColumnFilter, GridRequest } from '../../core/grid/request';

interface AgSort {
  colId: string;
  sort: 'asc' | 'desc';
}

const TEXT_OPS: Record<string, Extract<ColumnFilter, { type: 'text' }>['op']> = {
  contains: 'contains',
  notContains: 'notContains',
  equals: 'equals',
  notEqual: 'notEqual',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
};
const DATE_OPS: Record<string, Extract<ColumnFilter, { type: 'date' }>['op']> = {
  equals: 'equals',
  lessThan: 'before',
  greaterThan: 'after',
  inRange: 'inRange',
};
const NUMBER_OPS: Record<string, Extract<ColumnFilter, { type: 'number' }>['op']> = {
  equals: 'equals',
  lessThan: 'lessThan',
  greaterThan: 'greaterThan',
  inRange: 'inRange',
};

/** The filter options our server-side grids offer, per filter kind (only what the core can answer). */
export const FILTER_OPTIONS = {
  text: Object.keys(TEXT_OPS),
  date: Object.keys(DATE_OPS),
  number: Object.keys(NUMBER_OPS),
};

// ag-grid dates come as "YYYY-MM-DD hh:mm:ss" or "YYYY-MM-DD".
const day = (s: unknown) => (typeof s === 'string' ? s.slice(0, 10) : '');

/** Translates one ag-grid column filter model into the core's filter, or null when it cannot be expressed. */
export function toColumnFilter(model: Record<string, unknown>): ColumnFilter | null {
  const type = model.type as string;
  switch (model.filterType) {
    case 'text':
      return TEXT_OPS[type] && typeof model.filter === 'string' ? { type: 'text', op: TEXT_OPS[type], value: model.filter } : null;
    case 'date':
      if (!DATE_OPS[type] || !day(model.dateFrom)) return null;
      return { type: 'date', op: DATE_OPS[type], from: day(model.dateFrom), ...(day(model.dateTo) ? { to: day(model.dateTo) } : {}) };
    case 'number':
      if (!NUMBER_OPS[type] || typeof model.filter !== 'number') return null;
      return {
        type: 'number',
        op: NUMBER_OPS[type],
        from: model.filter,
        ...(typeof model.filterTo === 'number' ? { to: model.filterTo } : {}),
      };
    default:
      return null;
  }
}

/** Builds the core's page request from ag-grid's block request. */
export function toGridRequest(
  startRow: number,
  endRow: number,
  sortModel: AgSort[],
  filterModel: Record<string, Record<string, unknown>> | null,
  search?: string,
): GridRequest {
  const filters: Record<string, ColumnFilter> = {};
  for (const [col, model] of Object.entries(filterModel ?? {})) {
    const f = toColumnFilter(model);
    if (f) filters[col] = f;
  }
  return {
    offset: startRow,
    limit: Math.max(1, endRow - startRow),
    sort: sortModel.map((s) => ({ col: s.colId, dir: s.sort })),
    filters,
    ...(search?.trim() ? { search: search.trim() } : {}),
  };
}
