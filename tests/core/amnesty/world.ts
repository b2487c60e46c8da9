// A small world for the amnesty tests: master data and contracts go in with plain SQL through a second connection
// (those domains belong to others), signals through the real import command, amnesties through the registry.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDatabase } from '../../../core/db/open';
import type { WritableDb } from '../../../core/db/types';
import { generateCounterpartyRequisites } from '../../../core/requisites';
import type { Role } from '../../../core/users/roles';
import { closeAfterTest, testCore, userCaller, type TestCore } from '../../helpers/core';

export const NOW = '2026-12-03T10:00:00.000Z';
const FIXTURES = path.join(__dirname, '../../fixtures/amnesty');

type Envelope = Awaited<ReturnType<TestCore['core']['invoke']>>;

const USERS: { login: string; roles: Role[]; scope?: { kind: 'district' | 'region'; code: string }[] }[] = [
  { login: 'adm', roles: ['admin'] },
  { login: 'asst', roles: ['assistant'] },
  { login: 'fin', roles: ['finance'] },
  { login: 'lawyer', roles: ['legal'] },
  { login: 'lawyer2', roles: ['legal'] },
  { login: 'dir', roles: ['director'] },
  { login: 'mgr', roles: ['manager'], scope: [{ kind: 'district', code: 'ПФО' }] },
  // A lawyer of the Central district: sees Москва (K2), not Татарстан (K1).
  { login: 'lawyerCfo', roles: ['legal'], scope: [{ kind: 'district', code: 'ЦФО' }] },
];

export interface AmnestyWorld {
  t: TestCore;
  db: WritableDb;
  dataDir: string;
  contracts: { K1: number; K2: number };
  call(login: string, name: string, input?: unknown): Promise<Envelope>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ok<T = any>(login: string, name: string, input?: unknown): Promise<T>;
  /** Signal id by visit id (and object code when a visit has several signals). */
  sig(visitId: string, objectCode?: string): number;
  /** The cached contract_months row. */
  month(contractId: number, month: string): { month_fee: number; penalty_bp: number; penalty: number; payout: number; vat: number; payout_total: number } | undefined;
  /** Row count of a table. */
  count(table: string): number;
  /** Every file under `<dataDir>/evidence` (relative paths). */
  evidenceFiles(): string[];
}

/** Reads a fixture as an evidence upload, optionally under another name. */
export function fixture(file: string, asName = file): { fileName: string; contentBase64: string } {
  return { fileName: asName, contentBase64: fs.readFileSync(path.join(FIXTURES, file)).toString('base64') };
}

/** An evidence upload from bytes. */
export function upload(fileName: string, bytes: Uint8Array): { fileName: string; contentBase64: string } {
  return { fileName, contentBase64: Buffer.from(bytes).toString('base64') };
}

function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
  );
}

const HEADER = ['visit_id', 'visit_date', 'outlet_code', 'rep_code', 'signal_type', 'sku_code', 'equipment_code', 'photo_ref', 'source'];

/**
 * Signals of the world (all matched to K1 unless said otherwise). K1: 300 000 ₽ a month, VAT 22 %, SKU-1..3, EQ-1,
 * a schedule; K2: 100 000 ₽, SKU-1, a schedule.
 * - March K1: SKU-1 at M-01 (counted) and M-02 (repeat), SKU-2 at M-03, closed on the 21st (M-04) → 40 % = 120 000 ₽;
 *   M-05 is OOS of SKU-9, in no contract → unmatched.
 * - April K1: EQUIPMENT 100 % + SKU-1 10 % → 110 %, capped at 100 % = 300 000 ₽.
 * - May K1: 200 visits B-001..B-200, OOS of SKU-1..3 in turn → 30 % = 90 000 ₽ (the bulk case).
 * - March K2 (Москва): SKU-1 at K2-01 → 10 % = 10 000 ₽.
 */
export function signalRows(): string[][] {
  const rows: string[][] = [
    ['M-01', '03.03.2026', 'TT-001', 'R1', 'OOS', 'SKU-1', '', 'ir/M-01.jpg', 'IR'],
    ['M-02', '10.03.2026', 'TT-002', 'R1', 'OOS', 'SKU-1', '', '', 'SFA'],
    ['M-03', '12.03.2026', 'TT-001', 'R1', 'OOS', 'SKU-2', '', '', 'IR'],
    ['M-04', '21.03.2026', 'TT-001', 'R1', 'SCHEDULE', '', '', '', 'SFA'],
    ['M-05', '05.03.2026', 'TT-001', 'R1', 'OOS', 'SKU-9', '', '', 'IR'],
    ['A-01', '02.04.2026', 'TT-001', 'R1', 'EQUIPMENT', '', 'EQ-1', '', 'IR'],
    ['A-02', '03.04.2026', 'TT-001', 'R1', 'OOS', 'SKU-1', '', '', 'IR'],
    ['K2-01', '04.03.2026', 'TT-101', 'R2', 'OOS', 'SKU-1', '', '', 'IR'],
  ];
  for (let i = 1; i <= 200; i++) {
    const day = String(((i - 1) % 31) + 1).padStart(2, '0');
    rows.push([`B-${String(i).padStart(3, '0')}`, `${day}.05.2026`, i % 2 ? 'TT-001' : 'TT-002', 'R1', 'OOS', `SKU-${(i % 3) + 1}`, '', '', 'IR']);
  }
  return rows;
}

/** Builds the world and imports its signals. */
export async function makeAmnestyWorld(): Promise<AmnestyWorld> {
  const t = testCore(USERS.map((u) => ({ login: u.login, roles: u.roles })));
  const db = openDatabase(t.dbPath);
  closeAfterTest(db, t.core);
  for (const u of USERS) {
    const uid = db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(u.login) as number;
    for (const s of u.scope ?? []) db.prepare('INSERT INTO user_scopes (user_id, kind, code) VALUES (?, ?, ?)').run(uid, s.kind, s.code);
  }
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const req = generateCounterpartyRequisites(rand, 'ЮЛ');
  const cp = Number(
    db
      .prepare(
        `INSERT INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name, created_at, updated_at)
         VALUES (?, 'ООО «Ромашка»', ?, ?, ?, 'VAT', ?, ?, ?, 'Банк', ?, ?)`,
      )
      .run(req.type, req.inn, req.kpp, req.ogrn, req.bik, req.account, req.corr_account, NOW, NOW).lastInsertRowid,
  );
  const outlets: Record<string, number> = {};
  for (const [code, region] of [['TT-001', '16'], ['TT-002', '16'], ['TT-101', '77']]) {
    outlets[code] = Number(db.prepare('INSERT INTO outlets (code, name, region_code, counterparty_id) VALUES (?, ?, ?, ?)').run(code, `Магазин ${code}`, region, cp).lastInsertRowid);
  }
  const skus: Record<string, number> = {};
  for (const code of ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-9']) skus[code] = Number(db.prepare('INSERT INTO skus (code, name) VALUES (?, ?)').run(code, `Товар ${code}`).lastInsertRowid);
  const eq = Number(db.prepare("INSERT INTO equipment_types (code, name) VALUES ('EQ-1', 'Холодильник')").run().lastInsertRowid);
  const schedule = 'Пн-Пт 08:00-22:00; Сб-Вс 10:00-20:00';
  const addContract = (number: string, outletCodes: string[], fee: number, skuCodes: string[], withEq: boolean) => {
    const cid = Number(
      db
        .prepare(
          `INSERT INTO contracts (number, counterparty_id, category, start_date, end_date, status, signed_date, created_at, updated_at)
           VALUES (?, ?, 'BEVERAGES', '2026-01-01', '2026-12-31', 'active', '2025-12-20', ?, ?)`,
        )
        .run(number, cp, NOW, NOW).lastInsertRowid,
    );
    for (const o of outletCodes) db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)').run(cid, outlets[o]);
    const tid = Number(
      db.prepare('INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, created_at) VALUES (?, ?, ?, ?, ?)').run(cid, '2026-01-01', fee, schedule, NOW)
        .lastInsertRowid,
    );
    for (const s of skuCodes) db.prepare('INSERT INTO terms_skus (terms_id, sku_id) VALUES (?, ?)').run(tid, skus[s]);
    if (withEq) db.prepare('INSERT INTO terms_equipment (terms_id, equipment_id) VALUES (?, ?)').run(tid, eq);
    return cid;
  };
  const contracts = {
    K1: addContract('MK-2026-000101', ['TT-001', 'TT-002'], 30_000_000, ['SKU-1', 'SKU-2', 'SKU-3'], true),
    K2: addContract('MK-2026-000102', ['TT-101'], 10_000_000, ['SKU-1'], false),
  };

  const { call, ok } = userCaller(t);
  const csv = [HEADER, ...signalRows()].map((r) => r.join(',')).join('\r\n') + '\r\n';
  const imported: { committed: boolean } = await ok('asst', 'signals.importFile', {
    fileName: 'visits.csv',
    contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
    mode: 'commit',
  });
  if (!imported.committed) throw new Error('The world’s signals file did not import');
  const dataDir = path.dirname(t.dbPath);
  return {
    t,
    db,
    dataDir,
    contracts,
    call,
    ok,
    sig: (visitId, objectCode) => {
      const ids = db
        .prepare(`SELECT s.id FROM signals s JOIN visits v ON v.id = s.visit_row_id WHERE v.visit_id = ? AND (? IS NULL OR s.object_code = ?)`)
        .pluck()
        .all(visitId, objectCode ?? null, objectCode ?? null) as number[];
      if (ids.length !== 1) throw new Error(`Expected one signal for ${visitId}, found ${ids.length}`);
      return ids[0];
    },
    month: (contractId, m) =>
      db.prepare('SELECT month_fee, penalty_bp, penalty, payout, vat, payout_total FROM contract_months WHERE contract_id = ? AND month = ?').get(contractId, m) as never,
    count: (table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    evidenceFiles: () => listFiles(path.join(dataDir, 'evidence')).sort(),
  };
}
