// Small, explicit test data for the contracts domain: master data goes in with plain SQL through a second connection
// (the master-data commands belong to other domains), contracts go in through commands or insertContract().
import { openDatabase } from '../../../core/db/open';
import type { WritableDb } from '../../../core/db/types';
import type { Role } from '../../../core/users/roles';
import { generateCounterpartyRequisites } from '../../../core/requisites';
import { closeAfterTest, testCore, userCaller, type TestCore } from '../../helpers/core';
import { createRandom } from '../../../core/demo/random';

/** The demo generator's seeded PRNG (mulberry32): the same seed gives the same values on every run. */
export const seededRand = (seed: number): (() => number) => createRandom(seed).next;

/** INN of the fixture's main counterparty, ООО «Ромашка». */
export const GOOD_INN = '7707083893';

/** The fixed clock of testCore. */
export const NOW = '2026-12-03T10:00:00.000Z';
/** The fixed clock's day. */
export const TODAY = '2026-12-03';

const USERS: { login: string; roles: Role[]; scope?: { kind: 'district' | 'region'; code: string }[] }[] = [
  { login: 'adm', roles: ['admin'] },
  { login: 'mgr', roles: ['manager'], scope: [{ kind: 'district', code: 'ПФО' }] },
  { login: 'mgr77', roles: ['manager'], scope: [{ kind: 'region', code: '77' }] },
  { login: 'lawyer', roles: ['legal'] },
  { login: 'asst', roles: ['assistant'] },
  { login: 'fin', roles: ['finance'] },
];

/** Outlets of the fixture: code → region (16 Татарстан and 63 Самара are ПФО, 77 Москва is ЦФО). */
export const OUTLETS: Record<string, string> = {
  'TT-001': '16',
  'TT-002': '16',
  'TT-003': '63',
  'TT-004': '16',
  'TT-101': '77',
  'TT-102': '77',
};

/** A seeded test world: the core, a second connection, and ids by name. */
export interface World {
  t: TestCore;
  /** A second connection to the same file, for seeding and direct assertions. */
  db: WritableDb;
  users: Record<string, number>;
  cp: { good: number; goodInn: string; ip: number; ipInn: string; bad: number; badInn: string };
  outlets: Record<string, number>;
  skus: Record<string, number>;
  equipment: Record<string, number>;
  /** Calls a command as the named user (signs in once per login). */
  call(login: string, name: string, input?: unknown): Promise<Envelope>;
  /** Calls a command and returns its data, failing the test with the error message otherwise. */
  ok<T = any>(login: string, name: string, input?: unknown): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Envelope = Awaited<ReturnType<TestCore['core']['invoke']>>;

/** A core with users (with scopes), three counterparties (one with broken requisites), outlets, SKUs, equipment. */
export function makeWorld(): World {
  const t = testCore(USERS.map((u) => ({ login: u.login, roles: u.roles })));
  const db = openDatabase(t.dbPath);
  closeAfterTest(db, t.core);
  const users: Record<string, number> = {};
  for (const u of USERS) {
    users[u.login] = db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(u.login) as number;
    for (const s of u.scope ?? []) db.prepare('INSERT INTO user_scopes (user_id, kind, code) VALUES (?, ?, ?)').run(users[u.login], s.kind, s.code);
  }
  const rand = seededRand(42);
  const addCp = (name: string, req: ReturnType<typeof generateCounterpartyRequisites>) =>
    Number(
      db
        .prepare(
          `INSERT INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'VAT', ?, ?, ?, 'Банк', ?, ?)`,
        )
        .run(req.type, name, req.inn, req.kpp, req.ogrn, req.bik, req.account, req.corr_account, NOW, NOW).lastInsertRowid,
    );
  // A fixed, valid ЮЛ so that static import fixtures (tests/fixtures/contracts) can name its INN.
  const goodReq = {
    type: 'ЮЛ' as const,
    inn: GOOD_INN,
    kpp: '773601001',
    ogrn: '1027700132195',
    bik: '044525225',
    account: '40702810938000000001',
    corr_account: '30101810400000000225',
  };
  const ipReq = generateCounterpartyRequisites(rand, 'ИП');
  const badReq = { ...generateCounterpartyRequisites(rand, 'ЮЛ'), kpp: null };
  badReq.inn = badReq.inn.slice(0, 9) + String((Number(badReq.inn[9]) + 1) % 10);
  const cp = {
    good: addCp('ООО «Ромашка»', goodReq),
    goodInn: goodReq.inn,
    ip: addCp('ИП Петров Пётр Петрович', ipReq),
    ipInn: ipReq.inn,
    bad: addCp('ООО «Кривые реквизиты»', badReq),
    badInn: badReq.inn,
  };
  const outlets: Record<string, number> = {};
  for (const [code, region] of Object.entries(OUTLETS)) {
    const owner = code.startsWith('TT-1') ? cp.ip : cp.good;
    outlets[code] = Number(
      db
        .prepare('INSERT INTO outlets (code, name, address, region_code, counterparty_id) VALUES (?, ?, ?, ?, ?)')
        .run(code, `Магазин ${code}`, `ул. Ленина, ${code.slice(3)}`, region, owner).lastInsertRowid,
    );
  }
  const skus: Record<string, number> = {};
  for (const code of ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5']) {
    skus[code] = Number(db.prepare('INSERT INTO skus (code, name, brand) VALUES (?, ?, ?)').run(code, `Товар ${code}`, 'Бренд').lastInsertRowid);
  }
  const equipment: Record<string, number> = {};
  for (const code of ['EQ-1', 'EQ-2', 'EQ-3']) {
    equipment[code] = Number(db.prepare('INSERT INTO equipment_types (code, name) VALUES (?, ?)').run(code, `Оборудование ${code}`).lastInsertRowid);
  }

  const { call, ok } = userCaller(t);
  return { t, db, users, cp, outlets, skus, equipment, call, ok };
}

/** Fields of a contract inserted by plain SQL; omitted ones get valid defaults. */
export interface ContractSeed {
  number: string;
  counterpartyId?: number | null;
  category?: string;
  managerUserId?: number | null;
  startDate?: string;
  endDate?: string;
  status?: string;
  outlets?: string[];
  monthlyFee?: number | null;
  outletFees?: Record<string, number>;
  signedDate?: string | null;
  skus?: string[];
  equipment?: string[];
  createdBy?: number | null;
}

/** Inserts a contract with one terms version by plain SQL (bypassing commands), for checks and list tests. */
export function insertContract(w: World, s: ContractSeed): number {
  const db = w.db;
  const id = Number(
    db
      .prepare(
        `INSERT INTO contracts (number, counterparty_id, category, manager_user_id, start_date, end_date, status, signed_date,
                                created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.number,
        s.counterpartyId === undefined ? w.cp.good : s.counterpartyId,
        s.category ?? 'BEVERAGES',
        s.managerUserId === undefined ? w.users.mgr : s.managerUserId,
        s.startDate ?? '2027-01-01',
        s.endDate ?? '2027-12-31',
        s.status ?? 'draft',
        s.signedDate ?? null,
        s.createdBy === undefined ? w.users.mgr : s.createdBy,
        NOW,
        NOW,
      ).lastInsertRowid,
  );
  for (const code of s.outlets ?? ['TT-001']) {
    db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)').run(id, w.outlets[code]);
  }
  if (s.monthlyFee !== null) {
    const termsId = Number(
      db
        .prepare("INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, created_at) VALUES (?, ?, ?, 'Пн-Вс 09:00-21:00', ?)")
        .run(id, s.startDate ?? '2027-01-01', s.monthlyFee ?? 1_500_000, NOW).lastInsertRowid,
    );
    for (const [code, fee] of Object.entries(s.outletFees ?? {})) {
      db.prepare('INSERT INTO terms_outlet_fees (terms_id, outlet_id, monthly_fee) VALUES (?, ?, ?)').run(termsId, w.outlets[code], fee);
    }
    for (const code of s.skus ?? []) db.prepare('INSERT INTO terms_skus (terms_id, sku_id) VALUES (?, ?)').run(termsId, w.skus[code]);
    for (const code of s.equipment ?? []) {
      db.prepare('INSERT INTO terms_equipment (terms_id, equipment_id) VALUES (?, ?)').run(termsId, w.equipment[code]);
    }
  }
  return id;
}
