import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cmdImport } from '../../../cli/import';
import { dumpTable, tempDir, testCore } from '../../helpers/core';
import { FIXTURES_DIR, TEMPLATES_DIR } from './files';

let out = '';
let err = '';
beforeEach(() => {
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const copy = (from: string, dir: string) => {
  const to = path.join(dir, path.basename(from));
  fs.copyFileSync(from, to);
  return to;
};

describe('mcm import KIND FILE', () => {
  it('commits a file and prints the counts in Russian; a second run says nothing changed', async () => {
    const t = testCore();
    const file = copy(path.join(TEMPLATES_DIR, 'counterparties.xlsx'), tempDir());
    expect(await cmdImport(t.core, { system: true }, ['counterparties', file])).toBe(0);
    expect(out).toBe('Прочитано строк: 3; добавлено: 3; обновлено: 0; без изменений: 0; отклонено: 0\nИмпорт выполнен.\n');
    out = '';
    expect(await cmdImport(t.core, { system: true }, ['counterparties', file])).toBe(0);
    expect(out).toContain('Изменений нет: данные уже загружены.');
    expect(await cmdImport(t.core, { system: true }, ['outlets', copy(path.join(TEMPLATES_DIR, 'outlets.xlsx'), tempDir())])).toBe(0);
    for (const kind of ['skus', 'equipment']) {
      expect(await cmdImport(t.core, { system: true }, [kind, copy(path.join(TEMPLATES_DIR, `${kind}.xlsx`), tempDir())])).toBe(0);
    }
    expect(dumpTable(t.dbPath, 'import_batches').map((b) => b.kind)).toEqual(['counterparties', 'outlets', 'skus', 'equipment']);
    t.core.close();
  });

  it('on errors writes FILE.errors.xlsx next to the file, lists the errors and exits 1', async () => {
    const t = testCore();
    const file = copy(path.join(FIXTURES_DIR, 'counterparties-one-bad-row.xlsx'), tempDir());
    expect(await cmdImport(t.core, { system: true }, ['counterparties', file])).toBe(1);
    const report = `${file}.errors.xlsx`;
    expect(fs.existsSync(report)).toBe(true);
    expect(err).toContain('Файл не загружен: ошибок 2');
    expect(err).toContain('строка 3, «inn» = «6315009873»: Неверная контрольная сумма ИНН');
    expect(err).toContain(`Отчёт об ошибках: ${path.resolve(report)}`);
    expect(dumpTable(t.dbPath, 'counterparties')).toEqual([]);
    t.core.close();
  });

  it('exits 1 on an unreadable or missing file and 2 on an unknown kind', async () => {
    const t = testCore();
    expect(await cmdImport(t.core, { system: true }, ['counterparties', copy(path.join(FIXTURES_DIR, 'counterparties-truncated.xlsx'), tempDir())])).toBe(1);
    expect(err).toContain('файл повреждён или обрезан');
    expect(await cmdImport(t.core, { system: true }, ['counterparties', '/nonexistent/file.csv'])).toBe(1);
    expect(await cmdImport(t.core, { system: true }, ['banks', 'x.csv'])).toBe(2);
    expect(err).toContain('Неизвестный вид импорта: banks');
    expect(await cmdImport(t.core, { system: true }, [])).toBe(2);
    t.core.close();
  });
});
