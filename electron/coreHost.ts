// Entry of the Electron utility process that owns the store: better-sqlite3 blocks its thread, so not main's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MessageEvent, ParentPort } from 'electron';
import { applyScheduledRestore, copyStore, copyStoreOffThread, DomainError, openCore, takeDailyBackup } from '../core/index';
import { CORE_ENV, type CoreRequest, type FromCore } from './coreProtocol';
import { createRequestServer, type HostState } from './coreRequests';

type LogSink = NonNullable<Parameters<typeof openCore>[0]['logSink']>;

// Electron sets process.parentPort only inside a utility process; typed loosely so plain Node can load the bundle.
const port = (process as unknown as { parentPort?: ParentPort }).parentPort;

interface HostLog {
  sink: LogSink;
  /** Resolves once every line written so far is on disk; called before exit, which would drop them. */
  close(): Promise<void>;
}

function openLog(file: string | undefined): HostLog {
  const line = (level: string, module: string, msg: string, data?: Record<string, unknown>): string =>
    JSON.stringify({ t: new Date().toISOString(), level, module, msg, pid: process.pid, ...data }) + '\n';
  if (!file) {
    return { sink: (level, module, msg, data) => void process.stderr.write(line(level, module, msg, data)), close: async () => {} };
  }
  // A stream, not appendFileSync: logging never blocks a command. The folder is made first.
  const stream = fs.promises.mkdir(path.dirname(file), { recursive: true }).then(() => fs.createWriteStream(file, { flags: 'a' }));
  let last: Promise<unknown> = stream.catch(() => undefined);
  return {
    sink: (level, module, msg, data) => {
      const text = line(level, module, msg, data);
      last = stream.then(
        (s) => new Promise((resolve) => s.write(text, resolve)),
        () => process.stderr.write(text),
      );
    },
    close: async () => {
      await last;
      const s = await stream.catch(() => null);
      if (s) await new Promise((resolve) => s.end(resolve));
    },
  };
}

/** Opens the core from the environment main set; a failure becomes the answer to every request, not a crash loop. */
async function start(sink: LogSink): Promise<HostState> {
  const dbPath = process.env[CORE_ENV.dbPath];
  try {
    if (!dbPath) throw new Error(`${CORE_ENV.dbPath} is not set`);
    await fs.promises.mkdir(path.dirname(dbPath), { recursive: true });
    const failed = (what: string) => (e: unknown) => sink('error', 'coreHost', what, { error: e instanceof Error ? e.stack : String(e) });
    // A scheduled restore happens before the store is opened; failures only get logged.
    await applyScheduledRestore(dbPath, new Date()).then(
      (r) => (r.restored || r.restoreError) && sink(r.restoreError ? 'error' : 'info', 'coreHost', 'scheduled restore', { restored: r.restored?.restoredFrom, restoreError: r.restoreError }),
      failed('scheduled restore failed'),
    );
    const core = openCore({
      dbPath,
      osUser: process.env[CORE_ENV.osUser] ?? '',
      appVersion: process.env[CORE_ENV.appVersion] ?? '0.0.0',
      logSink: sink,
    });
    // The day's automatic backup after the store is open, copied on a thread of its own: on a large store it takes
    // seconds, and the window should not wait for it. Should a worker thread not start inside the packaged app, the
    // copy is made here, in steps, instead.
    const copy = (target: string) =>
      copyStoreOffThread(dbPath, target).catch((e: unknown) => {
        failed('backup thread failed, copying in the core process')(e);
        fs.rmSync(target, { force: true });
        return copyStore(dbPath, target);
      });
    void takeDailyBackup(dbPath, new Date(), copy).then(
      (r) => r && sink('info', 'coreHost', 'daily backup', { backup: r.file.name }),
      failed('daily backup failed'),
    );
    return { core };
  } catch (e) {
    sink('error', 'coreHost', 'cannot open store', { dbPath, error: e instanceof Error ? e.stack : String(e) });
    // A DomainError (e.g. db_too_new) already carries a Russian message fit for the user.
    if (e instanceof DomainError) return { core: null, failure: { ok: false, error: { code: e.code, message: e.message } } };
    return {
      core: null,
      failure: { ok: false, error: { code: 'internal', message: 'Не удалось открыть базу данных. Подробности в журнале программы.' } },
    };
  }
}

function isRequest(msg: unknown): msg is CoreRequest {
  const m = msg as { id?: unknown; name?: unknown } | null;
  return typeof m === 'object' && m !== null && Number.isInteger(m.id) && typeof m.name === 'string';
}

/** Serves `{id, name, input, session}` requests from main (replies, progress, live events) until told to shut down. */
function serve(parent: ParentPort): void {
  const log = openLog(process.env[CORE_ENV.logFile]);
  const sink = log.sink;
  const ready = start(sink);
  const handle = createRequestServer({ ready, post: (msg: FromCore) => parent.postMessage(msg), sink });

  parent.on('message', (e: MessageEvent) => {
    const msg: unknown = e.data;
    if ((msg as { type?: unknown } | null)?.type === 'shutdown') {
      void ready
        .then((state) => state.core?.close())
        .catch((err: unknown) => sink('error', 'coreHost', 'close failed', { error: err instanceof Error ? err.stack : String(err) }))
        .then(() => log.close())
        .finally(() => process.exit(0));
      return;
    }
    if (!isRequest(msg)) return;
    void handle({
      id: msg.id,
      name: msg.name,
      input: msg.input,
      session: typeof msg.session === 'string' ? msg.session : undefined,
      progress: msg.progress === true,
      background: msg.background === true,
    }).catch((err: unknown) => sink('error', 'coreHost', 'reply failed', { command: msg.name, error: err instanceof Error ? err.stack : String(err) }));
  });
}

if (port) {
  serve(port);
} else {
  process.stderr.write('coreHost: must run as an Electron utility process (process.parentPort is missing)\n');
  process.exitCode = 1;
}
