import type { CallMeta, Core } from '../core/index';

/** `mcm contracts list …`: filled by the contracts work. */
export async function cmdContracts(_core: Core, _meta: CallMeta, _args: string[], _flags: Record<string, string | boolean | undefined>): Promise<number> {
  process.stderr.write('Команда contracts ещё не подключена\n');
  return 2;
}
