// `mcm documents generate|export --month YYYY-MM [--out DIR]`: the month's UPDs and agreements, and the Diadoc package.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CallMeta, Core } from '../core/index';
import { CliError, unwrap } from './session';

const USAGE = 'Использование: mcm documents generate --month ГГГГ-ММ | export --month ГГГГ-ММ --out ПАПКА';

interface GenerateResult {
  upd: number;
  supplements: number;
  skipped: { kind: string; counterparty: string; reason: string }[];
}

/** Runs a documents subcommand; returns the exit code. */
export async function cmdDocuments(core: Core, meta: CallMeta, args: string[], flags: Record<string, string | boolean | undefined>): Promise<number> {
  const [action] = args;
  const month = flags.month;
  if ((action !== 'generate' && action !== 'export') || typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError(USAGE);
  if (action === 'export' && typeof flags.out !== 'string') throw new CliError(USAGE);

  // The package holds what is generated, so export first makes whatever is still missing.
  const g = unwrap<GenerateResult>(await core.invoke('documents.generateMonth', { month }, meta));
  process.stdout.write(`Сформировано за ${month}: УПД ${g.upd}, допсоглашений ${g.supplements}\n`);
  for (const s of g.skipped) process.stderr.write(`Пропущено (${s.kind}, ${s.counterparty}): ${s.reason}\n`);
  if (action === 'generate') return 0;

  const missing = unwrap<{ companyMissing: boolean; counterparties: { name: string; inn: string }[] }>(await core.invoke('documents.missingEdo', { month }, meta));
  for (const c of missing.counterparties) process.stderr.write(`Внимание: нет идентификатора ЭДО у ${c.name} (ИНН ${c.inn})\n`);
  const pack = unwrap<{ fileName: string; contentBase64: string; count: number; newlyExported: number }>(
    await core.invoke('documents.exportPackage', { month }, meta),
  );
  const out = path.resolve(flags.out as string);
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, pack.fileName);
  fs.writeFileSync(file, Buffer.from(pack.contentBase64, 'base64'));
  process.stdout.write(`Пакет для Диадока: ${file} (документов: ${pack.count}, впервые выгружено: ${pack.newlyExported})\n`);
  return 0;
}
