// Main-process side of the core's utility process: request/reply over postMessage, restart when it dies.
import { utilityProcess, type UtilityProcess } from 'electron';
import type { Envelope } from '../core/index';
import { CORE_ENV, type CoreRequest, type FromCore, type ToCore } from './coreProtocol';

export interface CoreClientOptions {
  /** Absolute path of the bundled coreHost.cjs. */
  entry: string;
  dbPath: string;
  osUser: string;
  appVersion: string;
  logFile: string;
  /** Receives `{event, payload}` notifications from the core. */
  onEvent: (event: string, payload: unknown) => void;
}

export interface CoreClient {
  invoke(name: string, input: unknown, session: string | undefined): Promise<Envelope>;
  /** Asks the core to close the store; kills it if it has not exited within `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>;
}

const RESTARTING: Envelope = {
  ok: false,
  error: { code: 'internal', message: 'Ядро приложения перезапускается, повторите действие' },
};

// Crashes closer together than this count as a loop and back off, so a bad store does not spin a CPU.
const CRASH_WINDOW_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

function isReply(msg: unknown): msg is Extract<FromCore, { id: number }> {
  const m = msg as { id?: unknown; envelope?: unknown } | null;
  return typeof m === 'object' && m !== null && typeof m.id === 'number' && typeof m.envelope === 'object';
}

function isEvent(msg: unknown): msg is Extract<FromCore, { event: string }> {
  const m = msg as { event?: unknown } | null;
  return typeof m === 'object' && m !== null && typeof m.event === 'string';
}

/** Starts the core's utility process and returns the door main uses to call it. */
export function startCoreClient(opts: CoreClientOptions): CoreClient {
  let child: UtilityProcess | null = null;
  let nextId = 1;
  let stopping = false;
  let crashes: number[] = [];
  const pending = new Map<number, (envelope: Envelope) => void>();

  const spawn = (): void => {
    const proc = utilityProcess.fork(opts.entry, [], {
      serviceName: 'MCM core',
      stdio: 'inherit',
      env: {
        ...process.env,
        [CORE_ENV.dbPath]: opts.dbPath,
        [CORE_ENV.osUser]: opts.osUser,
        [CORE_ENV.appVersion]: opts.appVersion,
        [CORE_ENV.logFile]: opts.logFile,
      },
    });
    proc.on('message', (msg: unknown) => {
      if (isReply(msg)) {
        const resolve = pending.get(msg.id);
        pending.delete(msg.id);
        resolve?.(msg.envelope);
      } else if (isEvent(msg)) {
        opts.onEvent(msg.event, (msg as { payload?: unknown }).payload);
      }
    });
    proc.once('exit', () => {
      if (child === proc) child = null;
      // Whatever was in flight is lost with the process; the user is told to retry, never left waiting.
      for (const resolve of pending.values()) resolve(RESTARTING);
      pending.clear();
      if (stopping) return;
      const now = Date.now();
      crashes = [...crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
      const delay = crashes.length <= 1 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** (crashes.length - 2));
      setTimeout(() => {
        if (!stopping && child === null) spawn();
      }, delay);
    });
    child = proc;
  };

  spawn();

  return {
    invoke(name, input, session) {
      const proc = child;
      if (!proc || stopping) return Promise.resolve(RESTARTING);
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        pending.set(id, resolve);
        const msg: CoreRequest = { id, name, input, session };
        try {
          proc.postMessage(msg satisfies ToCore);
        } catch {
          // Input that cannot be structured-cloned never leaves main; that is the caller's mistake, not a crash.
          pending.delete(id);
          resolve({ ok: false, error: { code: 'validation', message: 'Данные запроса не удалось передать ядру' } });
        }
      });
    },
    shutdown(timeoutMs) {
      stopping = true;
      const proc = child;
      if (!proc) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          proc.kill();
          resolve();
        }, timeoutMs);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.postMessage({ type: 'shutdown' } satisfies ToCore);
      });
    },
  };
}
