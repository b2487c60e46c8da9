import type { z } from 'zod';
import type { Clock } from './clock';
import type { ReadableDb, WritableDb } from './db/types';
import type { Logger } from './log';
import type { Permission, Role } from './users/roles';
import type { Scope } from './users/scope';

/** The signed-in user as every command sees it. */
export interface CurrentUser {
  id: number;
  login: string;
  fullName: string;
  roles: Role[];
  /** Regions the user may see and act on; enforced in queries. */
  scope: Scope;
}

/** Facts about the host the core runs in, given by the shell. */
export interface HostEnv {
  osUser: string;
  dataDir: string;
  appVersion: string;
}

export interface AuditInput {
  entity?: string;
  entityId?: string | number;
  before?: unknown;
  after?: unknown;
  /** For commands that establish who the user is (sign-in). */
  userId?: number;
  userLogin?: string;
}

/** Reports how far a long command has got (e.g. an import's stage and rows done); shells forward it as events. */
export type ProgressFn = (done: number, total: number, stage: string) => void;

interface BaseCtx {
  clock: Clock;
  user: CurrentUser | null;
  sessionToken: string | null;
  env: HostEnv;
  log: Logger;
  /** Set when the caller listens for progress; long commands call it between stages. */
  progress?: ProgressFn;
}
export interface QueryCtx extends BaseCtx {
  db: ReadableDb;
}
export interface MutationCtx extends BaseCtx {
  db: WritableDb;
  /** Adds an audit record to the command's transaction. */
  audit(rec: AuditInput): void;
}

/** Who may call: anyone, any signed-in user, or holders of a permission. */
export type Access = 'public' | 'signedIn' | Permission;

export interface QueryDef<S extends z.ZodType, O> {
  kind: 'query';
  access: Access;
  input: S;
  handler: (ctx: QueryCtx, input: z.output<S>) => O | Promise<O>;
}
export interface MutationDef<S extends z.ZodType, O, P = undefined> {
  kind: 'mutation';
  access: Access;
  input: S;
  /**
   * Optional slow, read-only work before the transaction (it may await, e.g. scrypt off the thread); its result is the
   * handler's third argument. Other writes may land meanwhile, so the handler re-checks what it relies on.
   */
  prepare?: (ctx: QueryCtx, input: z.output<S>) => Promise<P>;
  /** Synchronous on purpose: it runs inside one SQLite transaction. */
  handler: (ctx: MutationCtx, input: z.output<S>, prepared: P) => O;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = QueryDef<any, any> | MutationDef<any, any, any>;

/** Declares a read-only command. */
export function query<S extends z.ZodType, O>(def: Omit<QueryDef<S, O>, 'kind'>): QueryDef<S, O> {
  return { kind: 'query', ...def };
}

/** Declares a command that changes data (one transaction, audited). */
export function mutation<S extends z.ZodType, O, P = undefined>(def: Omit<MutationDef<S, O, P>, 'kind'>): MutationDef<S, O, P> {
  return { kind: 'mutation', ...def };
}

/** Input type of a command definition, as callers write it. */
export type InputOf<C> = C extends { input: infer S extends z.ZodType } ? z.input<S> : never;
/** Output type of a command definition. */
export type OutputOf<C> = C extends { handler: (...a: never[]) => infer O } ? Awaited<O> : never;
