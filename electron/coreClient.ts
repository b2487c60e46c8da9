// Main-process side of the core's utility process: request/reply over postMessage, restart when it dies.
import { utilityProcess, type UtilityProcess } from 'electron';
import type { Envelope } from '../core/index';
import { CORE_ENV, type ToCore } from './coreProtocol';
import { PendingCalls, type CallOptions } from './corePending';

export interface CoreClientOptions {
  /** Absolute path of the bundled coreHost.cjs. */
  entry: string;
  dbPath: string;
  osUser: string;
  appVersion: string;
  logFile: string;
  /** Receives the core's notifications for every window (`changed`, `inbox`). */
  onEvent: (event: string, payload: unknown) => void;
}

export interface CoreClient {
  /** Runs one command; `options.onProgress` receives its progress reports (an import) while it runs. */
  invoke(name: string, input: unknown, session: string | undefined, options?: CallOptions): Promise<Envelope>;
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

/** Starts the core's utility process and returns the door main uses to call it. */
export function startCoreClient(opts: CoreClientOptions): CoreClient {
  let child: UtilityProcess | null = null;
  let stopping = false;
  let crashes: number[] = [];
  const pending = new PendingCalls();

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
    proc.on('message', (msg: unknown) => pending.receive(msg, opts.onEvent));
    proc.once('exit', () => {
      if (child === proc) child = null;
      // Whatever was in flight is lost with the process; the user is told to retry, never left waiting.
      pending.failAll(RESTARTING);
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
    invoke(name, input, session, options) {
      const proc = child;
      if (!proc || stopping) return Promise.resolve(RESTARTING);
      return new Promise<Envelope>((resolve) => {
        const msg = pending.start(name, input, session, resolve, options);
        try {
          proc.postMessage(msg satisfies ToCore);
        } catch {
          // Input that cannot be structured-cloned never leaves main; that is the caller's mistake, not a crash.
          pending.settle(msg.id, { ok: false, error: { code: 'validation', message: 'Данные запроса не удалось передать ядру' } });
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
