// Test data for the approvals workflow: a cast of users, contracts written straight into SQLite, and a caller that
// signs each user in on first use.
import { expect } from 'vitest';
import type { ApprovalsCommands } from '../../../core/approvals/commands';
import type { InputOf, OutputOf } from '../../../core/command';
import { openDatabase } from '../../../core/db/open';
import type { WritableDb } from '../../../core/db/types';
import type { Envelope } from '../../../core/errors';
import type { Role } from '../../../core/users/roles';
import { testCore, userCaller, type TestCore } from '../../helpers/core';

/** Valid requisites of a legal entity (Sberbank's), accepted by every check. */
export const REQUISITES = {
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  bik: '044525225',
  account: '40702810938000000001',
  corr_account: '30101810400000000225',
};

/** The default cast: two of each approving role where quorum tests need them. */
export const CAST: { login: string; roles: Role[] }[] = [
  { login: 'admin', roles: ['admin'] },
  { login: 'man1', roles: ['manager'] },
  { login: 'man2', roles: ['manager'] },
  { login: 'asst', roles: ['assistant'] },
  { login: 'legal1', roles: ['legal'] },
  { login: 'legal2', roles: ['legal'] },
  { login: 'dir', roles: ['director'] },
  { login: 'fin', roles: ['finance'] },
];

/** 50 000 ₽ a month: 600 000 ₽ a year, exactly the default director threshold. */
export const FEE_AT_THRESHOLD = 5_000_000;

/** Opens a second connection on the test database, runs `fn` in a transaction and closes it. */
export function withDb<T>(dbPath: string, fn: (db: WritableDb) => T): T {
  const db = openDatabase(dbPath);
  try {
    return db.transaction(() => fn(db))();
  } finally {
    db.close();
  }
}

export interface ContractSeed {
  managerUserId: number | null;
  /** Monthly fee of the single terms version, kopecks. */
  fee?: number;
  category?: string;
  regionCode?: string;
  startDate?: string;
  endDate?: string;
}

/** Inserts a draft contract with its own new outlet (so no two seeds overlap) and one terms version. */
export function seedContract(db: WritableDb, s: ContractSeed): { contractId: number; number: string; outletId: number } {
  const now = '2026-11-01T09:00:00.000Z';
  db.prepare(
    `INSERT OR IGNORE INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name,
       address, created_at, updated_at)
     VALUES ('ЮЛ', 'ООО «Ромашка»', ?, ?, ?, 'VAT', ?, ?, ?, 'ПАО Сбербанк', 'г. Казань, ул. Баумана, 1', ?, ?)`,
  ).run(REQUISITES.inn, REQUISITES.kpp, REQUISITES.ogrn, REQUISITES.bik, REQUISITES.account, REQUISITES.corr_account, now, now);
  const counterpartyId = db.prepare('SELECT id FROM counterparties WHERE inn = ?').pluck().get(REQUISITES.inn) as number;
  const n = (db.prepare('SELECT count(*) FROM contracts').pluck().get() as number) + 1;
  const outletId = Number(
    db
      .prepare('INSERT INTO outlets (code, name, region_code, counterparty_id) VALUES (?, ?, ?, ?)')
      .run(`TT-${String(n).padStart(5, '0')}`, `Магазин №${n}`, s.regionCode ?? '16', counterpartyId).lastInsertRowid,
  );
  const number = `MK-2026-${String(n).padStart(6, '0')}`;
  const start = s.startDate ?? '2027-01-01';
  const contractId = Number(
    db
      .prepare(
        `INSERT INTO contracts (number, counterparty_id, category, manager_user_id, start_date, end_date, status,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
      )
      .run(number, counterpartyId, s.category ?? 'BEVERAGES', s.managerUserId, start, s.endDate ?? '2027-12-31', now, now)
      .lastInsertRowid,
  );
  db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)').run(contractId, outletId);
  db.prepare('INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, created_at) VALUES (?, ?, ?, ?)').run(
    contractId,
    start,
    s.fee ?? FEE_AT_THRESHOLD,
    now,
  );
  return { contractId, number, outletId };
}

/** The data of a successful envelope; fails the test with the error otherwise. */
export function ok<T>(env: Envelope): T {
  if (!env.ok) expect.fail(`expected success, got ${env.error.code}: ${env.error.message}`);
  return env.data as T;
}

/** Details of a refusal as the approvals commands fill them. */
export interface RefusalDetails {
  field?: string;
  issues?: { path: string; code?: string; message: string }[];
  refusals?: { stepId: number; code: string; message: string }[];
}

/** The error of a failed envelope; fails the test on success. */
export function err(env: Envelope): { code: string; message: string; details?: RefusalDetails } {
  if (env.ok) expect.fail(`expected an error, got ${JSON.stringify(env.data)}`);
  return env.error as { code: string; message: string; details?: RefusalDetails };
}

type Name = keyof ApprovalsCommands;
/** Input type of an approvals command, as callers write it. */
export type In<N extends Name> = InputOf<ApprovalsCommands[N]>;
/** Output type of an approvals command. */
export type Out<N extends Name> = OutputOf<ApprovalsCommands[N]>;

export interface ApprovalsWorld {
  t: TestCore;
  /** User ids by login. */
  ids: Record<string, number>;
  /** Calls a command as the user (signing in again when the session expired after the clock moved). */
  call(login: string, name: string, input?: unknown): Promise<Envelope>;
  /** Calls an approvals command and returns its typed data, failing the test on refusal. */
  run<N extends Name>(login: string, name: N, input?: InputOf<ApprovalsCommands[N]>): Promise<Out<N>>;
  /** A new draft contract (manager man1 unless told otherwise). */
  contract(s?: Partial<ContractSeed>): { contractId: number; number: string; outletId: number };
  /** Runs SQL on a second connection (seeding, scope rows, assertions). */
  sql<T>(fn: (db: WritableDb) => T): T;
  /** Moves the fixed clock forward by hours. */
  advanceHours(h: number): void;
}

/** A test core with the cast (and extra users) signed in lazily. */
export function approvalsWorld(extra: { login: string; roles: Role[] }[] = []): ApprovalsWorld {
  const t = testCore([...CAST, ...extra]);
  const sql = <T>(fn: (db: WritableDb) => T): T => withDb(t.dbPath, fn);
  const ids = sql((db) =>
    Object.fromEntries((db.prepare('SELECT login, id FROM users').all() as { login: string; id: number }[]).map((r) => [r.login, r.id])),
  );
  // Tests move the clock past the session lifetime, so an expired session is replaced by a fresh sign-in.
  const { call } = userCaller(t, { signInAgain: true });
  return {
    t,
    ids,
    call,
    run: async (login, name, input) => ok(await call(login, name, input)),
    contract: (s = {}) => sql((db) => seedContract(db, { managerUserId: ids.man1, ...s })),
    sql,
    advanceHours: (h) => t.clock.advance(h * 3_600_000),
  };
}

/** A submitted instance as approvals.submit returns it. */
export type Submitted = Out<'approvals.submit'>;

/** Submits as the user and returns the instance (fails the test on refusal). */
export async function submit(w: ApprovalsWorld, login: string, contractId: number): Promise<Submitted> {
  return w.run(login, 'approvals.submit', { contractId });
}

/** Approves a step as the user and returns the decision result. */
export async function approve(w: ApprovalsWorld, login: string, stepId: number): Promise<Out<'approvals.decide'>> {
  return w.run(login, 'approvals.decide', { stepId, decision: 'approve' });
}

/** The contract's current status, read from the store. */
export function contractStatus(w: ApprovalsWorld, contractId: number): string {
  return w.sql((db) => db.prepare('SELECT status FROM contracts WHERE id = ?').pluck().get(contractId) as string);
}
