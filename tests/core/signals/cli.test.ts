// `mcm import signals FILE`: exit codes, the printed counts and the error report written next to the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cmdImportSignals, errorReportPath } from '../../../cli/signals';
import { tempDir } from '../../helpers/core';
import { makeSignalsWorld, MARCH_ROWS, toCsv } from './world';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  return { out, err };
}
afterEach(() => {
  vi.restoreAllMocks();
});

describe('mcm import signals', () => {
  it('exits 0 with the counts', async () => {
    const w = makeSignalsWorld();
    const file = path.join(tempDir(), 'visits_2026-03.csv');
    fs.writeFileSync(file, toCsv(MARCH_ROWS));
    const io = capture();
    const rc = await cmdImportSignals(w.t.core, { system: true }, file, {});
    vi.restoreAllMocks();
    expect(rc).toBe(0);
    expect(io.out.join('')).toContain('прочитано 12, добавлено 12, дубликатов 0, отклонено 0; сопоставлено 7, не сопоставлено 4');
    const again = capture();
    expect(await cmdImportSignals(w.t.core, { system: true }, file, {})).toBe(0);
    vi.restoreAllMocks();
    expect(again.out.join('')).toContain('Новых строк нет');
  });

  it('exits 1 and writes the XLSX error report next to the file', async () => {
    const w = makeSignalsWorld();
    const dir = tempDir();
    const file = path.join(dir, 'bad visits.csv');
    const rows = MARCH_ROWS.map((r) => [...r]);
    rows[3][2] = 'TT-777';
    fs.writeFileSync(file, toCsv(rows));
    const io = capture();
    const rc = await cmdImportSignals(w.t.core, { system: true }, file, {});
    vi.restoreAllMocks();
    expect(rc).toBe(1);
    const report = errorReportPath(file);
    expect(report).toBe(path.join(dir, 'bad visits.errors.xlsx'));
    expect(io.out.join('')).toBe(report + '\n');
    expect(io.err.join('')).toContain('строка 4, «outlet_code» = «TT-777»: Неизвестный код торговой точки');
    expect(fs.readFileSync(report).subarray(0, 2).toString()).toBe('PK');
    expect(w.db.prepare('SELECT count(*) FROM signals').pluck().get()).toBe(0);
  });

  it('passes a profile name and fails clearly on a missing file', async () => {
    const w = makeSignalsWorld();
    const file = path.join(tempDir(), 'p.csv');
    fs.writeFileSync(file, toCsv([['Номер', 'Когда', 'Магазин'], ['P-1', '03.03.2026', 'TT-001']], ';'));
    await w.ok('asst', 'signals.saveProfile', { name: 'П', mapping: { visit_id: 'Номер', visit_date: 'Когда', outlet_code: 'Магазин' } });
    capture();
    expect(await cmdImportSignals(w.t.core, { system: true }, file, { profile: 'П' })).toBe(0);
    await expect(cmdImportSignals(w.t.core, { system: true }, path.join(tempDir(), 'none.csv'), {})).rejects.toThrow('Не удалось открыть файл');
    await expect(cmdImportSignals(w.t.core, { system: true }, undefined, {})).rejects.toThrow('mcm import signals');
    await expect(cmdImportSignals(w.t.core, { system: true }, file, { profile: 'Нет' })).rejects.toThrow('не найден');
  });
});
