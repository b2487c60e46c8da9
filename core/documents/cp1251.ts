// Windows-1251 for FNS exchange files (NOTES.md "Encoding"): Diadoc expects cp1251 bytes, the signature covers them, so
// text is made cp1251-safe before it goes into the XML and encoded once at the end.
import iconv from 'iconv-lite';

// Readable stand-ins for common characters cp1251 lacks; anything else unmappable becomes '?'.
const SUBSTITUTES: Record<string, string> = {
  '₽': 'руб.',
  '≈': '~',
  '≤': '<=',
  '≥': '>=',
  '×': 'x',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '′': "'",
  '″': '"',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

const safeCache = new Map<string, boolean>();

function encodable(ch: string): boolean {
  let ok = safeCache.get(ch);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(ch, 'windows-1251'), 'windows-1251') === ch;
    safeCache.set(ch, ok);
  }
  return ok;
}

// Every printable character of cp1251 (0x20–0x7E and the upper half but 0x98), as one character class: most text
// passes this test whole and needs no per-character work.
const PRINTABLE = iconv.decode(Buffer.from([...Array.from({ length: 0x5f }, (_, i) => 0x20 + i), ...Array.from({ length: 0x80 }, (_, i) => 0x80 + i).filter((b) => b !== 0x98)]), 'windows-1251');
const ALL_SAFE = new RegExp(`^[${PRINTABLE.replace(/[\\\]^-]/g, '\\$&')}]*$`, 'u');

/** Text with control characters removed and characters outside cp1251 replaced, so it encodes without loss. */
export function cp1251Safe(text: string): string {
  if (ALL_SAFE.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    // Control characters broke Diadoc uploads (a 0x1D gave a 400); tabs and newlines become spaces in attributes anyway.
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      out += code === 0x09 || code === 0x0a || code === 0x0d ? ' ' : '';
      continue;
    }
    if (code < 0x80 || encodable(ch)) out += ch;
    else out += SUBSTITUTES[ch] ?? '?';
  }
  return out;
}

/** Encodes text to windows-1251 bytes (no BOM). */
export function encodeCp1251(text: string): Buffer {
  return iconv.encode(text, 'windows-1251');
}

/** Decodes windows-1251 bytes. */
export function decodeCp1251(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'windows-1251');
}
