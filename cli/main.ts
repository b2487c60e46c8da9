import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CallMeta, Core } from '../core/index';
import { defaultDbPath } from '../core/startup';
import { checkListen, ListenError, parseListen, startServer, startWorkerCore, type ServerOptions } from '../server/http';
import { cmdAuditVerify, cmdBackup, cmdRestore, dailyBackupInBackground, startupRestore } from './backup';
import { cmdContracts } from './contracts';
import { cmdDocuments } from './documents';
import { cmdImport } from './import';
import { cmdPayouts } from './payouts';
import { cmdRegistry } from './registry';
import { cmdImportSignals } from './signals';
import { CliError, signIn, unwrap } from './session';
import { formatTable } from './table';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const HELP = `mcm — MCM из командной строки

Использование: mcm [--db ПУТЬ] [--user ЛОГИН] <команда> [параметры]

Команды:
  serve [--port N] [--demo-if-empty]   браузерная версия на 127.0.0.1 (печатает адрес с ключом запуска)
  serve --listen ХОСТ:ПОРТ [--tls-cert ФАЙЛ --tls-key ФАЙЛ]
                                        командный сервер: вход по паролям, без ключа запуска;
                                        без TLS — только 127.0.0.1/localhost/::1
  demo [--scale small|large] [--seed N] загрузить демо-данные в пустую базу
  audit [--limit N] [--command ИМЯ] [--login ЛОГИН]
                                        журнал аудита, новые записи сверху
  audit verify                          проверить цепочку хешей журнала аудита (код 1 — журнал изменён)
  backup                                резервная копия базы в папку backups/ рядом с базой
  restore ФАЙЛ                          заменить базу проверенной копией (текущая сохраняется)
  settings get КЛЮЧ | set КЛЮЧ ЗНАЧЕНИЕ | list
                                        настройки компании (реквизиты)
  import skus|equipment|counterparties|outlets|contracts ФАЙЛ
                                        импорт из XLSX/CSV (всё или ничего; отчёт об ошибках рядом с файлом)
  import signals ФАЙЛ [--profile ИМЯ]   ежедневный файл визитов и сигналов (партия с журналом)
  payouts --month ГГГГ-ММ [--format csv]
                                        выплаты по договорам за месяц (копейки целыми числами)
  documents generate|export --month ГГГГ-ММ [--out ПАПКА]
                                        УПД и допсоглашения за месяц; export пишет ZIP-пакет для Диадока
  registry build|approve|export --month ГГГГ-ММ [--format xlsx|1c] [--out ФАЙЛ]
                                        реестр выплат: сформировать, утвердить (финансист, --user), выгрузить
  contracts list [--status S] [--format csv|table]
                                        список договоров
  commands                              список команд ядра

Общие параметры:
  --db ПУТЬ      файл базы (по умолчанию MCM_DB или ${defaultDbPath()})
  --user ЛОГИН   действовать от имени пользователя (или MCM_USER); пароль берётся
                 из MCM_PASSWORD или спрашивается. Без --user команды выполняются
                 от встроенной учётной записи system (администратор, локальная база)
  -h, --help     эта справка
  --version      версия
`;

type Flags = Record<string, string | boolean | undefined>;

/** Runs fn as the named user (--user / MCM_USER, signed in with a password) or else as the built-in system account. */
async function withSignIn<T>(core: Core, flags: Flags, fn: (meta: CallMeta) => Promise<T>): Promise<T> {
  const login = (flags.user as string | undefined) ?? process.env.MCM_USER;
  if (!login) return fn({ system: true });
  const session = await signIn(core, login);
  try {
    return await fn({ session });
  } finally {
    await core.invoke('session.signOut', {}, { session });
  }
}

/** Where and how `serve` listens: local (127.0.0.1 + launch token) or team (--listen, passwords, TLS off loopback). */
function serveOptions(flags: Flags): Pick<ServerOptions, 'port' | 'team'> {
  const cert = flags['tls-cert'] as string | undefined;
  const key = flags['tls-key'] as string | undefined;
  if (!!cert !== !!key) throw new CliError('Для TLS укажите оба параметра: --tls-cert ФАЙЛ и --tls-key ФАЙЛ');
  if (!flags.listen) {
    if (cert) throw new CliError('TLS включается только вместе с --listen ХОСТ:ПОРТ');
    return { port: flags.port ? Number(flags.port) : 0 };
  }
  const addr = parseListen(flags.listen as string);
  const tls = cert && key ? { cert: fs.readFileSync(cert), key: fs.readFileSync(key) } : undefined;
  return { port: addr.port, team: { host: addr.host, tls } };
}

// The server runs the core in worker threads (server/workerCore.ts), so it opens no store on this thread.
async function cmdServe(dbPath: string, flags: Flags): Promise<number> {
  let where: Pick<ServerOptions, 'port' | 'team'>;
  try {
    where = serveOptions(flags);
  } catch (e) {
    if (e instanceof ListenError || e instanceof CliError) return process.stderr.write(`Ошибка: ${e.message}\n`), 2;
    throw e;
  }
  if (where.team) {
    try {
      // Refuse before opening anything: the same check startServer makes, with the message for the console.
      checkListen({ host: where.team.host, port: where.port ?? 0 }, !!where.team.tls);
    } catch (e) {
      if (e instanceof ListenError) return process.stderr.write(`Ошибка: ${e.message}\n`), 2;
      throw e;
    }
  }
  // Only once the address is accepted: a refused start should leave the store (and its backups) untouched.
  await startupRestore(dbPath);
  const core = await startWorkerCore({ dbPath, osUser: os.userInfo().username, appVersion: VERSION });
  try {
    if (flags['demo-if-empty']) {
      const info = unwrap<{ hasUsers: boolean }>(await core.invoke('session.info', {}));
      if (!info.hasUsers) {
        process.stdout.write('База пуста: загружаю демо-данные…\n');
        unwrap(await core.invoke('demo.load', { scale: 'small' }));
      }
    }
    const token = where.team ? undefined : ((flags.token as string | undefined) ?? process.env.MCM_SERVER_TOKEN ?? randomBytes(24).toString('base64url'));
    const server = await startServer({ core, staticDir: path.join(ROOT, 'dist'), token, ...where });
    const mode = where.team ? 'Командный сервер MCM (вход по паролям)' : 'MCM открыт в браузерной версии';
    process.stdout.write(`${mode}: ${server.url}\nБаза: ${dbPath}\n`);
    // After the first answers, on a thread of its own: a large store takes seconds to copy.
    const backup = dailyBackupInBackground(dbPath);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await backup;
    return 0;
  } finally {
    await core.shutdown();
  }
}

async function cmdDemo(core: Core, flags: Flags): Promise<number> {
  const scale = (flags.scale as string | undefined) ?? 'small';
  const started = Date.now();
  const info = unwrap<{ hasUsers: boolean }>(await core.invoke('session.info', {}));
  const input = { scale, ...(flags.seed ? { seed: Number(flags.seed) } : {}) };
  const summary = info.hasUsers
    ? await withSignIn(core, flags, async (meta) => unwrap(await core.invoke('demo.load', input, meta)))
    : unwrap(await core.invoke('demo.load', input));
  process.stdout.write(`Демо-данные загружены за ${((Date.now() - started) / 1000).toFixed(1)} с: ${JSON.stringify(summary)}\n`);
  return 0;
}

async function cmdAudit(core: Core, flags: Flags): Promise<number> {
  const filters: Record<string, unknown> = {};
  if (flags.command) filters.command = { type: 'text', op: 'equals', value: flags.command };
  if (flags.login) filters.userLogin = { type: 'text', op: 'equals', value: flags.login };
  const page = await withSignIn(core, flags, async (meta) =>
    unwrap<{ rows: Record<string, unknown>[]; total: number }>(
      await core.invoke('audit.list', { limit: Number(flags.limit ?? 50), filters }, meta),
    ),
  );
  process.stdout.write(formatTable(page.rows, ['id', 'at', 'userLogin', 'command', 'entity', 'entityId']) + '\n');
  process.stdout.write(`Показано ${page.rows.length} из ${page.total}\n`);
  return 0;
}

async function cmdSettings(core: Core, flags: Flags, args: string[]): Promise<number> {
  const [action, key, ...rest] = args;
  return withSignIn(core, flags, async (meta) => {
    if (action === 'get' && key) {
      const data = unwrap<{ value: string | null }>(await core.invoke('settings.get', { key }, meta));
      process.stdout.write((data.value ?? '') + '\n');
      return data.value === null ? 1 : 0;
    }
    if (action === 'set' && key && rest.length > 0) {
      unwrap(await core.invoke('settings.set', { key, value: rest.join(' ') }, meta));
      process.stdout.write(`Сохранено: ${key}\n`);
      return 0;
    }
    if (action === 'list' || action === undefined) {
      const rows = unwrap<Record<string, unknown>[]>(await core.invoke('settings.list', {}, meta));
      process.stdout.write(formatTable(rows, ['key', 'value', 'label']) + '\n');
      return 0;
    }
    throw new CliError('Использование: mcm settings get КЛЮЧ | set КЛЮЧ ЗНАЧЕНИЕ | list');
  });
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        user: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        port: { type: 'string' },
        listen: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        token: { type: 'string' },
        'demo-if-empty': { type: 'boolean' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        limit: { type: 'string' },
        command: { type: 'string' },
        login: { type: 'string' },
        status: { type: 'string' },
        format: { type: 'string' },
        profile: { type: 'string' },
        month: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const flags = parsed.values as Flags;
  const [cmd, ...args] = parsed.positionals;
  if (flags.version) return process.stdout.write(VERSION + '\n'), 0;
  if (flags.help || !cmd) return process.stdout.write(HELP), flags.help ? 0 : 2;

  const dbPath = (flags.db as string | undefined) ?? defaultDbPath();
  fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  if (cmd === 'serve') {
    try {
      return await cmdServe(dbPath, flags);
    } catch (e) {
      process.stderr.write(`Ошибка: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  if (cmd === 'restore') {
    // Before any connection is opened: the file is replaced underneath.
    try {
      return await cmdRestore(dbPath, args[0], (flags.user as string | undefined) ?? os.userInfo().username);
    } catch (e) {
      process.stderr.write(`Ошибка: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }
  let opened: Core | undefined;
  try {
    // Loaded only here: `serve` runs the core in worker threads, and its own start should not compile it too.
    const { openCore } = await import('../core/index');
    const core = openCore({ dbPath, osUser: os.userInfo().username, appVersion: VERSION });
    opened = core;
    switch (cmd) {
      case 'demo':
        return await cmdDemo(core, flags);
      case 'audit':
        if (args[0] === 'verify') return await withSignIn(core, flags, (meta) => cmdAuditVerify(core, meta));
        return await cmdAudit(core, flags);
      case 'backup':
        return await withSignIn(core, flags, (meta) => cmdBackup(core, meta));
      case 'settings':
        return await cmdSettings(core, flags, args);
      case 'import':
        // Visits are the daily job with their own batch journal and mapping profiles; the rest share one importer.
        if (args[0] === 'signals' || args[0] === 'visits') {
          return await withSignIn(core, flags, (meta) => cmdImportSignals(core, meta, args[1], flags));
        }
        return await withSignIn(core, flags, (meta) => cmdImport(core, meta, args));
      case 'payouts':
        return await withSignIn(core, flags, (meta) => cmdPayouts(core, meta, flags));
      case 'registry':
        return await withSignIn(core, flags, (meta) => cmdRegistry(core, meta, args, flags));
      case 'contracts':
        return await withSignIn(core, flags, (meta) => cmdContracts(core, meta, args, flags));
      case 'documents':
        return await withSignIn(core, flags, (meta) => cmdDocuments(core, meta, args, flags));
      case 'commands':
        process.stdout.write(core.commandNames().join('\n') + '\n');
        return 0;
      default:
        process.stderr.write(`Неизвестная команда: ${cmd}\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    process.stderr.write(`Ошибка: ${e instanceof Error && (e instanceof CliError || e.name === 'DomainError') ? e.message : String(e)}\n`);
    return 1;
  } finally {
    opened?.close();
  }
}
