import type { CallMeta, Core } from '../core/index';
import { CliError, unwrap } from './session';
import { formatTable } from './table';

interface ListRow {
  number: string;
  counterpartyInn: string;
  counterpartyName: string;
  category: string;
  startDate: string;
  endDate: string;
  status: string;
  statusName: string;
  monthlyFee: number | null;
  regionName: string | null;
}

const PAGE = 1000;
const CSV_HEADER = 'contract_no,counterparty_inn,category,start_date,end_date,status,monthly_fee';
const USAGE = 'Использование: mcm contracts list [--status S] [--format csv|table]';

/** Quotes a CSV field only when it needs it (RFC 4180). */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Every contract the caller may see, page by page through `contracts.list`, sorted by number. */
async function allRows(core: Core, meta: CallMeta, status: string | undefined): Promise<ListRow[]> {
  const filters = status ? { status: { type: 'set', values: status.split(',').map((s) => s.trim()) } } : {};
  const out: ListRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = unwrap<{ rows: ListRow[]; total: number }>(
      await core.invoke('contracts.list', { offset, limit: PAGE, sort: [{ col: 'number', dir: 'asc' }], filters }, meta),
    );
    out.push(...page.rows);
    if (page.rows.length < PAGE || out.length >= page.total) return out;
  }
}

/** `mcm contracts list [--status S] [--format csv|table]`: the contracts list as CSV (kopecks as integers) or a table. */
export async function cmdContracts(core: Core, meta: CallMeta, args: string[], flags: Record<string, string | boolean | undefined>): Promise<number> {
  const [action] = args;
  if (action !== 'list') throw new CliError(USAGE);
  const format = (flags.format as string | undefined) ?? 'table';
  if (format !== 'csv' && format !== 'table') throw new CliError(`Неизвестный формат «${format}». ${USAGE}`);
  const rows = await allRows(core, meta, flags.status as string | undefined);
  if (format === 'csv') {
    const lines = [CSV_HEADER];
    for (const r of rows) {
      lines.push(
        [r.number, r.counterpartyInn, r.category, r.startDate, r.endDate, r.status, r.monthlyFee === null ? '' : String(r.monthlyFee)]
          .map(csvField)
          .join(','),
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  }
  const table = rows.map((r) => ({
    ...r,
    // Kopecks shown as rubles with two decimals, computed on integers so no float rounding creeps in.
    fee: r.monthlyFee === null ? '' : `${Math.trunc(r.monthlyFee / 100)}.${String(r.monthlyFee % 100).padStart(2, '0')}`,
  }));
  process.stdout.write(formatTable(table, ['number', 'counterpartyInn', 'counterpartyName', 'category', 'startDate', 'endDate', 'statusName', 'fee', 'regionName']) + '\n');
  process.stdout.write(`Всего договоров: ${rows.length}\n`);
  return 0;
}
