// The core behind the server, off the HTTP thread: one writer worker runs every mutation (SQLite has one writer
// anyway) and reader workers run queries on their own connections, so grids stay fast while an import writes.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CallMeta, Core, Envelope } from '../core/index';
import type { WorkerInit, WorkerMessage, WorkerRequest } from './workerProtocol';
import { WriterQueue } from './writerQueue';

export interface WorkerCoreOptions {
  dbPath: string;
  osUser: string;
  appVersion: string;
  /** Reader workers for queries; default: one per spare CPU, at least 2, at most 4. */
  readers?: number;
}

/** The core door plus an orderly stop that waits for the workers to close the store. */
export interface WorkerCore extends Core {
  shutdown(): Promise<void>;
}

// Defined (true) only in the dist-server bundle (scripts/build-server.mjs): the bundled server starts the bundled
// worker; from the sources (tsx, vitest) a worker needs the bootstrap that registers tsx in its thread.
declare const __MCM_SERVER_BUNDLE__: boolean | undefined;
const BOOTSTRAP =
  typeof __MCM_SERVER_BUNDLE__ !== 'undefined' && __MCM_SERVER_BUNDLE__
    ? new URL('../dist-server/coreWorker.mjs', import.meta.url)
    : new URL('../bin/mcm-core-worker.mjs', import.meta.url);

const LOST: Envelope = { ok: false, error: { code: 'internal', message: 'Ядро перезапускается, повторите действие' } };

// Mutations that hold the writer for seconds on a large store: file imports, recomputes, bulk edits, restores. Short
// mutations may overtake them in the writer's queue (server/writerQueue.ts).
const LONG_MUTATION = /\.(import\w*|bulk\w*|recompute|rollbackBatch|generateMonth|exportPackage|exportRegistry|buildRegistry|refreshStatuses|restore)$|^demo\./;

/** Whether a mutation may keep the writer busy long enough that short ones should not wait behind it. */
export function isLongMutation(name: string): boolean {
  return LONG_MUTATION.test(name);
}

// Sign-in verifies the password before its transaction, off the writer's thread (core/session/commands.ts): it goes
// to the writer at once, so its scrypt does not take the writer's turn from everyone else.
const NOT_QUEUED = new Set(['session.signIn']);

interface Pending {
  resolve(envelope: Envelope): void;
  progress?: CallMeta['progress'];
}

/** One worker thread with its own connection, its requests in flight and a restart after a crash. */
class CoreThread {
  private worker!: Worker;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = false;
  /** The worker has exited and its replacement is not up yet: requests are answered LOST, not posted into the void. */
  private exited = false;
  ready!: Promise<Record<string, 'query' | 'mutation'>>;

  constructor(private readonly init: WorkerInit) {
    this.spawn();
  }

  get load(): number {
    return this.pending.size;
  }

  private spawn(): void {
    const worker = new Worker(BOOTSTRAP, { workerData: this.init });
    this.worker = worker;
    this.exited = false;
    this.loaded = false;
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'loaded') {
          this.loaded = true;
          // Opens at once if told to before its code was loaded, or when restarted after a crash.
          if (this.opened) worker.postMessage({ type: 'open' });
        } else if (msg.type === 'ready') resolve(msg.kinds);
        else if (msg.type === 'failed') reject(new Error(msg.message));
        else if (msg.type === 'reply') {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          p?.resolve(msg.envelope);
        } else if (msg.type === 'progress') this.pending.get(msg.id)?.progress?.(msg.done, msg.total, msg.stage);
      });
      worker.once('error', reject);
    });
    // A rejected start is reported through `ready` to whoever awaits it; no unhandled rejection meanwhile.
    this.ready.catch(() => undefined);
    worker.once('exit', () => {
      if (this.worker === worker) this.exited = true;
      for (const p of this.pending.values()) p.resolve(LOST);
      this.pending.clear();
      if (!this.stopping && this.worker === worker) setTimeout(() => !this.stopping && this.spawn(), 500);
    });
  }

  private opened = false;
  private loaded = false;

  /** Lets a reader open the store (after the writer has migrated it). */
  open(): void {
    this.opened = true;
    if (this.loaded) this.worker.postMessage({ type: 'open' });
  }

  invoke(name: string, input: unknown, meta: CallMeta): Promise<Envelope> {
    if (this.exited) return Promise.resolve(LOST);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, progress: meta.progress });
      const req: WorkerRequest = {
        id,
        name,
        input,
        session: meta.session ?? undefined,
        progress: !!meta.progress,
        background: meta.background === true,
      };
      try {
        this.worker.postMessage(req);
      } catch {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'validation', message: 'Данные запроса не удалось передать ядру' } });
      }
    });
  }

  stop(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    return new Promise((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 10_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage({ type: 'close' });
    });
  }
}

/**
 * Starts the writer (which migrates the store) and a first reader; resolves when both can take commands. The other
 * readers start after that and join as they become ready, so they do not compete with the first answer for the CPU.
 */
export async function startWorkerCore(opts: WorkerCoreOptions): Promise<WorkerCore> {
  const base = { dbPath: opts.dbPath, osUser: opts.osUser, appVersion: opts.appVersion };
  const writer = new CoreThread({ ...base, role: 'writer' });
  // At least two even on a 2-core machine: one heavy grid (a month of contract-months) then does not hold up every
  // other user's page; the threads mostly wait, so the extra one costs memory, not CPU.
  const count = opts.readers ?? Math.min(4, Math.max(2, os.availableParallelism() - 1));
  // The first reader loads its code meanwhile (seconds under tsx) and opens the store once it is migrated.
  const first = new CoreThread({ ...base, role: 'reader' });
  const kinds = await writer.ready.catch(async (e: unknown) => {
    await first.stop();
    throw e;
  });
  first.open();
  await first.ready;
  const readers = [first];
  const threads = [writer, first];
  for (let i = 1; i < count; i++) {
    const more = new CoreThread({ ...base, role: 'reader' });
    threads.push(more);
    more.open();
    more.ready.then(
      () => readers.push(more),
      () => undefined,
    );
  }
  const stop = () => Promise.all(threads.map((t) => t.stop())).then(() => undefined);
  const writes = new WriterQueue({
    send: (name, input, meta) => writer.invoke(name, input, meta),
    isLong: isLongMutation,
    bypasses: (name) => NOT_QUEUED.has(name),
  });
  return {
    dbPath: opts.dbPath,
    invoke(name, input, meta = {}) {
      // Unknown names go to the writer too, which answers with the core's own refusal.
      if (kinds[name] !== 'query') return writes.submit(name, input, meta);
      const reader = readers.reduce((a, b) => (b.load < a.load ? b : a));
      return reader.invoke(name, input, meta);
    },
    commandNames: () => Object.keys(kinds).sort(),
    commandKinds: () => ({ ...kinds }),
    close: () => void stop(),
    shutdown: stop,
  };
}
