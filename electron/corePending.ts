// Main's side of the relay from the local core process: which requests are in flight, and where each message from
// the core goes — a reply to its caller, progress to the window that asked, other events to every window.
// No electron imports: unit-tested.
import type { Envelope } from '../core/index';
import type { BridgeCallOptions } from './bridgeTypes';
import type { CoreRequest } from './coreProtocol';

/** What a window gets as a `progress` event: the same fields as the browser shell's (server/http.ts). */
export interface ProgressPayload {
  /** The caller's name for the call, when it gave one. */
  requestId?: string;
  command: string;
  done: number;
  total: number;
  stage: string;
}

export type OnProgress = (payload: ProgressPayload) => void;

/** What a caller may add to one call: the renderer's flags (its name, background) and who listens to its progress. */
export interface CallOptions extends BridgeCallOptions {
  onProgress?: OnProgress;
}

interface Call {
  name: string;
  resolve(envelope: Envelope): void;
  requestId?: string;
  onProgress?: OnProgress;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The requests main has posted to the core process and not yet had answered. */
export class PendingCalls {
  private calls = new Map<number, Call>();
  private nextId = 1;

  /**
   * Registers a call and returns the request to post; progress is asked for only when someone listens. The request
   * id stays here: the core process numbers calls by main's id, and main names their progress after the caller's.
   */
  start(name: string, input: unknown, session: string | undefined, resolve: (e: Envelope) => void, options: CallOptions = {}): CoreRequest {
    const id = this.nextId++;
    const { requestId, background, onProgress } = options;
    this.calls.set(id, { name, resolve, requestId, onProgress });
    return { id, name, input, session, ...(onProgress ? { progress: true } : {}), ...(background ? { background: true } : {}) };
  }

  /** Answers one call without the core (its request could not be posted). */
  settle(id: number, envelope: Envelope): void {
    const call = this.calls.get(id);
    this.calls.delete(id);
    call?.resolve(envelope);
  }

  /** Answers every call in flight: the core process is gone, and nobody may be left waiting. */
  failAll(envelope: Envelope): void {
    const calls = [...this.calls.values()];
    this.calls.clear();
    for (const c of calls) c.resolve(envelope);
  }

  get size(): number {
    return this.calls.size;
  }

  /** Routes one message from the core process; anything malformed is dropped. */
  receive(msg: unknown, onEvent: (event: string, payload: unknown) => void): void {
    if (!isObject(msg)) return;
    if (typeof msg.id === 'number') {
      if (isObject(msg.envelope)) return this.settle(msg.id, msg.envelope as Envelope);
      const p = msg.progress;
      const call = this.calls.get(msg.id);
      if (call?.onProgress && isObject(p) && typeof p.done === 'number' && typeof p.total === 'number' && typeof p.stage === 'string') {
        const named = call.requestId !== undefined ? { requestId: call.requestId } : {};
        call.onProgress({ ...named, command: call.name, done: p.done, total: p.total, stage: p.stage });
      }
      return;
    }
    if (typeof msg.event === 'string') onEvent(msg.event, msg.payload);
  }
}
