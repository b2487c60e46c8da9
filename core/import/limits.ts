// Bounds on what an import file may ask of memory and time, checked before the file is parsed where possible.
// A hostile or broken file (zip bomb, 100 MB cell, a million empty rows) gets a clear Russian error, never an OOM.
import * as zlib from 'node:zlib';
import { inflateRawSync } from 'node:zlib';

// zlib.crc32 exists from Node 20.15; the reader does not check CRCs, so older runtimes write 0.
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** Largest total the parts of an XLSX may inflate to (a 150 000-row signals file is ≈ 60 MB of XML). */
export const MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024;
/** Largest single part (sheet, shared strings) of an XLSX. */
export const MAX_XLSX_PART = 300 * 1024 * 1024;
/** Parts of an XLSX; a real workbook has a few dozen. */
export const MAX_XLSX_ENTRIES = 5000;
/** Excel's own limit of characters in one cell. */
export const MAX_CELL_CHARS = 32_767;
/** Non-empty data rows of one file (Excel's sheet limit is 1 048 576). */
export const MAX_ROWS = 1_048_576;
/** Columns holding data; the import templates have at most a few dozen. */
export const MAX_COLUMNS = 1000;

/** One part of a ZIP as its central directory declares it. */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflate. */
  method: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

/** The ZIP central directory, or null when there is none (truncated or not a ZIP). */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65 535 bytes at the very end of the file.
  const minStart = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= minStart; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (offset + size > eocd) return null;
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let p = offset;
  // ZIP64 puts 0xFFFF/0xFFFFFFFF here; such sizes are reported as infinite, which the limits refuse.
  const total = count === 0xffff ? Number.POSITIVE_INFINITY : count;
  while (entries.length < total && p + 46 <= eocd) {
    if (view.getUint32(p, true) !== 0x02014b50) return entries.length ? entries : null;
    const method = view.getUint16(p + 10, true);
    const compressed = view.getUint32(p + 20, true);
    const uncompressed = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, Math.min(p + 46 + nameLen, eocd)));
    entries.push({
      name,
      compressedSize: compressed === 0xffffffff ? Number.POSITIVE_INFINITY : compressed,
      uncompressedSize: uncompressed === 0xffffffff ? Number.POSITIVE_INFINITY : uncompressed,
      method,
      localOffset,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} МБ`;

/** The outcome of checking an XLSX: a reason to refuse, or the bytes to parse (parts stored, empty tails trimmed). */
export type XlsxCheck = { ok: false; reason: string } | { ok: true; bytes: Uint8Array; trimmedRows: boolean };

const SHEET_RE = /^xl\/worksheets\/[^/]+\.xml$/i;
const TEXT_PART_RE = /^xl\/(worksheets\/[^/]+|sharedStrings)\.xml$/i;
/** An empty tail longer than this (formatting dragged a million rows down) is cut off before parsing. */
const EMPTY_TAIL_BYTES = 256 * 1024;

function inflatePart(bytes: Uint8Array, view: DataView, e: ZipEntry): Buffer | string {
  const p = e.localOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50) return 'файл повреждён или обрезан';
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + e.compressedSize;
  if (end > bytes.length) return 'файл повреждён или обрезан';
  if (e.method === 0) {
    if (e.compressedSize !== e.uncompressedSize) return 'файл повреждён или обрезан';
    return Buffer.from(bytes.buffer, bytes.byteOffset + start, e.compressedSize);
  }
  if (e.method !== 8) return `часть «${e.name}» сжата неизвестным способом`;
  try {
    const out = inflateRawSync(bytes.subarray(start, end), { maxOutputLength: Math.max(1, e.uncompressedSize + 1) });
    if (out.length !== e.uncompressedSize) return `часть «${e.name}» распаковывается не в заявленный размер; файл повреждён`;
    return out;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      return `часть «${e.name}» распаковывается больше заявленного размера; возможно, это «zip-бомба»`;
    }
    return 'файл повреждён или обрезан';
  }
}

const LT = 0x3c;

/** A text run (between two tags) too long to be a cell Excel allows; checked in 32 KB strides, so it costs little. */
function hugeTextRun(xml: Buffer): number | null {
  const stride = 32 * 1024;
  for (let k = 0; k * stride < xml.length; ) {
    const from = k * stride;
    const next = xml.indexOf(LT, from);
    if (next !== -1 && next < from + stride) {
      k++;
      continue;
    }
    // A whole stride without a tag: measure the run it belongs to (entities make raw text longer, hence × 2).
    const start = xml.lastIndexOf(LT, from) + 1;
    const end = next === -1 ? xml.length : next;
    const chars = xml.toString('utf8', start, end).length;
    if (chars > MAX_CELL_CHARS * 2) return chars;
    k = Math.floor(end / stride) + 1;
  }
  return null;
}

// Searches run backwards from the end and stop at the first hit, so an honest sheet (data to the end) costs nothing.
function lastValueEnd(xml: Buffer, before: number, prefixed: boolean): number {
  const vTag = prefixed ? ':v>' : '</v>';
  const isTag = prefixed ? ':is>' : '</is>';
  const v = xml.lastIndexOf(vTag, before);
  const isAfter = xml.indexOf(isTag, Math.max(0, v));
  if (isAfter === -1 || isAfter > before) return v;
  return xml.lastIndexOf(isTag, before);
}

/** The sheet XML without the empty rows after the last value, or null when the tail is short (nothing to gain). */
function trimEmptyTail(xml: Buffer): Buffer | null {
  let close = xml.lastIndexOf('</sheetData>');
  if (close === -1) close = xml.lastIndexOf(':sheetData>');
  if (close === -1) return null;
  const closeStart = xml.lastIndexOf('</', close);
  // Prefixed markup (<x:row>) is rare; look for the prefixed tags only when the document uses them.
  const prefixed = xml[closeStart + 2] !== 0x73; // not "</sheetData>"
  const lastValue = lastValueEnd(xml, closeStart, prefixed);
  let cut: number;
  if (lastValue === -1) {
    const open = Math.max(xml.indexOf('<sheetData'), xml.indexOf(':sheetData'));
    if (open === -1) return null;
    cut = xml.indexOf('>', open) + 1;
  } else {
    const rowEnd = xml.indexOf(prefixed ? ':row>' : '</row>', lastValue);
    if (rowEnd === -1) return null;
    cut = xml.indexOf('>', rowEnd) + 1;
  }
  if (cut <= 0 || closeStart - cut < EMPTY_TAIL_BYTES) return null;
  return Buffer.concat([xml.subarray(0, cut), xml.subarray(closeStart)]);
}

/** A ZIP of stored (uncompressed) parts, handed to the spreadsheet reader after the checks. */
function storedZip(parts: { name: string; data: Buffer }[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const crc = typeof crc32 === 'function' ? crc32(p.data) >>> 0 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(p.data.length, 20);
    c.writeUInt32LE(p.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    chunks.push(local, name, p.data);
    central.push(c, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, cd, end]));
}

/**
 * Checks an XLSX before the spreadsheet reader sees it: declared part sizes (a bomb is refused on its own claim), real
 * sizes (each part inflated once with a hard cap, so an understating bomb stops at its claim), text runs longer than a
 * cell may be, and empty row tails, which are cut off so a million formatted empty rows cost nothing to parse.
 */
export function checkXlsx(bytes: Uint8Array): XlsxCheck {
  const entries = readZipDirectory(bytes);
  const refuse = (reason: string): XlsxCheck => ({ ok: false, reason });
  if (entries === null) return refuse('файл повреждён или обрезан');
  if (entries.length > MAX_XLSX_ENTRIES) return refuse(`в архиве слишком много частей (${entries.length})`);
  let total = 0;
  for (const e of entries) {
    if (e.uncompressedSize > MAX_XLSX_PART) {
      const size = Number.isFinite(e.uncompressedSize) ? MB(e.uncompressedSize) : 'более 4 ГБ';
      return refuse(`часть «${e.name}» распаковывается в ${size} (допустимо до ${MB(MAX_XLSX_PART)}); возможно, это «zip-бомба»`);
    }
    total += e.uncompressedSize;
  }
  if (total > MAX_XLSX_UNCOMPRESSED) {
    return refuse(`книга распаковывается в ${MB(total)} (допустимо до ${MB(MAX_XLSX_UNCOMPRESSED)}); возможно, это «zip-бомба»`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Each part is inflated here once, natively; the reader then gets them stored, so it never inflates anything itself
  // (its JavaScript inflater is slower than zlib, so the check costs about nothing on a large honest file).
  const parts: { name: string; data: Buffer }[] = [];
  let trimmedRows = false;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    let data = e.uncompressedSize === 0 ? Buffer.alloc(0) : inflatePart(bytes, view, e);
    if (typeof data === 'string') return refuse(data);
    if (TEXT_PART_RE.test(e.name)) {
      const huge = hugeTextRun(data);
      if (huge !== null) {
        return refuse(`в книге есть ячейка длиной около ${huge.toLocaleString('ru-RU')} символов (допустимо до ${MAX_CELL_CHARS.toLocaleString('ru-RU')}, как в Excel)`);
      }
      const cut = SHEET_RE.test(e.name) ? trimEmptyTail(data) : null;
      if (cut) {
        data = cut;
        trimmedRows = true;
      }
    }
    parts.push({ name: e.name, data });
  }
  return { ok: true, bytes: storedZip(parts), trimmedRows };
}
