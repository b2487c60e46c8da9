// The evidence store: files attached to amnesties, kept beside the database in a folder addressed by SHA-256
// (`<dataDir>/evidence/ab/abcdef…`), described by the evidence_files table. A grant works in three phases so a refused
// one stores nothing: (1) decode and check every file in memory, (2) write the new files atomically, (3) insert rows —
// and if (3) throws, the files written in (2) are removed again (no committed row can name them: they were new).
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { sniffEvidence, type EvidenceMime } from './sniff';

/** Per-file size limit (bytes): 20 MB, enough for a phone photo or a multi-page scan. */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
/** Files per amnesty: one set of evidence may cover 5 000 signals, but it is a handful of documents. */
export const MAX_EVIDENCE_FILES = 20;

/** A file as the UI sends it. */
export interface EvidenceUpload {
  fileName: string;
  contentBase64: string;
}

/** A file that passed every check, ready to be stored. */
export interface CheckedEvidence {
  sha256: string;
  fileName: string;
  mime: EvidenceMime;
  size: number;
  bytes: Buffer;
}

const SHA_RE = /^[0-9a-f]{64}$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** True for a lower-case hex SHA-256. */
export function isSha256(s: string): boolean {
  return SHA_RE.test(s);
}

/** Where a file with this hash lives: `<dataDir>/evidence/<first two hex digits>/<sha>`. */
export function evidencePath(dataDir: string, sha256: string): string {
  if (!isSha256(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
  return path.join(dataDir, 'evidence', sha256.slice(0, 2), sha256);
}

/** The name as shown to users: no folders (a browser may send `C:\fakepath\x.jpg`), no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.length > 255 ? clean.slice(0, 255) : clean;
}

/** SHA-256 of bytes, lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Decodes and checks one upload: base64, size (counted before decoding, so an oversized file is never expanded in
 * memory), and type by content. Throws a DomainError naming the file; touches neither the disk nor the database.
 */
export function checkEvidence(upload: EvidenceUpload): CheckedEvidence {
  const fileName = cleanFileName(upload.fileName);
  if (fileName === '') throw new DomainError('validation', 'У файла-доказательства нет имени', { field: 'evidence' });
  // FileReader.readAsDataURL gives `data:<mime>;base64,<data>`: the prefix is the browser's guess, ignored.
  const raw = upload.contentBase64.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!BASE64_RE.test(raw)) {
    throw new DomainError('validation', `Файл «${fileName}» передан повреждённым (ожидается base64)`, { field: 'evidence', fileName });
  }
  const padding = raw.endsWith('==') ? 2 : raw.endsWith('=') ? 1 : 0;
  const size = Math.floor((raw.length * 3) / 4) - padding;
  if (size > MAX_EVIDENCE_BYTES) {
    throw new DomainError('validation', `Файл «${fileName}» больше 20 МБ`, { field: 'evidence', fileName, size, limit: MAX_EVIDENCE_BYTES });
  }
  const bytes = Buffer.from(raw, 'base64');
  const kind = sniffEvidence(bytes);
  if (!kind.ok) {
    throw new DomainError('validation', `Файл «${fileName}» не похож на изображение или PDF (определён тип: ${kind.label})`, {
      field: 'evidence',
      fileName,
      detected: kind.label,
    });
  }
  return { sha256: sha256Hex(bytes), fileName, mime: kind.mime, size: bytes.length, bytes };
}

/** Checks every upload and drops repeats of the same content (the first name wins), so one amnesty holds a hash once. */
export function checkEvidenceSet(uploads: readonly EvidenceUpload[]): CheckedEvidence[] {
  const out = new Map<string, CheckedEvidence>();
  for (const u of uploads) {
    const c = checkEvidence(u);
    if (!out.has(c.sha256)) out.set(c.sha256, c);
  }
  return [...out.values()];
}

function fileHolds(file: string, sha256: string, size: number): boolean {
  try {
    if (fs.statSync(file).size !== size) return false;
    return sha256Hex(fs.readFileSync(file)) === sha256;
  } catch {
    return false;
  }
}

/** Writes bytes to `file` atomically: a temp file in the same folder, flushed, then renamed over the target. */
function writeAtomic(file: string, bytes: Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Puts checked files into the store. A file already there with the right content is reused (dedupe by hash); one
 * missing or damaged is (re)written. Returns the paths this call created, for {@link discardCreated} on failure.
 */
export function storeEvidenceFiles(dataDir: string, files: readonly CheckedEvidence[]): string[] {
  const created: string[] = [];
  try {
    for (const f of files) {
      const target = evidencePath(dataDir, f.sha256);
      const existed = fs.existsSync(target);
      if (existed && fileHolds(target, f.sha256, f.size)) continue;
      writeAtomic(target, f.bytes);
      if (!existed) created.push(target);
    }
  } catch (e) {
    discardCreated(created);
    throw new DomainError('internal', 'Не удалось сохранить файлы-доказательства на диск. Данные не изменены.', {
      reason: e instanceof Error ? e.message : String(e),
    });
  }
  return created;
}

/** Removes files a failed grant created; best effort, since the grant is failing anyway and an orphan is harmless. */
export function discardCreated(paths: readonly string[]): void {
  for (const p of paths) {
    try {
      fs.rmSync(p, { force: true });
    } catch {
      // An orphan file costs disk only: no row names it, and a later upload of the same content reuses it.
    }
  }
}

/** Inserts the evidence_files rows (once per hash) and links the files to an amnesty under the names given. */
export function linkEvidence(db: WritableDb, amnestyId: number, files: readonly CheckedEvidence[], nowIso: string): void {
  const file = db.prepare('INSERT OR IGNORE INTO evidence_files (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?)');
  const link = db.prepare('INSERT INTO amnesty_evidence (amnesty_id, sha256, file_name) VALUES (?, ?, ?)');
  for (const f of files) {
    file.run(f.sha256, f.size, f.mime, nowIso);
    link.run(amnestyId, f.sha256, f.fileName);
  }
}

/** Hashes of these files that the evidence_files table already knows (shared with earlier amnesties). */
export function knownEvidence(db: ReadableDb, hashes: readonly string[]): Set<string> {
  if (hashes.length === 0) return new Set();
  const rows = db
    .prepare('SELECT sha256 FROM evidence_files WHERE sha256 IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify(hashes)) as string[];
  return new Set(rows);
}

/** An evidence file's description, as lists show it. */
export interface EvidenceInfo {
  sha256: string;
  fileName: string;
  mime: string;
  size: number;
}

/** The evidence files of an amnesty, by name (amnesty_evidence has no row order: WITHOUT ROWID). */
export function listAmnestyEvidence(db: ReadableDb, amnestyId: number): EvidenceInfo[] {
  return db
    .prepare(
      `SELECT e.sha256, e.file_name AS fileName, f.mime, f.size
       FROM amnesty_evidence e JOIN evidence_files f ON f.sha256 = e.sha256
       WHERE e.amnesty_id = ? ORDER BY e.file_name, e.sha256`,
    )
    .all(amnestyId) as EvidenceInfo[];
}

/** Reads a stored file back and checks it still is what was stored (size and hash), for previews. */
export function readEvidenceFile(dataDir: string, info: { sha256: string; size: number }): Buffer {
  const file = evidencePath(dataDir, info.sha256);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new DomainError('not_found', 'Файл-доказательство отсутствует в хранилище рядом с базой данных', { sha256: info.sha256 });
  }
  if (bytes.length !== info.size || sha256Hex(bytes) !== info.sha256) {
    throw new DomainError('conflict', 'Файл-доказательство в хранилище повреждён или подменён', { sha256: info.sha256 });
  }
  return bytes;
}
