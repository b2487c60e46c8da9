// Daily visits/signals file → visits and signals (DOMAIN.md "Visits and signals"). All-or-nothing per file; duplicates
// are counted, never added; a commit records the batch, matches its signals and recomputes the touched contract-months
// in the same transaction. Built for 150 000-row files: codes are preloaded into maps, existing visits are found with
// one join through a temp table, and rows go in through prepared statements — no query per row.
import type { MutationCtx } from '../command';
import type { WritableDb } from '../db/types';
import { errorReportXlsx, parseDateCell, readImportFile, recordBatch, PREVIEW_ROWS, type ImportInput, type ImportResult, type RowError } from '../import';
import { matchSignals } from '../penalties/match';
import { recomputeContractMonths } from '../penalties/recompute';
import { SIGNAL_COLUMNS, signalColumn, type SignalColumn } from './columns';
import { getProfile, resolveColumns } from './profiles';
import { VisitWriter, type StoredVisit as WrittenVisit } from './bulkWriter';

/** The outcome of a signals import: the framework's result plus duplicates, the batch and what matching found. */
export interface SignalsImportResult extends ImportResult {
  /** Rows whose signal (or clean visit) is already stored or appears earlier in the file. */
  duplicates: number;
  batchId: number | null;
  /** A previously committed batch of the very same file (same SHA-256), if any. */
  sameFileBatchId: number | null;
  visitsAdded: number;
  signalsAdded: number;
  matched: number;
  unmatched: number;
  /** Contract-months recomputed after the commit. */
  contractMonths: number;
  /** Russian one-line summary for the user. */
  message: string;
}

interface ParsedRow {
  rowNo: number;
  visitId: string;
  visitDate: string;
  outletId: number;
  repCode: string | null;
  source: string | null;
  /** Signal type, or null for a clean visit. */
  type: string | null;
  objectCode: string;
  photoRef: string | null;
}

interface Codes {
  outlets: Map<string, number>;
  skus: Map<string, string>;
  equipment: Map<string, string>;
  types: Set<string>;
}

const SOURCES = new Set(['SFA', 'IR']);
const MAX_TEXT = 200;

// Codes compare case-insensitively (files are typed by people), and are stored in their reference spelling.
function loadCodes(db: WritableDb): Codes {
  const outlets = new Map<string, number>();
  for (const r of db.prepare('SELECT id, code FROM outlets').raw().all() as [number, string][]) outlets.set(r[1].toUpperCase(), r[0]);
  const skus = new Map<string, string>();
  for (const c of db.prepare('SELECT code FROM skus').pluck().all() as string[]) skus.set(c.toUpperCase(), c);
  const equipment = new Map<string, string>();
  for (const c of db.prepare('SELECT code FROM equipment_types').pluck().all() as string[]) equipment.set(c.toUpperCase(), c);
  const types = new Set(db.prepare('SELECT code FROM violation_types ORDER BY rowid').pluck().all() as string[]);
  return { outlets, skus, equipment, types };
}

const textOrNull = (s: string): string | null => (s === '' ? null : s);

const cellAt = (cells: string[], i: number | undefined): string => (i === undefined ? '' : (cells[i] ?? ''));

/** One object literal of fixed shape per row: 150 000 rows stay cheap for the engine and the collector. */
function readCells(cells: string[], at: Record<string, number>): Cells {
  return {
    visit_id: cellAt(cells, at.visit_id),
    visit_date: cellAt(cells, at.visit_date),
    outlet_code: cellAt(cells, at.outlet_code),
    rep_code: cellAt(cells, at.rep_code),
    signal_type: cellAt(cells, at.signal_type),
    sku_code: cellAt(cells, at.sku_code),
    equipment_code: cellAt(cells, at.equipment_code),
    photo_ref: cellAt(cells, at.photo_ref),
    source: cellAt(cells, at.source),
  };
}

/** One row's cells by canonical column ('' when the file lacks the column). */
type Cells = Record<SignalColumn, string>;

function parseRow(
  cells: Cells,
  rowNo: number,
  codes: Codes,
  today: string,
  /** Filled with (column, reason) for each problem; plain pushes, no closures, as this runs for 150 000 rows. */
  problems: [SignalColumn, string][],
): ParsedRow | null {
  const visitId = cells.visit_id;
  if (visitId === '') problems.push(['visit_id', 'Не указан ИД визита']);
  else if (visitId.length > MAX_TEXT) problems.push(['visit_id', `ИД визита длиннее ${MAX_TEXT} символов`]);

  let visitDate = '';
  if (cells.visit_date === '') problems.push(['visit_date', 'Не указана дата визита']);
  else {
    const d = parseDateCell(cells.visit_date);
    if (d === null) problems.push(['visit_date', 'Неверная дата: ожидается ДД.ММ.ГГГГ, ГГГГ-ММ-ДД или дата Excel']);
    else if (d > today) problems.push(['visit_date', 'Дата визита ещё не наступила']);
    else visitDate = d;
  }

  let outletId = 0;
  if (cells.outlet_code === '') problems.push(['outlet_code', 'Не указан код торговой точки']);
  else {
    const id = codes.outlets.get(cells.outlet_code.toUpperCase());
    if (id === undefined) problems.push(['outlet_code', 'Неизвестный код торговой точки']);
    else outletId = id;
  }

  let type: string | null = null;
  let objectCode = '';
  const rawType = cells.signal_type.toUpperCase();
  if (rawType !== '') {
    if (!codes.types.has(rawType)) {
      problems.push(['signal_type', `Неизвестный тип сигнала: допустимы ${[...codes.types].join(', ')} или пусто (визит без нарушений)`]);
    } else {
      type = rawType;
      if (type === 'OOS') {
        if (cells.sku_code === '') problems.push(['sku_code', 'Для сигнала OOS укажите код SKU']);
        else {
          const code = codes.skus.get(cells.sku_code.toUpperCase());
          if (code === undefined) problems.push(['sku_code', 'Неизвестный код SKU']);
          else objectCode = code;
        }
      } else if (type === 'EQUIPMENT') {
        if (cells.equipment_code === '') problems.push(['equipment_code', 'Для сигнала EQUIPMENT укажите код оборудования']);
        else {
          const code = codes.equipment.get(cells.equipment_code.toUpperCase());
          if (code === undefined) problems.push(['equipment_code', 'Неизвестный код оборудования']);
          else objectCode = code;
        }
      }
    }
  }

  const source = cells.source.toUpperCase();
  if (source !== '' && !SOURCES.has(source)) problems.push(['source', 'Неизвестный источник: допустимы SFA или IR']);
  for (const key of ['rep_code', 'photo_ref'] as const) {
    if (cells[key].length > 1000) problems.push([key, 'Значение длиннее 1000 символов']);
  }
  if (problems.length > 0) return null;
  return {
    rowNo,
    visitId,
    visitDate,
    outletId,
    repCode: textOrNull(cells.rep_code),
    source: textOrNull(source),
    type,
    objectCode,
    photoRef: textOrNull(cells.photo_ref),
  };
}

interface StoredVisit {
  id: number;
  visitDate: string;
  outletId: number;
  batchId: number | null;
}

/**
 * Stored visits among the file's visit ids and their signal keys. The ids go in as one JSON array (one call instead of
 * 10^5 temp-table inserts); the signal keys are read only for the visits found, by row id.
 */
function loadStored(db: WritableDb, visitIds: Iterable<string>): { visits: Map<string, StoredVisit>; keys: Set<string> } {
  const visits = new Map<string, StoredVisit>();
  const rows = db
    .prepare(
      `SELECT v.visit_id, v.id, v.visit_date, v.outlet_id, v.batch_id
       FROM json_each(?) j JOIN visits v ON v.visit_id = j.value`,
    )
    .raw()
    .all(JSON.stringify([...visitIds])) as [string, number, string, number, number | null][];
  for (const [visitId, id, visitDate, outletId, batchId] of rows) visits.set(visitId, { id, visitDate, outletId, batchId });
  const keys = new Set<string>();
  if (visits.size > 0) {
    const sig = db
      .prepare(
        `SELECT v.visit_id, s.signal_type, s.object_code
         FROM json_each(?) j JOIN visits v ON v.id = j.value JOIN signals s ON s.visit_row_id = v.id`,
      )
      .raw()
      .all(JSON.stringify(rows.map((r) => r[1]))) as [string, string, string][];
    for (const [visitId, type, obj] of sig) keys.add(`${visitId}\u0001${type}\u0001${obj}`);
  }
  return { visits, keys };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const REPORT_TITLE = 'Ошибки импорта визитов и сигналов';
// Rows between progress reports: often enough for a smooth bar, rare enough to cost nothing per row.
const PROGRESS_EVERY = 2000;
const IMPORT_CACHE_KIB = 128 * 1024;

/** Runs a preview or a commit of a visits/signals file; `profile` names a saved column mapping. */
export function importSignalsFile(ctx: MutationCtx, input: ImportInput & { profile?: string }): SignalsImportResult {
  const db = ctx.db;
  const profile = input.profile ? getProfile(db, input.profile) : null;
  ctx.progress?.(0, 0, 'reading');
  const file = readImportFile(input);
  const { headers, rows } = file.table;
  const mapping = resolveColumns(headers, profile);
  const columns = SIGNAL_COLUMNS.map((c) => ({
    key: c.key,
    label: c.label,
    header: mapping.index[c.key] === undefined ? null : headers[mapping.index[c.key]],
  }));
  const headerOf = (key: string) => {
    const i = mapping.index[key];
    return i === undefined ? (signalColumn(key)?.label ?? key) : headers[i];
  };
  const errors: RowError[] = [];
  const preview: Record<string, string>[] = [];
  let duplicates = 0;
  let added = 0;
  let rejected = 0;
  const accepted: ParsedRow[] = [];

  if (mapping.missing.length > 0 || mapping.profileMisses.length > 0) {
    for (const m of mapping.profileMisses) {
      errors.push({ row: 1, column: m.header, value: '', reason: `В файле нет колонки «${m.header}», указанной в профиле «${profile?.name}» для «${signalColumn(m.key)?.label ?? m.key}»` });
    }
    for (const c of mapping.missing) {
      if (mapping.profileMisses.some((m) => m.key === c.key)) continue;
      errors.push({ row: 1, column: c.label, value: '', reason: `В файле нет обязательной колонки «${c.label}» (${c.key})` });
    }
    rejected = rows.length;
  } else if (rows.length === 0) {
    // A header without rows is almost always a broken export, not a day without visits.
    errors.push({ row: 2, column: '', value: '', reason: 'В файле нет строк с данными: только заголовок' });
  } else {
    const codes = loadCodes(db);
    const today = ctx.clock.now().toISOString().slice(0, 10);
    const at = mapping.index;
    const parsed: (ParsedRow | null)[] = [];
    const cellsOf: Record<string, string>[] = [];
    const problems: [SignalColumn, string][] = [];
    ctx.progress?.(0, rows.length, 'validating');
    for (const r of rows) {
      if (parsed.length % PROGRESS_EVERY === 0 && parsed.length > 0) ctx.progress?.(parsed.length, rows.length, 'validating');
      const cells = readCells(r.cells, at);
      problems.length = 0;
      const p = parseRow(cells, r.rowNo, codes, today, problems);
      for (const [key, reason] of problems) errors.push({ row: r.rowNo, column: headerOf(key), value: cells[key], reason });
      parsed.push(p);
      if (preview.length < PREVIEW_ROWS) cellsOf.push(cells);
    }

    // A visit is one event: every row of it must name the same date and outlet, in the file and in the store.
    const firstRow = new Map<string, ParsedRow>();
    for (const p of parsed) if (p && !firstRow.has(p.visitId)) firstRow.set(p.visitId, p);
    const stored = loadStored(db, firstRow.keys());
    const seenKeys = new Set<string>();
    const seenVisits = new Set<string>();
    const statuses: string[] = [];
    for (let i = 0; i < parsed.length; i++) {
      const p = parsed[i];
      let status = 'error';
      if (p) {
        const first = firstRow.get(p.visitId)!;
        const old = stored.visits.get(p.visitId);
        if (first !== p && (first.visitDate !== p.visitDate || first.outletId !== p.outletId)) {
          errors.push({
            row: p.rowNo,
            column: headerOf('visit_id'),
            value: p.visitId,
            reason: `Визит с этим ИД в строке ${first.rowNo} указан с другой датой или торговой точкой`,
          });
        } else if (old && (old.visitDate !== p.visitDate || old.outletId !== p.outletId)) {
          errors.push({
            row: p.rowNo,
            column: headerOf('visit_id'),
            value: p.visitId,
            reason: `Визит с этим ИД уже загружен${old.batchId ? ` (пакет №${old.batchId})` : ''} с другой датой или торговой точкой`,
          });
        } else {
          const key = p.type === null ? null : `${p.visitId}\u0001${p.type}\u0001${p.objectCode}`;
          const known = key === null ? old !== undefined || seenVisits.has(p.visitId) : stored.keys.has(key) || seenKeys.has(key);
          seenVisits.add(p.visitId);
          if (key !== null) seenKeys.add(key);
          if (known) {
            duplicates++;
            status = 'unchanged';
          } else {
            added++;
            status = 'added';
            accepted.push(p);
          }
        }
      }
      if (status === 'error') rejected++;
      if (i < PREVIEW_ROWS) statuses.push(status);
    }
    for (let i = 0; i < cellsOf.length; i++) preview.push({ ...cellsOf[i], _row: String(rows[i].rowNo), _status: statuses[i] });

    const committing = input.mode === 'commit' && errors.length === 0;
    if (committing) {
      return commit(ctx, input, file, { rowsRead: rows.length, added, duplicates, accepted, stored: stored.visits, preview, columns });
    }
  }

  errors.sort((a, b) => a.row - b.row);
  const sameFileBatchId = findSameFile(db, file.sha256);
  const message =
    errors.length > 0 && rejected === 0
      ? `Файл не загружен: ${errors[0].reason}.`
      : errors.length > 0
      ? `Файл не загружен: строк с ошибками — ${rejected} из ${rows.length}. Исправьте их по отчёту и загрузите файл снова.`
      : `Проверка пройдена: строк ${rows.length}; будет добавлено ${added}, дубликатов ${duplicates}.` +
        (added === 0 ? ' Новых строк нет: всё уже загружено.' : '') +
        (sameFileBatchId ? ` Этот файл уже загружался (пакет №${sameFileBatchId}).` : '');
  ctx.audit({
    entity: 'import_batch',
    after: { kind: 'signals', fileName: file.fileName, sha256: file.sha256, mode: input.mode, committed: false, rowsRead: rows.length, added, duplicates, rejected, errors: errors.length },
  });
  return {
    kind: 'signals',
    fileName: file.fileName,
    sha256: file.sha256,
    mode: input.mode,
    committed: false,
    rowsRead: rows.length,
    added,
    updated: 0,
    unchanged: duplicates,
    rejected,
    errors,
    preview,
    columns,
    reportXlsxBase64: errors.length ? base64(errorReportXlsx(errors, REPORT_TITLE)) : null,
    duplicates,
    batchId: null,
    sameFileBatchId,
    visitsAdded: 0,
    signalsAdded: 0,
    matched: 0,
    unmatched: 0,
    contractMonths: 0,
    message,
  };
}

function findSameFile(db: WritableDb, sha256: string): number | null {
  const id = db
    .prepare(`SELECT id FROM import_batches WHERE kind = 'signals' AND sha256 = ? AND status = 'committed' ORDER BY id DESC LIMIT 1`)
    .pluck()
    .get(sha256) as number | undefined;
  return id ?? null;
}

function commit(
  ctx: MutationCtx,
  input: ImportInput,
  file: { fileName: string; sha256: string },
  r: {
    rowsRead: number;
    added: number;
    duplicates: number;
    accepted: ParsedRow[];
    stored: Map<string, StoredVisit>;
    preview: Record<string, string>[];
    columns: ImportResult['columns'];
  },
): SignalsImportResult {
  const db = ctx.db;
  const sameFileBatchId = findSameFile(db, file.sha256);
  // Every committed file is journaled, even one that adds nothing: the journal then shows it was loaded again.
  const batchId = recordBatch(ctx, {
    kind: 'signals',
    fileName: file.fileName,
    sha256: file.sha256,
    rowsRead: r.rowsRead,
    added: r.added,
    unchanged: r.duplicates,
    rejected: 0,
  });
  const visits = new Map<string, WrittenVisit>();
  for (const [visitId, v] of r.stored) visits.set(visitId, { id: v.id, visitId, visitDate: v.visitDate, outletId: v.outletId });
  const writer = new VisitWriter(db);
  let visitsAdded = 0;
  let signalsAdded = 0;
  // New keys land all over the visits indexes (millions of rows); SQLite's default 2 MB page cache would evict and
  // re-read the same pages for every row. The cache only grows as pages are touched and is shrunk back afterwards.
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`);
  const total = r.accepted.length;
  let done = 0;
  ctx.progress?.(0, total, 'writing');
  try {
    for (const p of r.accepted) {
      if (++done % PROGRESS_EVERY === 0) ctx.progress?.(done, total, 'writing');
      let visit = visits.get(p.visitId);
      if (visit === undefined) {
        visit = writer.addVisit({ visitId: p.visitId, visitDate: p.visitDate, outletId: p.outletId, repCode: p.repCode, source: p.source, batchId });
        visits.set(p.visitId, visit);
        visitsAdded++;
      }
      if (p.type !== null) {
        writer.addSignal(visit, { type: p.type, objectCode: p.objectCode, photoRef: p.photoRef, batchId });
        signalsAdded++;
      }
    }
    writer.flush();
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
  }
  const nowIso = ctx.clock.now().toISOString();
  ctx.progress?.(0, signalsAdded, 'matching');
  const match = signalsAdded > 0 ? matchSignals(db, { batchId }) : { matched: 0, unmatched: 0, affected: [], scanned: 0 };
  ctx.progress?.(0, match.affected.length, 'recomputing');
  const recompute = recomputeContractMonths(db, match.affected, nowIso);
  ctx.progress?.(match.affected.length, match.affected.length, 'recomputing');
  const summary = {
    kind: 'signals',
    fileName: file.fileName,
    sha256: file.sha256,
    batchId,
    rowsRead: r.rowsRead,
    added: r.added,
    duplicates: r.duplicates,
    visitsAdded,
    signalsAdded,
    matched: match.matched,
    unmatched: match.unmatched,
    contractMonths: recompute.examined,
  };
  ctx.audit({ entity: 'import_batch', entityId: batchId, after: { ...summary, mode: input.mode, committed: true } });
  const message =
    r.added === 0
      ? `Новых строк нет: все ${r.rowsRead} строк уже были загружены (дубликаты), ничего не добавлено.` +
        (sameFileBatchId ? ` Этот файл уже загружался (пакет №${sameFileBatchId}).` : '')
      : `Загружено: строк ${r.rowsRead}, добавлено ${r.added}, дубликатов ${r.duplicates}; сигналов сопоставлено с договорами ${match.matched}, не сопоставлено ${match.unmatched}.`;
  return {
    kind: 'signals',
    fileName: file.fileName,
    sha256: file.sha256,
    mode: input.mode,
    committed: true,
    rowsRead: r.rowsRead,
    added: r.added,
    updated: 0,
    unchanged: r.duplicates,
    rejected: 0,
    errors: [],
    preview: r.preview,
    columns: r.columns,
    reportXlsxBase64: null,
    duplicates: r.duplicates,
    batchId,
    sameFileBatchId,
    visitsAdded,
    signalsAdded,
    matched: match.matched,
    unmatched: match.unmatched,
    contractMonths: recompute.examined,
    message,
  };
}
