// Routes the renderer's commands to the local core or a shared server, and answers the desktop's own `desktop.*`
// commands (the connection setting lives on this computer, not in any database). No electron imports: unit-tested.
import type { Envelope } from '../core/index';
import { checkCertificatePin, checkServerUrl, parseConnection, type Connection } from './connection';
import type { CallOptions } from './corePending';

/**
 * Runs one command. `options` carry the renderer's name for the call, whether it is a background call (it must not
 * restart the session's idle timer) and, local core only, who gets its progress reports for the window that asked.
 */
export type Invoke = (name: string, input: unknown, session: string | undefined, options?: CallOptions) => Promise<Envelope>;

export interface RouterDeps {
  /** The local core, started on first use (a desktop in server mode never opens a local database). */
  local(): Invoke;
  /** A forwarder to the server at a checked address, trusting also the certificate with this fingerprint, if any. */
  forwarder(url: string, certificate?: string): Invoke;
  readConnection(): Connection;
  writeConnection(c: Connection): void;
  /** Server mode: opens the live-event stream of a session; returns what closes it. */
  watchEvents?(url: string, session: string, certificate?: string): () => void;
}

export interface CommandRouter {
  invoke: Invoke;
  connection(): Connection;
}

const refused = (message: string): Envelope => ({ ok: false, error: { code: 'validation', message } });

/** Builds the router; the connection is read once and changed only through `desktop.setConnection`. */
export function createCommandRouter(deps: RouterDeps): CommandRouter {
  let connection = deps.readConnection();
  let target: Invoke | null = null;
  const current = (): Invoke =>
    (target ??= connection.mode === 'server' ? deps.forwarder(connection.url, connection.certificate) : deps.local());
  // One event stream, for the session the window uses now (a new sign-in replaces it).
  let watched: { session: string; stop: () => void } | null = null;
  const unwatch = (): void => {
    watched?.stop();
    watched = null;
  };
  const watch = (session: string | undefined): void => {
    if (connection.mode !== 'server' || !session || !deps.watchEvents || watched?.session === session) return;
    unwatch();
    watched = { session, stop: deps.watchEvents(connection.url, session, connection.certificate) };
  };

  const desktop: Record<string, (input: unknown) => Promise<Envelope>> = {
    /** Where this desktop's commands go now. */
    'desktop.connection': async () => ({ ok: true, data: { shell: 'desktop', ...connection } }),
    /** Switches between the local database and a server; the renderer reloads and signs in again afterwards. */
    'desktop.setConnection': async (input) => {
      const parsed = parseConnection(input);
      if (!parsed.ok) return refused(parsed.reason);
      deps.writeConnection(parsed.connection);
      connection = parsed.connection;
      target = null;
      unwatch();
      return { ok: true, data: { shell: 'desktop', ...connection }, mutated: true };
    },
    /**
     * Asks a server (not yet saved) who it is, so the user sees the address works before switching; with
     * `certificate`, that one is trusted too. A certificate the system refuses comes back with its fingerprint.
     */
    'desktop.checkServer': async (input) => {
      const given = (input ?? {}) as { url?: unknown; certificate?: unknown };
      const url = checkServerUrl(String(given.url ?? ''));
      if (!url.ok) return refused(url.reason);
      const pin = checkCertificatePin(url.url, typeof given.certificate === 'string' ? given.certificate : undefined);
      if (!pin.ok) return refused(pin.reason);
      return deps.forwarder(url.url, pin.certificate)('session.info', {}, undefined);
    },
  };

  return {
    invoke: (name, input, session, options) => {
      if (Object.hasOwn(desktop, name)) return desktop[name]!(input);
      watch(session);
      // On a server, progress comes over the session's event stream instead (electron/serverEvents.ts).
      return current()(name, input, session, options);
    },
    connection: () => connection,
  };
}
