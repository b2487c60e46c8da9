// Messages between the HTTP thread and the core's worker threads (structured-cloned, so plain data only).
import type { Envelope } from '../core/index';

/** What a worker is started with (workerData). */
export interface WorkerInit {
  dbPath: string;
  /** The writer runs every mutation; readers run queries on their own connections (WAL lets them read meanwhile). */
  role: 'writer' | 'reader';
  osUser: string;
  appVersion: string;
}

/** HTTP thread → worker: run one command. */
export interface WorkerRequest {
  id: number;
  name: string;
  input: unknown;
  session: string | undefined;
  /** Ask for progress messages while the command runs. */
  progress: boolean;
  /** A background refresh: the session is checked but its idle window does not restart (CallMeta.background). */
  background?: boolean;
}

/** Worker → HTTP thread. */
export type WorkerMessage =
  | { type: 'loaded' }
  | { type: 'ready'; kinds: Record<string, 'query' | 'mutation'> }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; envelope: Envelope }
  | { type: 'progress'; id: number; done: number; total: number; stage: string };
