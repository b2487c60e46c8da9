// `mcm registry build|approve|export --month YYYY-MM [--format 1c|xlsx] [--out FILE]`: payment registries from the
// command line. Approving and the 1C export are a financier's (payments.approve/export): run them with --user.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CallMeta, Core, Envelope } from '../core/index';
import { CliError, unwrap } from './session';

type Flags = Record<string, string | boolean | undefined>;

const USAGE = 'Использование: mcm [--user ЛОГИН] registry build|approve|export --month ГГГГ-ММ [--format 1c|xlsx] [--out ФАЙЛ]';

interface RegistryRow {
  id: number;
  number: string;
  status: 'draft' | 'approved' | 'exported' | 'paid';
  version: number;
  lineCount: number;
  totalPayout: number;
  totalVat: number;
  total: number;
}

interface FailedCheck {
  title: string;
  message?: string;
  count: number;
  lines: { contractNumber: string; counterpartyName: string; message: string }[];
}

// Kopecks as `1 234 567,89 ₽` with plain spaces (terminals render NBSP unevenly).
function rub(k: number): string {
  const abs = Math.abs(k);
  return `${k < 0 ? '-' : ''}${String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${String(abs % 100).padStart(2, '0')} ₽`;
}

// Refusals for lack of rights get a hint: the built-in system account is an administrator, not a financier.
function unwrapWithHint<T>(env: Envelope, action: string): T {
  if (!env.ok && env.error.code === 'forbidden') {
    throw new CliError(`${env.error.message}: ${action} может только финансист — запустите с --user ЛОГИН (пароль в MCM_PASSWORD)`);
  }
  return unwrap<T>(env);
}

async function registriesOfMonth(core: Core, meta: CallMeta, month: string): Promise<RegistryRow[]> {
  const page = unwrap<{ rows: RegistryRow[] }>(
    await core.invoke('payments.listRegistries', { filters: { month: { type: 'text', op: 'equals', value: month } }, sort: [{ col: 'id', dir: 'desc' }] }, meta),
  );
  return page.rows;
}

function printTotals(r: Pick<RegistryRow, 'lineCount' | 'totalPayout' | 'totalVat' | 'total'>): void {
  process.stdout.write(`Строк: ${r.lineCount}; без НДС: ${rub(r.totalPayout)}; НДС: ${rub(r.totalVat)}; итого: ${rub(r.total)}\n`);
}

/** Runs `mcm registry …`; returns the exit code. */
export async function cmdRegistry(core: Core, meta: CallMeta, args: string[], flags: Flags): Promise<number> {
  const action = args[0];
  const month = flags.month;
  if (!['build', 'approve', 'export'].includes(action ?? '') || typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new CliError(USAGE);
  }

  if (action === 'build') {
    const out = unwrapWithHint<RegistryRow & { registryId: number; rebuilt: boolean; adjustments: number; held: { name: string; inn: string; oldAccount: string | null; newAccount: string | null; changedAt: string }[] }>(
      await core.invoke('payments.buildRegistry', { month }, meta),
      'Формировать реестр',
    );
    process.stdout.write(`${out.rebuilt ? 'Пересобран' : 'Сформирован'} черновик реестра ${out.number} (корректировок: ${out.adjustments})\n`);
    printTotals(out);
    for (const h of out.held) {
      process.stdout.write(`Задержан: ${h.name} (ИНН ${h.inn}) — счёт ${h.oldAccount ?? '—'} → ${h.newAccount ?? '—'} изменён ${h.changedAt.slice(0, 10)}, ждёт подтверждения\n`);
    }
    return 0;
  }

  const rows = await registriesOfMonth(core, meta, month);
  if (action === 'approve') {
    const draft = rows.find((r) => r.status === 'draft');
    if (!draft) throw new CliError(`За ${month} нет черновика реестра: сначала mcm registry build --month ${month}`);
    const env = await core.invoke('payments.approveRegistry', { id: draft.id, version: draft.version }, meta);
    if (!env.ok && env.error.details?.checks) {
      process.stderr.write(`${env.error.message}\n`);
      for (const c of env.error.details.checks as FailedCheck[]) {
        process.stderr.write(`✗ ${c.title}${c.message ? `: ${c.message}` : ` (строк: ${c.count})`}\n`);
        for (const l of c.lines.slice(0, 10)) process.stderr.write(`    ${l.contractNumber} ${l.counterpartyName}: ${l.message}\n`);
        if (c.count > 10) process.stderr.write(`    … и ещё ${c.count - 10}\n`);
      }
      return 1;
    }
    const r = unwrapWithHint<RegistryRow>(env, 'Утверждать реестр');
    process.stdout.write(`Реестр ${r.number} утверждён\n`);
    printTotals(r);
    return 0;
  }

  const format = (flags.format as string | undefined) ?? 'xlsx';
  if (format !== 'xlsx' && format !== '1c') throw new CliError(`Формат «${format}» не поддерживается: xlsx или 1c`);
  // 1C takes the approved (or already exported) registry; XLSX the latest of the month in any status.
  const target = format === '1c' ? rows.find((r) => r.status === 'approved' || r.status === 'exported') : rows[0];
  if (!target) throw new CliError(format === '1c' ? `За ${month} нет утверждённого реестра` : `За ${month} нет реестров`);
  const file = unwrapWithHint<{ fileName: string; contentBase64: string }>(
    await core.invoke('payments.exportRegistry', { id: target.id, format }, meta),
    'Выгружать платёжные поручения в 1С',
  );
  const outPath = path.resolve((flags.out as string | undefined) ?? file.fileName);
  fs.writeFileSync(outPath, Buffer.from(file.contentBase64, 'base64'));
  process.stdout.write(`Реестр ${target.number} выгружен: ${outPath}\n`);
  return 0;
}
