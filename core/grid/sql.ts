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
}

export interface GridSql {
  where: string;
  params: unknown[];
  orderBy: string;
}

function filterSql(col: ColumnSpec, f: ColumnFilter, params: unknown[]): string {
  switch (f.type) {
    case 'text': {
      const v = foldText(f.value);
      const like = (pattern: string, not = false) => {
        params.push(pattern);
        return `mcm_fold(${col.sql}) ${not ? 'NOT ' : ''}LIKE ? ESCAPE '\\'`;
      };
      if (f.op === 'contains') return like(`%${escapeLike(v)}%`);
      if (f.op === 'notContains') return like(`%${escapeLike(v)}%`, true);
      if (f.op === 'startsWith') return like(`${escapeLike(v)}%`);
      if (f.op === 'endsWith') return like(`%${escapeLike(v)}`);
      params.push(v);
      return f.op === 'equals' ? `mcm_fold(${col.sql}) = ?` : `mcm_fold(${col.sql}) <> ?`;
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
  for (const [name, f] of Object.entries(req.filters)) conds.push(filterSql(spec(name), f, params));
  const search = req.search?.trim();
  if (search && opts.searchColumns?.length) {
    const p = `%${escapeLike(foldText(search))}%`;
    conds.push('(' + opts.searchColumns.map((n) => (params.push(p), `mcm_fold(${spec(n).sql}) LIKE ? ESCAPE '\\'`)).join(' OR ') + ')');
  }
  const order = req.sort.map((s) => `${spec(s.col).sql} ${s.dir === 'desc' ? 'DESC' : 'ASC'}`);
  order.push(opts.defaultOrder);
  return { where: conds.length ? 'WHERE ' + conds.join(' AND ') : '', params, orderBy: 'ORDER BY ' + order.join(', ') };
}
