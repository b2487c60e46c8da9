import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AnyCommand, AuditInput, HostEnv, MutationCtx, ProgressFn, QueryCtx } from './command';
import type { Clock } from './clock';
import type { ReadableDb, WritableDb } from './db/types';
import { appendAudit } from './audit/repo';
import { busyDomainError, isBusyError } from './db/busy';
import { DomainError, isDomainError, type Envelope } from './errors';
import type { Logger } from './log';
import { RecordedRefusal } from './session/refusal';
import { resolveSession, systemUser } from './session/tokens';
import { rolesGrant, type Permission } from './users/roles';

z.config(z.locales.ru());

export interface DispatchDeps {
  db: WritableDb;
  clock: Clock;
  env: HostEnv;
  log: Logger;
}

export interface CallMeta {
  session?: string | null;
  /** Act as the built-in system account: only in-process shells on a local database (the CLI) may set it. */
  system?: boolean;
  /** Receives the command's progress reports (long imports), if the shell forwards them. */
  progress?: ProgressFn;
  /** Not the user's doing (a grid re-fetched after a live event): checks the session but does not count as activity. */
  background?: boolean;
}

// Passwords and tokens never reach the audit log, even when a mutation logs its raw input.
const SECRET_KEYS = /password|token|secret/i;
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '***' : redact(v)]),
    );
  }
  return value;
}

function zodToDomain(err: z.ZodError): DomainError {
  const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'Неверные данные';
  return new DomainError('validation', message, { issues, field: first?.path || undefined });
}

const SLOW_MS = 200;

/** Runs one command by name: session, permission, input validation, transaction and audit, result envelope. */
export async function dispatch(
  table: Record<string, AnyCommand>,
  deps: DispatchDeps,
  name: string,
  rawInput: unknown,
  meta: CallMeta = {},
): Promise<Envelope> {
  const started = performance.now();
  try {
    const cmd = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!cmd) throw new DomainError('unknown_command', `Неизвестная команда: ${name}`);
    const user = meta.system ? systemUser(deps.db) : resolveSession(deps.db, meta.session, deps.clock.now(), { activity: !meta.background });
    if (cmd.access !== 'public') {
      if (!user) throw new DomainError('unauthenticated', 'Сессия истекла или вы не вошли в систему. Войдите снова.');
      if (cmd.access !== 'signedIn' && !rolesGrant(user.roles, cmd.access as Permission)) {
        throw new DomainError('forbidden', 'Недостаточно прав для этого действия', { command: name });
      }
    }
    const parsed = cmd.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw zodToDomain(parsed.error);
    const base = { clock: deps.clock, user, sessionToken: meta.session ?? null, env: deps.env, log: deps.log, progress: meta.progress };

    if (cmd.kind === 'query') {
      const data = await cmd.handler({ ...base, db: deps.db as ReadableDb } as QueryCtx, parsed.data);
      return { ok: true, data };
    }

    // Slow read-only work (sign-in's scrypt) runs before the transaction, so the write lock and thread are not held.
    const prepared = cmd.prepare ? await cmd.prepare({ ...base, db: deps.db as ReadableDb } as QueryCtx, parsed.data) : undefined;
    // IMMEDIATE takes the write lock up front: a concurrent writer waits (busy_timeout) instead of failing on upgrade.
    let refusal: RecordedRefusal | null = null;
    const data = deps.db.transaction(() => {
      const records: AuditInput[] = [];
      const ctx: MutationCtx = { ...base, db: deps.db, audit: (r) => records.push(r) };
      let out: unknown;
      try {
        out = cmd.handler(ctx, parsed.data, prepared);
      } catch (e) {
        // A recorded refusal keeps its writes and audit records (a failed sign-in); it is answered after the commit.
        if (!(e instanceof RecordedRefusal)) throw e;
        refusal = e;
      }
      if (out instanceof Promise) throw new Error(`Mutation ${name} returned a promise; mutations must be synchronous`);
      const at = deps.clock.now().toISOString();
      if (records.length === 0) records.push({ after: redact(parsed.data) });
      for (const r of records) {
        appendAudit(deps.db, {
          at,
          userId: r.userId ?? user?.id ?? null,
          userLogin: r.userLogin ?? user?.login ?? null,
          command: name,
          entity: r.entity ?? null,
          entityId: r.entityId === undefined ? null : String(r.entityId),
          before: redact(r.before),
          after: redact(r.after),
        });
      }
      return out;
    }).immediate();
    if (refusal) throw refusal;
    return { ok: true, data, mutated: true };
  } catch (caught) {
    const e = isBusyError(caught) ? busyDomainError() : caught;
    if (isDomainError(e)) {
      return { ok: false, error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
    }
    const logId = randomUUID().slice(0, 8);
    deps.log.error('command failed', { command: name, logId, error: e instanceof Error ? e.stack : String(e) });
    return {
      ok: false,
      error: { code: 'internal', message: `Внутренняя ошибка (код ${logId}). Данные не изменены.`, details: { logId } },
    };
  } finally {
    const ms = performance.now() - started;
    if (ms > SLOW_MS) deps.log.warn('slow command', { command: name, ms: Math.round(ms) });
  }
}
