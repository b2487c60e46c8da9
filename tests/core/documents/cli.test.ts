import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cmdDocuments } from '../../../cli/documents';
import { tempDir } from '../../helpers/core';
import { makeDocWorld } from './world';

afterEach(() => {
  vi.restoreAllMocks();
});

function capture(stream: NodeJS.WriteStream): () => string {
  let out = '';
  vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return () => out;
}

describe('mcm documents export', () => {
  it('generates what is missing and writes the month’s ZIP into the folder, warning about sellers without EDO id', async () => {
    const w = makeDocWorld();
    w.addRegistry('2026-09', 'approved', [
      { contract: 'A', payout: 9_000_000, vatRateBp: 2200, vat: 1_980_000 },
      { contract: 'C', payout: 3_000_000, vatRateBp: 2200, vat: 660_000 },
    ]);
    const out = capture(process.stdout);
    const err = capture(process.stderr);
    const dir = path.join(tempDir(), 'пакет');
    expect(await cmdDocuments(w.t.core, { system: true }, ['export'], { month: '2026-09', out: dir })).toBe(0);
    expect(out()).toContain('Сформировано за 2026-09: УПД 1, допсоглашений 1');
    expect(out()).toContain(`Пакет для Диадока: ${path.join(dir, 'diadoc-2026-09.zip')} (документов: 2, впервые выгружено: 2)`);
    expect(err()).toContain('Внимание: нет идентификатора ЭДО у ООО «Без ЭДО» (ИНН 6663003127)');
    const files = unzipSync(new Uint8Array(fs.readFileSync(path.join(dir, 'diadoc-2026-09.zip'))));
    expect(Object.keys(files).filter((n) => n.endsWith('.xml'))).toHaveLength(1);
    expect(Object.keys(files)).toContain('manifest.csv');
  });

  it('refuses a bad month or a missing folder with the usage line', async () => {
    const w = makeDocWorld();
    await expect(cmdDocuments(w.t.core, { system: true }, ['export'], { month: '2026-9', out: '/tmp' })).rejects.toThrow(/Использование: mcm documents/);
    await expect(cmdDocuments(w.t.core, { system: true }, ['export'], { month: '2026-09' })).rejects.toThrow(/--out|ПАПКА/);
  });
});
