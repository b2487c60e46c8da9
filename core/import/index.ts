// The import framework in one place: read any table file, map its columns, parse cells, run and report an import.
export { readTable, type RawTable } from './table';
export { mapColumns, normalizeHeader, type ColumnMapping, type ColumnSpec } from './columns';
export { optionalText, parseDateCell, parseListCell, parseRubles } from './values';
export { errorReportXlsx, type RowError } from './report';
export {
  importInput,
  readImportFile,
  recordBatch,
  runImport,
  PREVIEW_ROWS,
  type ImportFile,
  type ImportInput,
  type ImportResult,
  type ImportSpec,
} from './result';
