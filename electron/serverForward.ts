// Server mode of the desktop: main forwards each `invoke` to a shared MCM server as POST /api/<command> with the
// session token (server/http.ts protocol), so the renderer works unchanged. No electron imports: unit-tested.
import type { Envelope } from '../core/index';
import type { BridgeCallOptions } from './bridgeTypes';
import { CertificateRefusal } from './serverCertificate';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

export interface ForwarderOptions {
  /** A checked server address (electron/connection.ts), possibly with `#token=…` of a local browser shell. */
  url: string;
  fetch: FetchLike;
  /** Long enough for an import of a large file; a hung server must not hang the window forever. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

const fail = (message: string): Envelope => ({ ok: false, error: { code: 'internal', message } });

function isEnvelope(v: unknown): v is Envelope {
  const e = v as { ok?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (typeof e !== 'object' || e === null || typeof e.ok !== 'boolean') return false;
  return e.ok || (typeof e.error?.code === 'string' && typeof e.error.message === 'string');
}

/** Splits a server address into the API base and the launch token a local browser shell wants (team servers: none). */
export function splitServerUrl(url: string): { base: string; launchToken: string | null; host: string } {
  const u = new URL(url);
  const token = /(?:^#|&)token=([^&]+)/.exec(u.hash)?.[1];
  return { base: u.origin + u.pathname.replace(/\/+$/, ''), launchToken: token ? decodeURIComponent(token) : null, host: u.host };
}

/** Returns an `invoke` that runs commands on the server; every failure becomes an envelope, never a rejection. */
export function serverForwarder(
  opts: ForwarderOptions,
): (name: string, input: unknown, session: string | undefined, options?: BridgeCallOptions) => Promise<Envelope> {
  const { base, launchToken, host } = splitServerUrl(opts.url);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Each signed-in call is named, so the server streams its progress (an import) to the session's event stream: by
  // the renderer's name when it gave one (its progress then matches the call as in the browser shell), else by ours.
  const prefix = `d${Date.now().toString(36)}-`;
  let calls = 0;
  return async (name, input, session, options = {}) => {
    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await opts.fetch(`${base}/api/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(launchToken ? { 'x-mcm-token': launchToken } : {}),
          ...(session ? { authorization: `Bearer ${session}`, 'x-mcm-request': options.requestId ?? prefix + ++calls } : {}),
          // The server then checks the session without restarting its idle timer (server/http.ts).
          ...(options.background ? { 'x-mcm-background': '1' } : {}),
        },
        body: JSON.stringify(input ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      // The details let Настройки → Подключение show the fingerprint and offer to trust it.
      if (e instanceof CertificateRefusal) return { ok: false, error: { code: 'forbidden', message: e.message, details: { certificate: e.info } } };
      const name = (e as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return fail(`Сервер MCM (${host}) не ответил за ${Math.round(timeoutMs / 1000)} с. Результат действия неизвестен: обновите данные.`);
      }
      return fail(`Нет связи с сервером MCM (${host}). Проверьте сеть или адрес в Настройки → Подключение.`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return fail(`Сервер MCM (${host}) ответил ${res.status} не в формате MCM: проверьте адрес в Настройки → Подключение.`);
    }
    return isEnvelope(body) ? body : fail(`Сервер MCM (${host}) ответил ${res.status} не в формате MCM.`);
  };
}
