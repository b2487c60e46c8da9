import type { Envelope } from '../../core/api';

/**
 * Moves one command call to the core and back; the renderer does not know which shell it runs in. `requestId` names
 * the call so that progress events can be matched to it; `background` marks a call the user did not make (a grid
 * re-fetched after a live event), which must not keep an idle session alive.
 */
export type Transport = (name: string, input: unknown, session: string | null, requestId?: string, background?: boolean) => Promise<Envelope>;

interface McmBridgeLike {
  invoke(name: string, input: unknown, session?: string, options?: { requestId?: string; background?: boolean }): Promise<Envelope>;
}

const TOKEN_KEY = 'mcm.launchToken';

// The browser shell prints its URL with #token=…; keep it for this tab and take it out of the address bar.
// A team server prints no token: users sign in with passwords, and the token is then empty.
export function launchToken(): string {
  const m = /[#&]token=([^&]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  const token = launchToken();
  return async (name, input, session, requestId, background) => {
    let res: Response;
    try {
      res = await fetch(`api/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-mcm-token': token,
          ...(session ? { authorization: `Bearer ${session}` } : {}),
          ...(requestId ? { 'x-mcm-request': requestId } : {}),
          ...(background ? { 'x-mcm-background': '1' } : {}),
        },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return { ok: false, error: { code: 'internal', message: 'Нет связи с MCM: программа на этом компьютере не запущена?' } };
    }
    try {
      return (await res.json()) as Envelope;
    } catch {
      return { ok: false, error: { code: 'internal', message: `Сервер ответил ${res.status}` } };
    }
  };
}

/** Picks the Electron bridge when present, else the browser shell's HTTP API. */
export function detectTransport(): Transport {
  const bridge = (window as unknown as { mcm?: McmBridgeLike }).mcm;
  // The desktop carries the same per-call flags as the HTTP headers above (electron/bridgeTypes.ts).
  if (bridge) {
    return (name, input, session, requestId, background) =>
      bridge.invoke(name, input, session ?? undefined, { ...(requestId ? { requestId } : {}), ...(background ? { background } : {}) });
  }
  return httpTransport();
}
