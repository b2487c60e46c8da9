// Lockout after repeated wrong passwords: counted per account in the users row, lifted by time or by an admin.
import { moscowDateTime } from '../concurrency/moscowTime';
import type { ReadableDb, WritableDb } from '../db/types';
import type { SessionPolicy } from './policy';

/** Until when the account refuses sign-in, or null when it is not locked at `now`. */
export function lockedUntil(db: ReadableDb, userId: number, now: Date): string | null {
  const until = db.prepare('SELECT locked_until FROM users WHERE id = ?').pluck().get(userId) as string | null | undefined;
  return until && until > now.toISOString() ? until : null;
}

/** Counts one more wrong password; on reaching the policy's limit locks the account and starts a fresh count. */
export function recordFailure(
  db: WritableDb,
  userId: number,
  now: Date,
  policy: SessionPolicy,
): { failures: number; lockedUntil: string | null } {
  const failures = (db.prepare('SELECT failed_sign_ins FROM users WHERE id = ?').pluck().get(userId) as number) + 1;
  if (failures < policy.lockoutFailures) {
    db.prepare('UPDATE users SET failed_sign_ins = ? WHERE id = ?').run(failures, userId);
    return { failures, lockedUntil: null };
  }
  const until = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
  db.prepare('UPDATE users SET failed_sign_ins = 0, locked_until = ? WHERE id = ?').run(until, userId);
  return { failures, lockedUntil: until };
}

/** Forgets wrong passwords and any lock: after a successful sign-in or an administrator's unlock. */
export function clearFailures(db: WritableDb, userId: number): void {
  db.prepare('UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = ? AND (failed_sign_ins <> 0 OR locked_until IS NOT NULL)').run(
    userId,
  );
}

/** What a locked-out user reads on the sign-in screen. */
export function lockMessage(untilIso: string, policy: SessionPolicy): string {
  return (
    `Вход заблокирован после ${policy.lockoutFailures} неудачных попыток до ${moscowDateTime(untilIso)}. ` +
    'Повторите позже или попросите администратора разблокировать учётную запись.'
  );
}
