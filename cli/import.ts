import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CallMeta, Core } from '../core/index';

// The CLI may import only core/index.ts, so the result shape it reads is restated here (see core/import/result.ts).
interface ImportSummary {
  rowsRead: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  committed: boolean;
  errors: { row: number; column: string; value: string; reason: string }[];
  reportXlsxBase64: string | null;
}

const COMMANDS: Record<string, string> = {
  skus: 'reference.importSkus',
  equipment: 'reference.importEquipment',
  counterparties: 'counterparties.importFile',
  outlets: 'outlets.importFile',
  contracts: 'contracts.importFile',
};

const USAGE = `Использование: mcm import ВИД ФАЙЛ\n  ВИД: ${Object.keys(COMMANDS).join(' | ')}\n`;
const SHOWN_ERRORS = 20;

/** `mcm import KIND FILE`: commits one file all-or-nothing; on errors writes FILE.errors.xlsx and exits 1. */
export async function cmdImport(core: Core, meta: CallMeta, args: string[]): Promise<number> {
  const [kind, file] = args;
  const command = kind === undefined ? undefined : COMMANDS[kind];
  if (!command || !file) {
    process.stderr.write((kind && !command ? `Неизвестный вид импорта: ${kind}\n` : '') + USAGE);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    process.stderr.write(`Не удалось открыть файл ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 1;
  }
  const input = { fileName: path.basename(file), contentBase64: bytes.toString('base64'), mode: 'commit' };
  const env = await core.invoke(command, input, meta);
  if (!env.ok) {
    process.stderr.write(`Ошибка: ${env.error.message}\n`);
    return env.error.code === 'unknown_command' ? 2 : 1;
  }
  const r = env.data as ImportSummary;
  process.stdout.write(
    `Прочитано строк: ${r.rowsRead}; добавлено: ${r.added}; обновлено: ${r.updated}; без изменений: ${r.unchanged}; отклонено: ${r.rejected}\n`,
  );
  if (r.errors.length === 0) {
    process.stdout.write(r.added + r.updated > 0 ? 'Импорт выполнен.\n' : 'Изменений нет: данные уже загружены.\n');
    return 0;
  }
  process.stderr.write(`Файл не загружен: ошибок ${r.errors.length}. Исправьте их и повторите импорт.\n`);
  for (const e of r.errors.slice(0, SHOWN_ERRORS)) {
    process.stderr.write(`  строка ${e.row}, «${e.column}»${e.value ? ` = «${e.value}»` : ''}: ${e.reason}\n`);
  }
  if (r.errors.length > SHOWN_ERRORS) process.stderr.write(`  … и ещё ${r.errors.length - SHOWN_ERRORS}\n`);
  if (r.reportXlsxBase64) {
    const reportPath = `${file}.errors.xlsx`;
    fs.writeFileSync(reportPath, Buffer.from(r.reportXlsxBase64, 'base64'));
    process.stderr.write(`Отчёт об ошибках: ${path.resolve(reportPath)}\n`);
  }
  return 1;
}
