// SQLITE_BUSY after busy_timeout means another process held the write lock the whole time (a long import in the CLI,
// a second desktop on a shared file). Users get a clear Russian message with the time waited, never "database is locked".
import { DomainError } from '../errors';

/** How long a write waits for another process's transaction before giving up (busy_timeout in open.ts). */
export const BUSY_WAIT_MS = 5000;

/** True for SQLite's "database is locked"/"busy" errors, whatever the extended code. */
export function isBusyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}

/** The DomainError shown instead of a busy error. */
export function busyDomainError(): DomainError {
  return new DomainError(
    'busy',
    `База данных занята другой операцией (например, импортом из командной строки): ждали ${BUSY_WAIT_MS / 1000} с. Данные не изменены — повторите действие через минуту.`,
    { waitedMs: BUSY_WAIT_MS },
  );
}
