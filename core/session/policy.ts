// The sign-in policy an administrator tunes in Настройки: idle timeout and lockout after wrong passwords.
import type { ReadableDb } from '../db/types';

export interface SessionPolicy {
  /** A session unused this long is over, even inside its 12-hour life. */
  idleMinutes: number;
  /** Wrong passwords in a row that lock the account. */
  lockoutFailures: number;
  /** How long a locked account refuses sign-in. */
  lockoutMinutes: number;
}

/** The setting keys of the policy with what applies while nobody has set them. */
export const SESSION_SETTINGS = {
  idleMinutes: { key: 'session.idle_minutes', defaultValue: 30 },
  lockoutFailures: { key: 'session.lockout_failures', defaultValue: 5 },
  lockoutMinutes: { key: 'session.lockout_minutes', defaultValue: 15 },
} as const;

/** Reads the policy from the settings table; a missing or unreadable value falls back to its default. */
export function sessionPolicy(db: ReadableDb): SessionPolicy {
  const rows = db.prepare("SELECT key, value FROM settings WHERE key LIKE 'session.%'").all() as { key: string; value: string }[];
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const read = ({ key, defaultValue }: { key: string; defaultValue: number }): number => {
    const n = Number(stored.get(key)?.replace(/\s/g, ''));
    return Number.isInteger(n) && n > 0 ? n : defaultValue;
  };
  return {
    idleMinutes: read(SESSION_SETTINGS.idleMinutes),
    lockoutFailures: read(SESSION_SETTINGS.lockoutFailures),
    lockoutMinutes: read(SESSION_SETTINGS.lockoutMinutes),
  };
}
