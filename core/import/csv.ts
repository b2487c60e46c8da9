// CSV bytes → text → records. Russian Excel saves windows-1251 with `;`; other tools give UTF-8 (often with a BOM)
// and `,`; some exports are UTF-16. Everything is detected here so users never pick an encoding.

/** One record of a delimited text file, with the spreadsheet row number the user would see. */
export interface CsvRecord {
  rowNo: number;
  cells: string[];
}

/** Drops NUL bytes that some exporters pad files with (fixed-size buffers), in steps of `unit` bytes. */
function trimTrailingNuls(bytes: Uint8Array, unit: 1 | 2): Uint8Array {
  let end = bytes.length;
  while (end >= unit && bytes[end - 1] === 0 && (unit === 1 || bytes[end - 2] === 0)) end -= unit;
  return bytes.subarray(0, end);
}

// Without a BOM, UTF-16 shows itself by NUL high bytes on every other position of Latin/ASCII text.
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Decodes text bytes: BOM first (UTF-8, UTF-16 LE/BE), then strict UTF-8, else windows-1251. */
export function decodeText(raw: Uint8Array): string {
  let text: string;
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) {
    text = new TextDecoder('utf-8').decode(trimTrailingNuls(raw.subarray(3), 1));
  } else if (raw[0] === 0xff && raw[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(trimTrailingNuls(raw.subarray(2), 2));
  } else if (raw[0] === 0xfe && raw[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(trimTrailingNuls(raw.subarray(2), 2));
  } else {
    const utf16 = sniffUtf16(raw);
    if (utf16) {
      text = new TextDecoder(utf16).decode(trimTrailingNuls(raw, 2));
    } else {
      const bytes = trimTrailingNuls(raw, 1);
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        text = new TextDecoder('windows-1251').decode(bytes);
      }
    }
  }
  // Stray NULs inside text are never meaningful in these files and would break exact comparisons.
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/** Counts candidate delimiters in the first record outside quotes; `;` wins ties because Russian Excel uses it. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ';': 0, '\t': 0, ',': 0 };
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && c in counts) counts[c]++;
  }
  let best = ';';
  for (const d of ['\t', ',']) if (counts[d] > counts[best]) best = d;
  return best;
}

// A record whose every cell is empty (an empty line, or only delimiters).
function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

/**
 * Parses delimited text (RFC 4180 quoting, `""` escapes, line breaks inside quotes) into records numbered as the
 * rows Excel would show; blank records are skipped. An Excel `sep=X` first line sets the delimiter and is not shown as a row.
 */
export function parseCsv(text: string): CsvRecord[] {
  let pos = 0;
  let delimiter: string | undefined;
  const sep = /^sep=(.)\r?\n/i.exec(text.slice(0, 8));
  if (sep) {
    delimiter = sep[1];
    pos = sep[0].length;
  }
  delimiter ??= detectDelimiter(text);

  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let rowNo = 1;
  const n = text.length;
  while (pos <= n) {
    if (pos === n) {
      if (!isBlank(cells)) records.push({ rowNo, cells });
      break;
    }
    let value: string;
    if (text[pos] === '"') {
      // Quoted field: runs to the next lone quote; "" inside stands for one quote.
      let out = '';
      let i = pos + 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          out += text.slice(i);
          i = n;
          break;
        }
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Text between the closing quote and the delimiter (malformed, but Excel keeps it) is appended.
      let j = i;
      while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
      value = out + text.slice(i, j);
      pos = j;
    } else {
      let j = pos;
      while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
      value = text.slice(pos, j);
      pos = j;
    }
    cells.push(value);
    if (pos >= n) continue;
    const c = text[pos];
    if (c === delimiter) {
      pos++;
      if (pos === n) cells.push('');
      continue;
    }
    // End of record: \r\n, \n or a lone \r.
    pos += c === '\r' && text[pos + 1] === '\n' ? 2 : 1;
    // Blank records are never data; skipping them here keeps a file of a million empty lines small in memory.
    if (!isBlank(cells)) records.push({ rowNo, cells });
    cells = [];
    rowNo++;
  }
  return records;
}
