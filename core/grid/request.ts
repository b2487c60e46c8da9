import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в формате ГГГГ-ММ-ДД');

export const textFilter = z.object({
  type: z.literal('text'),
  op: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith']),
  value: z.string().max(200),
});
export const dateFilter = z.object({
  type: z.literal('date'),
  op: z.enum(['equals', 'before', 'after', 'inRange']),
  from: isoDate,
  to: isoDate.optional(),
});
export const numberFilter = z.object({
  type: z.literal('number'),
  op: z.enum(['equals', 'lessThan', 'greaterThan', 'inRange']),
  from: z.number(),
  to: z.number().optional(),
});
export const setFilter = z.object({ type: z.literal('set'), values: z.array(z.string().max(200)).max(500) });

export const columnFilter = z.discriminatedUnion('type', [textFilter, dateFilter, numberFilter, setFilter]);
export type ColumnFilter = z.infer<typeof columnFilter>;

/** A page request from a grid: window, sort and per-column filters. */
export const gridRequest = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  sort: z
    .array(z.object({ col: z.string().max(64), dir: z.enum(['asc', 'desc']) }))
    .max(5)
    .default([]),
  filters: z.record(z.string().max(64), columnFilter).default({}),
  search: z.string().max(200).optional(),
});
export type GridRequest = z.input<typeof gridRequest>;

/** A page of rows and the total matching the filters. */
export interface GridPage<R> {
  rows: R[];
  total: number;
}
