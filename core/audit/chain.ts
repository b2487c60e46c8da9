// The audit log's hash chain: hash = SHA-256(prev_hash + "\n" + canonical record). Editing a record changes its hash,
// deleting one breaks the link of the next, cutting the end off disagrees with audit_chain_head.
import { createHash } from 'node:crypto';
import type { ReadableDb, WritableDb } from '../db/types';

/** prev_hash of the very first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit_log row as stored, the columns the hash covers. */
export interface StoredAuditRow {
  id: number;
  at: string;
  user_id: number | null;
  user_login: string | null;
  command: string;
  entity: string | null;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

/** The record as one unambiguous string: a JSON array, so no field can bleed into the next. */
export function canonicalRecord(r: StoredAuditRow): string {
  return JSON.stringify([r.id, r.at, r.user_id, r.user_login, r.command, r.entity, r.entity_id, r.before_json, r.after_json]);
}

/** The hash of a record chained to the previous record's hash. */
export function chainHash(prevHash: string, r: StoredAuditRow): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalRecord(r)).digest('hex');
}

const COLS = 'id, at, user_id, user_login, command, entity, entity_id, before_json, after_json';

function setHead(db: WritableDb, id: number, hash: string): void {
  db.prepare(
    `INSERT INTO audit_chain_head (singleton, last_id, last_hash) VALUES (1, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash`,
  ).run(id, hash);
}

/**
 * Chains records that have no hash yet (written before the chain existed), in id order after the last chained one.
 * The update trigger allows exactly this one change. Returns how many were sealed.
 */
export function sealUnchained(db: WritableDb): number {
  const first = db.prepare('SELECT min(id) FROM audit_log WHERE hash IS NULL').pluck().get() as number | null;
  if (first === null) return 0;
  let prev = (db.prepare('SELECT hash FROM audit_log WHERE id < ? AND hash IS NOT NULL ORDER BY id DESC LIMIT 1').pluck().get(first) as
    | string
    | undefined) ?? GENESIS_HASH;
  const rows = db.prepare(`SELECT ${COLS} FROM audit_log WHERE id >= ? AND hash IS NULL ORDER BY id`).all(first) as StoredAuditRow[];
  const seal = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let last: StoredAuditRow | undefined;
  for (const r of rows) {
    const hash = chainHash(prev, r);
    seal.run(prev, hash, r.id);
    prev = hash;
    last = r;
  }
  if (last) setHead(db, last.id, prev);
  return rows.length;
}

/** Fields of a record before it gets its id. */
export type NewAuditRow = Omit<StoredAuditRow, 'id'>;

function readHead(db: ReadableDb): { id: number; hash: string } | undefined {
  return db.prepare('SELECT last_id AS id, last_hash AS hash FROM audit_chain_head WHERE singleton = 1').get() as
    | { id: number; hash: string }
    | undefined;
}

/**
 * Inserts a record chained to the newest one. Runs inside the caller's write transaction (dispatch begins it IMMEDIATE),
 * so two processes can never chain to the same predecessor. Records older than the chain are sealed on the first
 * append; once the chain has a head, a record slipped in without a hash is never sealed, so verification keeps
 * reporting it.
 */
export function insertChained(db: WritableDb, r: NewAuditRow): number {
  let head = readHead(db);
  if (!head) {
    sealUnchained(db);
    head = readHead(db);
  }
  const maxId = (db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number | null) ?? 0;
  const row: StoredAuditRow = { id: Math.max(maxId, head?.id ?? 0) + 1, ...r };
  const prev = head?.hash ?? GENESIS_HASH;
  const hash = chainHash(prev, row);
  db.prepare(
    `INSERT INTO audit_log (id, at, user_id, user_login, command, entity, entity_id, before_json, after_json, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.id, row.at, row.user_id, row.user_login, row.command, row.entity, row.entity_id, row.before_json, row.after_json, prev, hash);
  setHead(db, row.id, hash);
  return row.id;
}

/** One break found by verification. */
export interface ChainProblem {
  id: number;
  kind: 'edited' | 'deleted' | 'unsealed' | 'truncated' | 'unprotected';
  message: string;
}

/** The result of checking the whole chain. */
export interface ChainReport {
  ok: boolean;
  checked: number;
  /** Records without a hash: before the first chained record they are history older than the chain (sealed on the next append). */
  unsealed: number;
  lastId: number | null;
  lastHash: string | null;
  problems: ChainProblem[];
  message: string;
}

const MAX_PROBLEMS = 50;

/** Walks the log in id order recomputing every hash; reports edited, deleted and cut-off records. Read-only. */
export function verifyAuditChain(db: ReadableDb): ChainReport {
  const problems: ChainProblem[] = [];
  const add = (p: ChainProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let checked = 0;
  let unsealed = 0;
  const it = db.prepare(`SELECT ${COLS}, prev_hash, hash FROM audit_log ORDER BY id`).iterate() as IterableIterator<
    StoredAuditRow & { prev_hash: string | null; hash: string | null }
  >;
  for (const r of it) {
    checked++;
    if (r.id !== prevId + 1) {
      add({ id: r.id, kind: 'deleted', message: `Перед записью №${r.id} удалены записи №${prevId + 1}–${r.id - 1}` });
    }
    prevId = r.id;
    if (r.hash === null) {
      // Legitimately only history older than the chain lacks a hash (sealed by the first append after migration 008).
      unsealed++;
      continue;
    }
    if (unsealed > 0) {
      add({ id: r.id, kind: 'unsealed', message: `Перед записью №${r.id} есть записи без подписи (вставлены в обход программы)` });
      unsealed = 0;
    }
    if (r.prev_hash !== prevHash) {
      add({ id: r.id, kind: 'deleted', message: `Запись №${r.id} не продолжает цепочку: предыдущая запись удалена или изменена` });
    }
    if (chainHash(r.prev_hash ?? '', r) !== r.hash) {
      add({ id: r.id, kind: 'edited', message: `Запись №${r.id} изменена после записи в журнал` });
    }
    prevHash = r.hash;
  }
  const head = readHead(db);
  const lastSealedId = prevHash === GENESIS_HASH ? 0 : prevId - unsealed;
  if (unsealed > 0 && (head || lastSealedId > 0)) {
    add({ id: prevId, kind: 'unsealed', message: `В конце журнала ${unsealed} зап. без подписи (вставлены в обход программы)` });
  }
  const headId = head?.id ?? 0;
  if (headId > lastSealedId) {
    add({ id: headId, kind: 'truncated', message: `Последние записи журнала удалены: ожидалась запись №${headId}, последняя подписанная №${lastSealedId}` });
  } else if (headId !== lastSealedId || (head && head.hash !== prevHash)) {
    add({ id: lastSealedId, kind: 'edited', message: `Конец журнала (запись №${lastSealedId}) не совпадает с сохранённой вершиной цепочки` });
  }
  const triggers = db
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('audit_log_no_update', 'audit_log_no_delete')")
    .pluck()
    .get() as number;
  if (triggers !== 2) {
    add({ id: 0, kind: 'unprotected', message: 'Защита журнала от изменений снята: триггеры audit_log удалены из базы' });
  }
  const ok = problems.length === 0;
  const message = ok
    ? `Журнал аудита цел: проверено ${checked} записей${unsealed ? ` (ещё не подписаны: ${unsealed})` : ''}`
    : `Журнал аудита повреждён: найдено нарушений — ${problems.length}${problems.length >= MAX_PROBLEMS ? '+' : ''}. Первое: ${problems[0].message}`;
  return { ok, checked, unsealed, lastId: prevId || null, lastHash: prevHash === GENESIS_HASH ? null : prevHash, problems, message };
}
