import type { CommandInput, CommandName, CommandOutput, ErrorCode } from '../../core/api';
import type { EventChannel, EventListener } from './events';
import type { Transport } from './transport';

/** A refused command, carrying the core's code and Russian message. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// The server's idle timeout should count what the user does, not what the page does on its own (grids re-fetched
// after other users' changes, inbox re-asks): a call made with no keyboard or pointer input for this long goes as
// background. A minute matches how often the server records activity at most.
const ACTIVE_MS = 60_000;
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Per-call options of Api.invoke. */
export interface InvokeOptions {
  /** Not the user's doing; by default, true when the user has not touched the page for a minute. */
  background?: boolean;
}

/** Typed access to the command table, with the current session attached. */
export class Api {
  private session: string | null = null;
  private onUnauthenticated: (() => void) | null = null;
  private requests = 0;
  private lastInput = Date.now();

  constructor(
    private readonly transport: Transport,
    private readonly events?: EventChannel,
  ) {
    if (typeof window === 'undefined') return;
    const mark = () => {
      this.lastInput = Date.now();
    };
    for (const type of INPUT_EVENTS) window.addEventListener(type, mark, { capture: true, passive: true });
  }

  setSession(token: string | null): void {
    if (token === this.session) return;
    this.session = token;
    this.events?.setSession(token);
  }

  /** Subscribes to a live event (`changed`, `progress`, `inbox`); returns the function that unsubscribes. */
  onEvent(name: string, listener: EventListener): () => void {
    return this.events?.on(name, listener) ?? (() => undefined);
  }

  /** Called when the core says the session is gone, so the app can return to the sign-in screen. */
  handleUnauthenticated(cb: () => void): void {
    this.onUnauthenticated = cb;
  }

  async invoke<N extends CommandName>(name: N, input: CommandInput<N>, opts: InvokeOptions = {}): Promise<CommandOutput<N>> {
    const background = opts.background ?? Date.now() - this.lastInput > ACTIVE_MS;
    const env = await this.transport(name as string, input, this.session, `r${Date.now().toString(36)}-${++this.requests}`, background);
    if (env.ok) return env.data as CommandOutput<N>;
    if (env.error.code === 'unauthenticated' && this.session) this.onUnauthenticated?.();
    throw new ApiError(env.error.code, env.error.message, env.error.details);
  }
}
