// `mcm import signals FILE [--profile NAME]`: the daily visits/signals file, all-or-nothing; on errors the XLSX report is
// written next to the file so a scheduled job leaves something a person can open.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CallMeta, Core } from '../core/index';
import { CliError, unwrap } from './session';

/** The parts of the core's import result the CLI prints. */
interface SignalsImportResult {
  committed: boolean;
  rowsRead: number;
  added: number;
  duplicates: number;
  rejected: number;
  batchId: number | null;
  matched: number;
  unmatched: number;
  contractMonths: number;
  message: string;
  errors: { row: number; column: string; value: string; reason: string }[];
  reportXlsxBase64: string | null;
}

/** Path of the error report for an import file: `visits.csv` → `visits.errors.xlsx` in the same folder. */
export function errorReportPath(file: string): string {
  const dir = path.dirname(file);
  const base = path.basename(file, path.extname(file));
  return path.join(dir, `${base}.errors.xlsx`);
}

const SHOWN_ERRORS = 10;

/** Imports a visits/signals file and commits it; exit 0 with counts, or 1 with the path of the error report. */
export async function cmdImportSignals(
  core: Core,
  meta: CallMeta,
  file: string | undefined,
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  if (!file) throw new CliError('Использование: mcm import signals ФАЙЛ [--profile ИМЯ]');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new CliError(`Не удалось открыть файл «${file}»: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const input = {
    fileName: path.basename(file),
    contentBase64: bytes.toString('base64'),
    mode: 'commit',
    ...(typeof flags.profile === 'string' ? { profile: flags.profile } : {}),
  };
  const r = unwrap<SignalsImportResult>(await core.invoke('signals.importFile', input, meta));
  if (r.committed) {
    process.stdout.write(
      `${r.message}\nПакет №${r.batchId}: прочитано ${r.rowsRead}, добавлено ${r.added}, дубликатов ${r.duplicates}, ` +
        `отклонено ${r.rejected}; сопоставлено ${r.matched}, не сопоставлено ${r.unmatched}; пересчитано договоро-месяцев ${r.contractMonths}\n`,
    );
    return 0;
  }
  process.stderr.write(`${r.message}\n`);
  for (const e of r.errors.slice(0, SHOWN_ERRORS)) {
    process.stderr.write(`  строка ${e.row}, «${e.column}» = «${e.value}»: ${e.reason}\n`);
  }
  if (r.errors.length > SHOWN_ERRORS) process.stderr.write(`  … и ещё ${r.errors.length - SHOWN_ERRORS}\n`);
  if (r.reportXlsxBase64) {
    const report = errorReportPath(file);
    fs.writeFileSync(report, Buffer.from(r.reportXlsxBase64, 'base64'));
    process.stderr.write(`Отчёт об ошибках: ${report}\n`);
    process.stdout.write(`${report}\n`);
  }
  return 1;
}
