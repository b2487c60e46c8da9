import type { CallMeta, Core } from '../core/index';

/** `mcm import KIND FILE`: filled by the master-data import work. */
export async function cmdImport(_core: Core, _meta: CallMeta, _args: string[]): Promise<number> {
  process.stderr.write('Импорт из командной строки ещё не подключён\n');
  return 2;
}
