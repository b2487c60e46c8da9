import { DomainError } from '../errors';
import { escapeLike, foldText } from './fold';
import type { ColumnFilter, gridRequest } from './request';
import type { z } from 'zod';

export interface ColumnSpec {
  /** SQL expression; never user input. */
  sql: string;
  type: 'text' | 'date' | 'number';
  /** The column holds plain `YYYY-MM-DD` dates: date filters compare it as is, so an index on it can serve them. */
  plainDate?: boolean;
  /**
   * The value lives in a smaller table the row points at (an outlet's name, a contract's number). Filters and the quick
   * search then pick that table's matching rows once (`key IN (SELECT id FROM …)`) instead of joining every row of a
   * large table; the aliases inside must differ from the outer query's.
   */
  lookup?: Lookup;
}

/** Where a column's value is found: `sql` over `from`, whose row `id` the outer row's `key` points at. */
export interface Lookup {
  key: string;
  from: string;
  id: string;
  sql: string;
  /** `sql` has an index to walk in sort order: a page sorted by it can be found without sorting every row. */
  indexed?: boolean;
}

export interface GridSql {
  where: string;
  params: unknown[];
  orderBy: string;
  /** The ORDER BY terms one by one (the first is the user's main sort). */
  orderTerms: string[];
}

/**
 * Case-folded text for comparison: SQLite's own lower() when the text is all ASCII (codes and ids mostly are), the
 * mcm_fold() JavaScript function otherwise. A call into JavaScript per row costs more than the rest of a scan.
 */
export function foldSql(expr: string): string {
  return `(CASE WHEN octet_length(${expr}) = length(${expr}) THEN lower(${expr}) ELSE mcm_fold(${expr}) END)`;
}

/**
 * The condition on a column, through its lookup table when it has one. A `broad` one (a set of districts or regions)
 * picks many rows: reading the large table in order and testing each against the picked set beats fetching every
 * picked row through the key's index at random, so the unary + keeps the planner off that index.
 */
function columnCondition(col: ColumnSpec, cond: (sql: string) => string, broad = false): string {
  const l = col.lookup;
  return l ? `${broad ? '+' : ''}${l.key} IN (SELECT ${l.id} FROM ${l.from} WHERE ${cond(l.sql)})` : cond(col.sql);
}

/**
 * LIKE against a folded pattern. SQLite's LIKE already ignores the case of ASCII letters, so a pattern of ASCII only
 * (codes, ids, Latin names) needs no folding of the column; other patterns compare with the folded column.
 */
function likeSql(sql: string, pattern: string, not = false): string {
  // eslint-disable-next-line no-control-regex
  const folded = /^[\x00-\x7f]*$/.test(pattern) ? sql : foldSql(sql);
  return `${folded} ${not ? 'NOT ' : ''}LIKE ? ESCAPE '\\'`;
}

function filterSql(col: ColumnSpec, f: ColumnFilter, params: unknown[]): string {
  return columnCondition(col, (sql) => valueFilterSql({ ...col, sql }, f, params), f.type === 'set');
}

function valueFilterSql(col: ColumnSpec, f: ColumnFilter, params: unknown[]): string {
  switch (f.type) {
    case 'text': {
      const v = foldText(f.value);
      const like = (pattern: string, not = false) => {
        params.push(pattern);
        return likeSql(col.sql, pattern, not);
      };
      if (f.op === 'contains') return like(`%${escapeLike(v)}%`);
      if (f.op === 'notContains') return like(`%${escapeLike(v)}%`, true);
      if (f.op === 'startsWith') return like(`${escapeLike(v)}%`);
      if (f.op === 'endsWith') return like(`%${escapeLike(v)}`);
      // Equality as a LIKE without wildcards: the same as comparing folded text, and for ASCII no folding at all.
      return like(escapeLike(v), f.op === 'notEqual');
    }
    case 'date': {
      // Timestamps and dates both compare on their first ten characters.
      const d = col.plainDate ? col.sql : `substr(${col.sql}, 1, 10)`;
      if (f.op === 'equals') return params.push(f.from), `${d} = ?`;
      if (f.op === 'before') return params.push(f.from), `${d} < ?`;
      if (f.op === 'after') return params.push(f.from), `${d} > ?`;
      params.push(f.from, f.to ?? f.from);
      return `${d} BETWEEN ? AND ?`;
    }
    case 'number': {
      if (f.op === 'equals') return params.push(f.from), `${col.sql} = ?`;
      if (f.op === 'lessThan') return params.push(f.from), `${col.sql} < ?`;
      if (f.op === 'greaterThan') return params.push(f.from), `${col.sql} > ?`;
      params.push(f.from, f.to ?? f.from);
      return `${col.sql} BETWEEN ? AND ?`;
    }
    case 'set': {
      if (f.values.length === 0) return '0';
      params.push(...f.values);
      return `${col.sql} IN (${f.values.map(() => '?').join(', ')})`;
    }
  }
}

/** Turns a grid request into WHERE/ORDER BY over a whitelist of columns; unknown columns are refused. */
export function buildGridSql(
  columns: Record<string, ColumnSpec>,
  req: z.output<typeof gridRequest>,
  opts: { searchColumns?: string[]; defaultOrder: string },
): GridSql {
  const params: unknown[] = [];
  const conds: string[] = [];
  const spec = (name: string) => {
    const c = Object.hasOwn(columns, name) ? columns[name] : undefined;
    if (!c) throw new DomainError('validation', `Неизвестная колонка таблицы: ${name}`, { field: name });
    return c;
  };
  // Conditions through a lookup table go last: SQLite tests terms in the written order, and a cheap test on the row's
  // own column spares most rows the probe into the picked set.
  const filters = Object.entries(req.filters).map(([name, f]) => [spec(name), f] as const);
  for (const [col, f] of [...filters.filter(([c]) => !c.lookup), ...filters.filter(([c]) => c.lookup)]) conds.push(filterSql(col, f, params));
  const search = req.search?.trim();
  if (search && opts.searchColumns?.length) {
    const p = `%${escapeLike(foldText(search))}%`;
    const like = (sql: string) => (params.push(p), likeSql(sql, p));
    conds.push('(' + opts.searchColumns.map((n) => columnCondition(spec(n), like)).join(' OR ') + ')');
  }
  const order = req.sort.map((s) => `${spec(s.col).sql} ${s.dir === 'desc' ? 'DESC' : 'ASC'}`);
  order.push(opts.defaultOrder);
  return { where: conds.length ? 'WHERE ' + conds.join(' AND ') : '', params, orderBy: 'ORDER BY ' + order.join(', '), orderTerms: order };
}
