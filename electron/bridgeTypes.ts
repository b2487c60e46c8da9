// The contract of `window.mcm` that the preload exposes; the renderer may `import type` it.
// Type-only and free of electron imports so that renderer code can use it without pulling in Electron.
import type { Envelope } from '../core/api';

/** What the preload puts on `window.mcm`: exactly two functions. */
export interface McmBridge {
  /** Runs one core command by name (`domain.verbNoun`); always resolves to an envelope, never rejects on domain errors. */
  invoke(name: string, input: unknown, session?: string): Promise<Envelope>;
  /** Subscribes to one core event (e.g. import progress); returns the function that unsubscribes. */
  onEvent(name: string, callback: (payload: unknown) => void): () => void;
}
