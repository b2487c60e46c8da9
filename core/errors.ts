/** Stable error codes that every transport returns unchanged. */
export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'unknown_command'
  | 'db_too_new'
  /** Another process held the database's write lock longer than the bounded wait. */
  | 'busy'
  | 'internal';

export interface ErrorDetails {
  field?: string;
  issues?: { path: string; message: string }[];
  [key: string]: unknown;
}

/** The one error type of the core: a code plus a Russian message fit to show a user. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetails;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

/** Envelope returned by every transport (IPC, HTTP, CLI). */
export type Envelope<T = unknown> =
  | { ok: true; data: T; mutated?: boolean }
  | { ok: false; error: { code: ErrorCode; message: string; details?: ErrorDetails } };

/** True when a value is a DomainError (also across realms where instanceof fails). */
export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'DomainError');
}
