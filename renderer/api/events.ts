// Live events from the core, the same for both shells: the Electron preload's onEvent, or the browser shell's
// server-sent events (GET api/events, which needs the launch token and the session as query parameters).
import { useEffect, useRef } from 'react';
import { useStore } from '../stores/RootStore';

/** `changed`: a mutation succeeded; grids showing one of these domains should re-fetch. */
export interface ChangedEvent {
  domains: string[];
  command: string;
  by: string | null;
}

/** `progress`: how far the caller's long command (an import) has got. */
export interface ProgressEvent {
  requestId?: string;
  command: string;
  done: number;
  total: number;
  stage: string;
}

export type EventListener = (payload: unknown) => void;

/** Subscribes to named events; follows the session, since a browser stream belongs to one signed-in session. */
export interface EventChannel {
  on(name: string, listener: EventListener): () => void;
  setSession(session: string | null): void;
}

interface BridgeLike {
  onEvent(name: string, callback: (payload: unknown) => void): () => void;
}

/** Events through the Electron preload (the main process relays the core's events to the window). */
function bridgeChannel(bridge: BridgeLike): EventChannel {
  return { on: (name, listener) => bridge.onEvent(name, listener), setSession: () => undefined };
}

/** Events over one EventSource per session; listeners survive reconnects and session changes. */
function sseChannel(launchToken: () => string): EventChannel {
  const listeners = new Map<string, Set<EventListener>>();
  let source: EventSource | null = null;
  const attached = new Set<string>();

  const attach = (name: string) => {
    if (!source || attached.has(name)) return;
    attached.add(name);
    source.addEventListener(name, (e) => {
      let payload: unknown;
      try {
        payload = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const l of listeners.get(name) ?? []) l(payload);
    });
  };

  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      attach(name);
      return () => set.delete(listener);
    },
    setSession(session) {
      source?.close();
      source = null;
      attached.clear();
      if (!session) return;
      const q = new URLSearchParams({ token: launchToken(), session });
      source = new EventSource(`api/events?${q}`);
      for (const name of listeners.keys()) attach(name);
    },
  };
}

/** Picks the Electron bridge when present, else server-sent events of the browser shell. */
export function detectEvents(launchToken: () => string): EventChannel {
  const bridge = (window as unknown as { mcm?: BridgeLike }).mcm;
  return bridge ? bridgeChannel(bridge) : sseChannel(launchToken);
}

/** Calls `onChange` whenever a `changed` event names one of `domains` (latest callback, no resubscribe per render). */
export function useChanged(domains: readonly string[] | undefined, onChange: (e: ChangedEvent) => void): void {
  const { api } = useStore();
  const cb = useRef(onChange);
  cb.current = onChange;
  const key = domains?.join(',') ?? '';
  useEffect(() => {
    if (!key) return;
    const wanted = key.split(',');
    return api.onEvent('changed', (p) => {
      const e = p as ChangedEvent;
      if (Array.isArray(e?.domains) && e.domains.some((d) => wanted.includes(d))) cb.current(e);
    });
  }, [api, key]);
}
