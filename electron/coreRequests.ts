// The core process's side of the relay: runs main's requests on the core and posts back the reply, the progress of a
// long command (to the window that asked) and the live events a mutation announces (to every window), as the browser
// shell's server does over server-sent events. No electron imports: unit-tested with a real core and a fake port.
import type { Core, Envelope, ProgressFn } from '../core/index';
import { changeEvents } from './changeEvents';
import type { CoreRequest, FromCore } from './coreProtocol';

/** The opened core, or the answer every request gets when the store could not be opened. */
export type HostState = { core: Core } | { core: null; failure: Envelope };

type Sink = (level: 'error', module: string, msg: string, data?: Record<string, unknown>) => void;

// A progress message per stage change, and at most this often within a stage: the bar needs no more, and each
// message crosses two processes (core → main → window).
const PROGRESS_MS = 100;
// Session → login for the `by` of change events; cleared when full (a desktop has a handful of sessions).
const LOGIN_CACHE = 1000;

const INTERNAL: Envelope = { ok: false, error: { code: 'internal', message: 'Внутренняя ошибка ядра. Данные не изменены.' } };

/** Wraps `report` so that it passes the first and last report of each stage and at most one per PROGRESS_MS between. */
export function throttledProgress(report: ProgressFn, now: () => number = () => performance.now()): ProgressFn {
  let lastStage: string | null = null;
  let lastAt = 0;
  return (done, total, stage) => {
    const t = now();
    if (stage === lastStage && t - lastAt < PROGRESS_MS && done < total) return;
    lastStage = stage;
    lastAt = t;
    report(done, total, stage);
  };
}

export interface RequestServerOptions {
  ready: Promise<HostState>;
  post(msg: FromCore): void;
  sink: Sink;
}

/** Returns the handler of one request from main; it resolves once the reply and its events are posted. */
export function createRequestServer(opts: RequestServerOptions): (req: CoreRequest) => Promise<void> {
  const logins = new Map<string, string>();

  const loginOf = async (core: Core, session: string | undefined): Promise<string | null> => {
    if (!session) return null;
    const known = logins.get(session);
    if (known) return known;
    // The relay's own lookup, not the user's: it must not restart the session's idle timer.
    const who = await core.invoke('session.whoami', {}, { session, background: true });
    if (!who.ok) return null;
    const login = (who.data as { login: string }).login;
    if (logins.size >= LOGIN_CACHE) logins.clear();
    logins.set(session, login);
    return login;
  };

  const run = async (state: HostState, req: CoreRequest): Promise<Envelope> => {
    if (!state.core) return state.failure;
    const progress = req.progress
      ? throttledProgress((done, total, stage) => opts.post({ id: req.id, progress: { done, total, stage } }))
      : undefined;
    return state.core.invoke(req.name, req.input, { session: req.session, progress, background: req.background === true });
  };

  return async (req) => {
    const state = await opts.ready;
    let envelope: Envelope;
    try {
      envelope = await run(state, req);
    } catch (err) {
      // dispatch already turns every error into an envelope; this is the last net for a bug in it.
      opts.sink('error', 'coreHost', 'invoke rejected', { command: req.name, error: err instanceof Error ? err.stack : String(err) });
      envelope = INTERNAL;
    }
    opts.post({ id: req.id, envelope });
    if (!state.core) return;
    // A signed-out session's login is forgotten; "everywhere" ends other sessions too, so forget them all.
    if (req.name.startsWith('session.signOut') && envelope.ok) {
      if (req.name === 'session.signOut' && req.session) logins.delete(req.session);
      else logins.clear();
    }
    // Most commands are queries: the login is looked up only when there is something to announce.
    if (changeEvents(req.name, envelope, null).length === 0) return;
    try {
      for (const e of changeEvents(req.name, envelope, await loginOf(state.core, req.session))) opts.post(e);
    } catch (err) {
      // The reply is already with the caller; a lost announcement only means other grids refresh later.
      opts.sink('error', 'coreHost', 'announce failed', { command: req.name, error: err instanceof Error ? err.stack : String(err) });
    }
  };
}
