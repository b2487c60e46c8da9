// The contract of `window.mcm` that the preload exposes; the renderer may `import type` it.
// Type-only and free of electron imports so that renderer code can use it without pulling in Electron.
import type { Envelope } from '../core/api';

/** Per-call flags of `invoke`, the same the browser shell sends as X-MCM-Request and X-MCM-Background. */
export interface BridgeCallOptions {
  /** Names the call (at most 64 characters); its `progress` events carry it as `requestId`. */
  requestId?: string;
  /** Not the user's doing (a grid re-fetched after a live event): the session's idle timer is not restarted. */
  background?: boolean;
}

/** What the preload puts on `window.mcm`: exactly two functions. */
export interface McmBridge {
  /** Runs one core command by name (`domain.verbNoun`); always resolves to an envelope, never rejects on domain errors. */
  invoke(name: string, input: unknown, session?: string, options?: BridgeCallOptions): Promise<Envelope>;
  /** Subscribes to one core event (e.g. import progress); returns the function that unsubscribes. */
  onEvent(name: string, callback: (payload: unknown) => void): () => void;
}
