// Type by content: magic bytes decide, names never do.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEvidence, cleanFileName, evidencePath, MAX_EVIDENCE_BYTES } from '../../../core/amnesty/evidence';
import { sniffEvidence } from '../../../core/amnesty/sniff';

const FIXTURES = path.join(__dirname, '../../fixtures/amnesty');
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const ftyp = (brand: string) => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0], 'mif1heic');

describe('sniffEvidence', () => {
  it('accepts the image and PDF types by their first bytes', () => {
    const cases: [Uint8Array, string][] = [
      [fs.readFileSync(path.join(FIXTURES, 'receipt.png')), 'image/png'],
      [fs.readFileSync(path.join(FIXTURES, 'delivery-note.pdf')), 'application/pdf'],
      [bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
      [bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
      [bytes('GIF87a', [1, 0, 1, 0]), 'image/gif'],
      [bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
      [ftyp('heic'), 'image/heic'],
      [ftyp('heix'), 'image/heic'],
      [ftyp('heif'), 'image/heif'],
      [ftyp('mif1'), 'image/heif'],
      [bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'image/tiff'],
      [bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'image/tiff'],
    ];
    for (const [b, mime] of cases) expect(sniffEvidence(b)).toMatchObject({ ok: true, mime });
  });

  it('names what a refused file looks like', () => {
    const cases: [Uint8Array, string][] = [
      [fs.readFileSync(path.join(FIXTURES, 'photo.jpg')), 'исполняемый файл Windows (EXE/DLL)'],
      [bytes([0x7f], 'ELF', [2, 1, 1]), 'исполняемый файл ELF'],
      [bytes('PK', [3, 4, 20, 0]), 'ZIP-архив (в том числе DOCX, XLSX)'],
      [bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'документ Microsoft Office 97–2003 (DOC, XLS)'],
      [bytes('BM', [0, 0, 0, 0]), 'изображение BMP (не поддерживается)'],
      [bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'SVG'],
      [bytes('<html><body>x</body></html>'), 'HTML/XML'],
      [bytes('visit_id,visit_date\r\nV-1,01.03.2026\r\n'), 'текст'],
      [ftyp('isom'), 'контейнер ISO BMFF «isom» (видео/AVIF)'],
      [new Uint8Array(0), 'пустой файл'],
      [bytes([0x00, 0x01, 0x02, 0x03, 0xfe]), 'неизвестный'],
    ];
    for (const [b, label] of cases) expect(sniffEvidence(b)).toEqual({ ok: false, label });
  });
});

describe('checkEvidence', () => {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

  it('hashes, keeps the content type found, and strips a data-URL prefix and folders from the name', () => {
    const png = fs.readFileSync(path.join(FIXTURES, 'receipt.png'));
    const c = checkEvidence({ fileName: 'C:\\fakepath\\чек.PNG', contentBase64: `data:image/jpeg;base64,${b64(png)}` });
    expect(c).toMatchObject({ fileName: 'чек.PNG', mime: 'image/png', size: png.length });
    expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(evidencePath('/data', c.sha256)).toBe(path.join('/data', 'evidence', c.sha256.slice(0, 2), c.sha256));
    expect(cleanFileName('a/b/\u0007x.pdf')).toBe('x.pdf');
  });

  it('refuses by size before decoding, exactly above 20 MB', () => {
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(() => checkEvidence({ fileName: 'big.png', contentBase64: b64(big) })).toThrow('Файл «big.png» больше 20 МБ');
    const limit = big.subarray(0, MAX_EVIDENCE_BYTES);
    expect(checkEvidence({ fileName: 'limit.png', contentBase64: b64(limit) }).size).toBe(MAX_EVIDENCE_BYTES);
  });

  it('refuses a renamed executable and broken base64', () => {
    const exe = fs.readFileSync(path.join(FIXTURES, 'photo.jpg'));
    expect(() => checkEvidence({ fileName: 'photo.jpg', contentBase64: b64(exe) })).toThrow(
      'Файл «photo.jpg» не похож на изображение или PDF (определён тип: исполняемый файл Windows (EXE/DLL))',
    );
    expect(() => checkEvidence({ fileName: 'x.png', contentBase64: '@@@' })).toThrow('Файл «x.png» передан повреждённым (ожидается base64)');
    expect(() => checkEvidence({ fileName: '  ', contentBase64: b64(exe) })).toThrow('У файла-доказательства нет имени');
  });
});
