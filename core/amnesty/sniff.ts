// What a file really is, from its first bytes. Evidence is trusted by content, never by its name: an `.exe` renamed
// `.jpg` still starts with `MZ`. Pure (Uint8Array only), so the renderer could pre-check a file before uploading it.

/** The evidence types accepted (DOMAIN.md "Amnesty": photos, PDF, scans). */
export type EvidenceMime =
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/webp'
  | 'image/heic'
  | 'image/heif'
  | 'image/tiff'
  | 'application/pdf';

/** The verdict on a file's content: an accepted type, or a Russian label of what it looks like instead. */
export type SniffResult = { ok: true; mime: EvidenceMime; label: string } | { ok: false; label: string };

const ascii = (b: Uint8Array, at: number, text: string): boolean => {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
const bytesAt = (b: Uint8Array, at: number, sig: readonly number[]): boolean =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

// ISO-BMFF brands (bytes 8–11 after `ftyp`) of HEIC (HEVC-coded) and of generic HEIF still images.
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const HEIF_BRANDS = new Set(['heif', 'mif1', 'msf1']);

function printableText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512);
  for (let i = 0; i < n; i++) {
    const c = b[i];
    // Tab, LF, CR, printable ASCII and any byte ≥ 0x80 (UTF-8 or cp1251 letters).
    if (!(c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127))) return false;
  }
  return n > 0;
}

/** Identifies a file by its magic bytes: accepted image/PDF types, or a label for the refusal message. */
export function sniffEvidence(b: Uint8Array): SniffResult {
  if (b.length === 0) return { ok: false, label: 'пустой файл' };
  if (bytesAt(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, mime: 'image/png', label: 'PNG' };
  if (bytesAt(b, 0, [0xff, 0xd8, 0xff])) return { ok: true, mime: 'image/jpeg', label: 'JPEG' };
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return { ok: true, mime: 'image/gif', label: 'GIF' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { ok: true, mime: 'image/webp', label: 'WebP' };
  if (bytesAt(b, 0, [0x49, 0x49, 0x2a, 0x00]) || bytesAt(b, 0, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { ok: true, mime: 'image/tiff', label: 'TIFF' };
  }
  if (ascii(b, 0, '%PDF-')) return { ok: true, mime: 'application/pdf', label: 'PDF' };
  if (ascii(b, 4, 'ftyp') && b.length >= 12) {
    const brand = String.fromCharCode(b[8], b[9], b[10], b[11]);
    if (HEIC_BRANDS.has(brand)) return { ok: true, mime: 'image/heic', label: 'HEIC' };
    if (HEIF_BRANDS.has(brand)) return { ok: true, mime: 'image/heif', label: 'HEIF' };
    return { ok: false, label: `контейнер ISO BMFF «${brand.replace(/[^\x20-\x7e]/g, '?')}» (видео/AVIF)` };
  }
  // Not accepted: name what it looks like, so the user understands the refusal.
  if (ascii(b, 0, 'MZ')) return { ok: false, label: 'исполняемый файл Windows (EXE/DLL)' };
  if (bytesAt(b, 0, [0x7f, 0x45, 0x4c, 0x46])) return { ok: false, label: 'исполняемый файл ELF' };
  if (bytesAt(b, 0, [0xcf, 0xfa, 0xed, 0xfe]) || bytesAt(b, 0, [0xce, 0xfa, 0xed, 0xfe])) {
    return { ok: false, label: 'исполняемый файл macOS' };
  }
  if (bytesAt(b, 0, [0x50, 0x4b, 0x03, 0x04]) || bytesAt(b, 0, [0x50, 0x4b, 0x05, 0x06])) {
    return { ok: false, label: 'ZIP-архив (в том числе DOCX, XLSX)' };
  }
  if (ascii(b, 0, 'Rar!')) return { ok: false, label: 'RAR-архив' };
  if (bytesAt(b, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { ok: false, label: '7z-архив' };
  if (bytesAt(b, 0, [0x1f, 0x8b])) return { ok: false, label: 'GZIP-архив' };
  if (bytesAt(b, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { ok: false, label: 'документ Microsoft Office 97–2003 (DOC, XLS)' };
  }
  if (ascii(b, 0, 'BM')) return { ok: false, label: 'изображение BMP (не поддерживается)' };
  if (ascii(b, 0, 'RIFF')) return { ok: false, label: 'RIFF (аудио/видео)' };
  if (ascii(b, 0, '#!')) return { ok: false, label: 'скрипт' };
  if (printableText(b)) {
    // SVG and HTML can carry scripts into a preview: refused like any other text.
    const head = String.fromCharCode(...b.subarray(0, 256)).trimStart().toLowerCase();
    if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return { ok: false, label: 'SVG' };
    if (head.startsWith('<')) return { ok: false, label: 'HTML/XML' };
    return { ok: false, label: 'текст' };
  }
  return { ok: false, label: 'неизвестный' };
}
