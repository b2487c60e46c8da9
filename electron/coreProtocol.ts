// Messages between the main process and the core's utility process (type-only, shared by both bundles).
import type { Envelope } from '../core/index';

/** Main → core: run one command. */
export interface CoreRequest {
  id: number;
  name: string;
  input: unknown;
  session: string | undefined;
  /** Ask for progress messages while the command runs (an import started from a window). */
  progress?: boolean;
  /** Not the user's doing: the core checks the session but does not restart its idle timer. */
  background?: boolean;
}

/** Main → core: close the store and exit (the WAL is checkpointed on close). */
export interface CoreShutdown {
  type: 'shutdown';
}

/** Core → main: the envelope for request `id`. */
export interface CoreReply {
  id: number;
  envelope: Envelope;
}

/** Core → main: how far request `id` has got; main hands it to the window that made the request. */
export interface CoreProgress {
  id: number;
  progress: { done: number; total: number; stage: string };
}

/** Core → main: a notification for every window (`changed` after a mutation, `inbox`). */
export interface CoreEvent {
  event: string;
  payload: unknown;
}

export type ToCore = CoreRequest | CoreShutdown;
export type FromCore = CoreReply | CoreProgress | CoreEvent;

/** Environment variables through which main tells the core process where the store is. */
export const CORE_ENV = {
  dbPath: 'MCM_DB_PATH',
  osUser: 'MCM_OS_USER',
  appVersion: 'MCM_APP_VERSION',
  logFile: 'MCM_LOG_FILE',
} as const;
