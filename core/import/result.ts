// The shared input, output and pipeline of every import command (SKUs, equipment, counterparties, outlets,
// contracts…). One file is all-or-nothing: any row error and a commit writes nothing, and every error is listed at once.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { MutationCtx } from '../command';
import { DomainError } from '../errors';
import { mapColumns, type ColumnSpec } from './columns';
import { errorReportXlsx, type RowError } from './report';
import { readTable, type RawTable } from './table';

/** Input of every import command: the file as base64 and whether to only preview it or to write it. */
export const importInput = z.object({
  fileName: z.string().min(1).max(255),
  contentBase64: z.string().max(70_000_000, 'Файл слишком большой: допустимо до 50 МБ'),
  mode: z.enum(['preview', 'commit']).default('preview'),
});
export type ImportInput = z.output<typeof importInput>;

/** What a preview or commit found: counts, every row error, the first rows as mapped, and an error report. */
export interface ImportResult {
  kind: string;
  fileName: string;
  sha256: string;
  mode: 'preview' | 'commit';
  committed: boolean;
  rowsRead: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: RowError[];
  /** First 20 rows by column key, plus `_row` (spreadsheet row) and `_status` (added/updated/unchanged/error). */
  preview: Record<string, string>[];
  /** Each known column and the file header it was found under (null when the file lacks it). */
  columns: { key: string; label: string; header: string | null }[];
  /** XLSX with the errors (Строка/Колонка/Значение/Причина), present when there are errors. */
  reportXlsxBase64: string | null;
}

export const PREVIEW_ROWS = 20;
const TITLE_ROWS = 10;

/** A decoded import file: its bytes' hash and its first sheet as a table. */
export interface ImportFile {
  fileName: string;
  sha256: string;
  table: RawTable;
}

/** Decodes the base64 content, hashes it and reads it as a table (unreadable files throw a validation error). */
export function readImportFile(input: ImportInput): ImportFile {
  const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'));
  if (bytes.length === 0) {
    throw new DomainError('validation', `Не удалось прочитать файл «${input.fileName}»: файл пуст`, { fileName: input.fileName });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { fileName: input.fileName, sha256, table: readTable(bytes, input.fileName) };
}

/** Adds the import_batches row of a committed import that changed something; returns its id. */
export function recordBatch(
  ctx: MutationCtx,
  b: { kind: string; fileName: string; sha256: string; rowsRead: number; added: number; unchanged: number; rejected: number },
): number {
  // The table has no "updated" column: updated = rows_read − rows_added − rows_duplicate − rows_rejected.
  const res = ctx.db
    .prepare(
      `INSERT INTO import_batches (kind, file_name, sha256, user_id, created_at, rows_read, rows_added, rows_duplicate, rows_rejected)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(b.kind, b.fileName, b.sha256, ctx.user?.id ?? null, ctx.clock.now().toISOString(), b.rowsRead, b.added, b.unchanged, b.rejected);
  return Number(res.lastInsertRowid);
}

/** How one kind of file is imported; built per call so it can close over the command's ctx and caches. */
export interface ImportSpec<T> {
  kind: string;
  /** Title of the error report, e.g. «Ошибки импорта контрагентов». */
  title: string;
  columns: ColumnSpec[];
  /**
   * Turns one row (cells by column key, '' when the file lacks the column) into a record, or reports problems via
   * `fail(columnKey, reason)`. `present` holds the keys of columns the file has, so an absent optional column can keep
   * the stored value while an empty cell clears it.
   */
  parse(row: Record<string, string>, fail: (column: string, reason: string) => void, present: ReadonlySet<string>): T | null;
  /** Natural key, to find the same record twice in one file. */
  key(rec: T): string;
  /** Says what committing the record would do; may still `fail` (e.g. a record outside the user's scope). */
  classify(rec: T, fail: (column: string, reason: string) => void): 'added' | 'updated' | 'unchanged';
  /** Writes one new or changed record, with its audit record; called only on a commit of an error-free file. */
  apply(rec: T, status: 'added' | 'updated'): void;
  /** Column named in the error for a conflicting duplicate (defaults to the first column). */
  keyColumn?: string;
}

type RowStatus = 'added' | 'updated' | 'unchanged' | 'error';

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Runs a whole import: read, map columns, parse and classify every row, refuse duplicates that disagree, and on a
 * commit of an error-free file apply the changes and record the batch. Identical rows write nothing.
 */
export function runImport<T>(ctx: MutationCtx, input: ImportInput, spec: ImportSpec<T>): ImportResult {
  const file = readImportFile(input);
  let { headers, rows } = file.table;
  let mapping = mapColumns(headers, spec.columns);
  // Reports exported from 1C often put a title and a date above the table: take the first of the next rows that
  // carries every required column as the header.
  for (let i = 0; mapping.missing.length > 0 && i < Math.min(rows.length, TITLE_ROWS); i++) {
    const m = mapColumns(rows[i].cells, spec.columns);
    if (m.missing.length === 0) {
      headers = rows[i].cells;
      rows = rows.slice(i + 1);
      mapping = m;
    }
  }
  const headerOf = (key: string): string => {
    const i = mapping.index[key];
    return i === undefined ? (spec.columns.find((c) => c.key === key)?.label ?? key) : headers[i];
  };
  const columns = spec.columns.map((c) => ({
    key: c.key,
    label: c.label,
    header: mapping.index[c.key] === undefined ? null : headers[mapping.index[c.key]],
  }));
  const errors: RowError[] = [];
  const counts = { added: 0, updated: 0, unchanged: 0, rejected: 0 };
  const preview: Record<string, string>[] = [];

  if (mapping.missing.length > 0) {
    for (const c of mapping.missing) {
      errors.push({ row: 1, column: c.label, value: '', reason: `В файле нет обязательной колонки «${c.label}» (${c.key})` });
    }
    counts.rejected = rows.length;
  } else {
    const present = new Set(Object.keys(mapping.index));
    const seen = new Map<string, { rowNo: number; json: string }>();
    const accepted: { rec: T; status: 'added' | 'updated' }[] = [];
    for (const r of rows) {
      const row: Record<string, string> = {};
      for (const c of spec.columns) {
        const i = mapping.index[c.key];
        row[c.key] = i === undefined ? '' : (r.cells[i] ?? '');
      }
      let rowFailed = false;
      const fail = (column: string, reason: string) => {
        rowFailed = true;
        errors.push({ row: r.rowNo, column: headerOf(column), value: row[column] ?? '', reason });
      };
      let status: RowStatus = 'error';
      const rec = spec.parse(row, fail, present);
      if (rec !== null && !rowFailed) {
        const key = spec.key(rec);
        const json = JSON.stringify(rec);
        const prev = seen.get(key);
        if (prev && prev.json === json) {
          status = 'unchanged';
        } else if (prev) {
          fail(spec.keyColumn ?? spec.columns[0].key, `Повтор: та же запись уже есть в строке ${prev.rowNo} с другими значениями`);
        } else {
          seen.set(key, { rowNo: r.rowNo, json });
          status = spec.classify(rec, fail);
          if (rowFailed) status = 'error';
          else if (status !== 'unchanged') accepted.push({ rec, status });
        }
      }
      if (status === 'error') counts.rejected++;
      else counts[status]++;
      if (preview.length < PREVIEW_ROWS) preview.push({ ...row, _row: String(r.rowNo), _status: status });
    }
    if (input.mode === 'commit' && errors.length === 0) for (const a of accepted) spec.apply(a.rec, a.status);
  }

  const committed = input.mode === 'commit' && errors.length === 0;
  const changed = committed && counts.added + counts.updated > 0;
  const summary = { kind: spec.kind, fileName: file.fileName, sha256: file.sha256, rowsRead: rows.length, ...counts };
  const batchId = changed ? recordBatch(ctx, summary) : null;
  // The command's own audit record: a summary, never the file content.
  ctx.audit({ entity: 'import_batch', entityId: batchId ?? undefined, after: { ...summary, mode: input.mode, committed, errors: errors.length } });
  return {
    kind: spec.kind,
    fileName: file.fileName,
    sha256: file.sha256,
    mode: input.mode,
    committed,
    rowsRead: rows.length,
    ...counts,
    errors,
    preview,
    columns,
    reportXlsxBase64: errors.length ? base64(errorReportXlsx(errors, spec.title)) : null,
  };
}
