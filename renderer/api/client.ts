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

/** Typed access to the command table, with the current session attached. */
export class Api {
  private session: string | null = null;
  private onUnauthenticated: (() => void) | null = null;
  private requests = 0;

  constructor(
    private readonly transport: Transport,
    private readonly events?: EventChannel,
  ) {}

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

  async invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    const env = await this.transport(name as string, input, this.session, `r${Date.now().toString(36)}-${++this.requests}`);
    if (env.ok) return env.data as CommandOutput<N>;
    if (env.error.code === 'unauthenticated' && this.session) this.onUnauthenticated?.();
    throw new ApiError(env.error.code, env.error.message, env.error.details);
  }
}
