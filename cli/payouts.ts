// `mcm payouts --month YYYY-MM --format csv`: the payout listing of DOMAIN.md, for scheduled exports and checks.
import type { CallMeta, Core } from '../core/index';
import { CliError, unwrap } from './session';

/** A line of `penalties.payouts`, as the core returns it. */
interface PayoutLine {
  contractNo: string;
  month: string;
  monthFee: number;
  penaltyPercent: string;
  penalty: number;
  payout: number;
  vat: number;
  payoutTotal: number;
}

/** The exact header line of the payout CSV (DOMAIN.md). */
export const PAYOUTS_HEADER = 'contract_no,month,month_fee,penalty_percent,penalty,payout,vat,payout_total';

// Contract numbers are plain (`MK-2026-000123`), but a hand-made one with a comma or quote must not break the CSV.
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Prints the payout listing of a month as CSV (money in integer kopecks, sorted by contract number); returns the exit code. */
export async function cmdPayouts(core: Core, meta: CallMeta, flags: Record<string, string | boolean | undefined>): Promise<number> {
  const month = flags.month;
  if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new CliError('Использование: mcm payouts --month ГГГГ-ММ [--format csv]');
  }
  const format = (flags.format as string | undefined) ?? 'csv';
  if (format !== 'csv') throw new CliError(`Формат «${format}» не поддерживается: только csv`);
  const data = unwrap<{ lines: PayoutLine[] }>(await core.invoke('penalties.payouts', { month }, meta));
  const out = [PAYOUTS_HEADER];
  for (const l of data.lines) {
    out.push(
      [csvCell(l.contractNo), l.month, l.monthFee, l.penaltyPercent, l.penalty, l.payout, l.vat, l.payoutTotal].join(','),
    );
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
