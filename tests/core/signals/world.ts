// A small, hand-made world for the signals and penalties integration tests: master data and contracts go in with
// plain SQL through a second connection (those domains belong to others); signals go in through the commands.
import { openDatabase } from '../../../core/db/open';
import type { WritableDb } from '../../../core/db/types';
import { generateCounterpartyRequisites } from '../../../core/requisites';
import type { Role } from '../../../core/users/roles';
import { closeAfterTest, testCore, userCaller, type TestCore } from '../../helpers/core';
import { createRandom } from '../../../core/demo/random';

export const NOW = '2026-12-03T10:00:00.000Z';

type Envelope = Awaited<ReturnType<TestCore['core']['invoke']>>;

const USERS: { login: string; roles: Role[]; scope?: { kind: 'district' | 'region'; code: string }[] }[] = [
  { login: 'adm', roles: ['admin'] },
  { login: 'asst', roles: ['assistant'] },
  { login: 'fin', roles: ['finance'] },
  { login: 'lawyer', roles: ['legal'] },
  { login: 'mgr', roles: ['manager'], scope: [{ kind: 'district', code: 'ПФО' }] },
];

/** Outlets: code → region (16 Татарстан and 63 Самара are ПФО, 77 Москва is ЦФО). */
export const OUTLETS: Record<string, string> = { 'TT-001': '16', 'TT-002': '16', 'TT-101': '77', 'TT-200': '63' };

export interface SignalsWorld {
  t: TestCore;
  db: WritableDb;
  outlets: Record<string, number>;
  contracts: Record<'C1' | 'C2' | 'C3' | 'C4', number>;
  call(login: string, name: string, input?: unknown): Promise<Envelope>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ok<T = any>(login: string, name: string, input?: unknown): Promise<T>;
}


/**
 * Contracts of the world (all 2026-01-01 … 2026-12-31):
 * - C1 MK-2026-000001, VAT, BEVERAGES, outlets TT-001 + TT-002, active: SKU-1, SKU-2, EQ-1, a schedule;
 *   30 000 ₽ until 15 March, 40 000 ₽ from 16 March.
 * - C2 MK-2026-000002, NO_VAT, BEVERAGES, TT-101, terminated on 20 March: 15 500 ₽, SKU-1, no schedule.
 * - C3 MK-2026-000003, VAT, BEVERAGES, TT-200, draft: 20 000 ₽, a schedule.
 * - C4 MK-2026-000004, VAT, SNACKS, TT-001, active: 10 000 ₽, SKU-4, no schedule.
 */
export function makeSignalsWorld(): SignalsWorld {
  const t = testCore(USERS.map((u) => ({ login: u.login, roles: u.roles })));
  const db = openDatabase(t.dbPath);
  closeAfterTest(db, t.core);
  for (const u of USERS) {
    const id = db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(u.login) as number;
    for (const s of u.scope ?? []) db.prepare('INSERT INTO user_scopes (user_id, kind, code) VALUES (?, ?, ?)').run(id, s.kind, s.code);
  }
  const rand = createRandom(7).next;
  const addCp = (name: string, vat: string) => {
    const req = generateCounterpartyRequisites(rand, 'ЮЛ');
    return Number(
      db
        .prepare(
          `INSERT INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Банк', ?, ?)`,
        )
        .run(req.type, name, req.inn, req.kpp, req.ogrn, vat, req.bik, req.account, req.corr_account, NOW, NOW).lastInsertRowid,
    );
  };
  const vat = addCp('ООО «Ромашка»', 'VAT');
  const noVat = addCp('ООО «Без НДС»', 'NO_VAT');
  const outlets: Record<string, number> = {};
  for (const [code, region] of Object.entries(OUTLETS)) {
    const owner = code === 'TT-101' ? noVat : vat;
    outlets[code] = Number(
      db.prepare('INSERT INTO outlets (code, name, region_code, counterparty_id) VALUES (?, ?, ?, ?)').run(code, `Магазин ${code}`, region, owner).lastInsertRowid,
    );
  }
  const skus: Record<string, number> = {};
  for (const code of ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4']) {
    skus[code] = Number(db.prepare('INSERT INTO skus (code, name) VALUES (?, ?)').run(code, `Товар ${code}`).lastInsertRowid);
  }
  const equipment: Record<string, number> = {};
  for (const code of ['EQ-1', 'EQ-2']) {
    equipment[code] = Number(db.prepare('INSERT INTO equipment_types (code, name) VALUES (?, ?)').run(code, `Оборудование ${code}`).lastInsertRowid);
  }
  const addContract = (
    number: string,
    cp: number,
    category: string,
    status: string,
    outletCodes: string[],
    terminated: string | null,
    versions: { from: string; fee: number; skus: string[]; eq: string[]; schedule: string | null }[],
  ) => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO contracts (number, counterparty_id, category, start_date, end_date, status, signed_date, terminated_date, created_at, updated_at)
           VALUES (?, ?, ?, '2026-01-01', '2026-12-31', ?, ?, ?, ?, ?)`,
        )
        .run(number, cp, category, status, status === 'draft' ? null : '2025-12-20', terminated, NOW, NOW).lastInsertRowid,
    );
    for (const o of outletCodes) db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)').run(id, outlets[o]);
    for (const v of versions) {
      const tid = Number(
        db
          .prepare('INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, v.from, v.fee, v.schedule, NOW).lastInsertRowid,
      );
      for (const s of v.skus) db.prepare('INSERT INTO terms_skus (terms_id, sku_id) VALUES (?, ?)').run(tid, skus[s]);
      for (const e of v.eq) db.prepare('INSERT INTO terms_equipment (terms_id, equipment_id) VALUES (?, ?)').run(tid, equipment[e]);
    }
    return id;
  };
  const schedule = 'Пн-Пт 08:00-22:00; Сб-Вс 10:00-20:00';
  const contracts = {
    C1: addContract('MK-2026-000001', vat, 'BEVERAGES', 'active', ['TT-001', 'TT-002'], null, [
      { from: '2026-01-01', fee: 3_000_000, skus: ['SKU-1', 'SKU-2'], eq: ['EQ-1'], schedule },
      { from: '2026-03-16', fee: 4_000_000, skus: ['SKU-1', 'SKU-2'], eq: ['EQ-1'], schedule },
    ]),
    C2: addContract('MK-2026-000002', noVat, 'BEVERAGES', 'terminated', ['TT-101'], '2026-03-20', [
      { from: '2026-01-01', fee: 1_550_000, skus: ['SKU-1'], eq: [], schedule: null },
    ]),
    C3: addContract('MK-2026-000003', vat, 'BEVERAGES', 'draft', ['TT-200'], null, [
      { from: '2026-01-01', fee: 2_000_000, skus: ['SKU-1'], eq: [], schedule },
    ]),
    C4: addContract('MK-2026-000004', vat, 'SNACKS', 'active', ['TT-001'], null, [
      { from: '2026-01-01', fee: 1_000_000, skus: ['SKU-4'], eq: [], schedule: null },
    ]),
  };

  const { call, ok } = userCaller(t);
  return { t, db, outlets, contracts, call, ok };
}

/** The March 2026 file of the tests, one row per signal or clean visit (comments say what each row should do). */
export const MARCH_ROWS: string[][] = [
  ['visit_id', 'visit_date', 'outlet_code', 'rep_code', 'signal_type', 'sku_code', 'equipment_code', 'photo_ref', 'source'],
  ['V-01', '03.03.2026', 'TT-001', 'R1', 'OOS', 'SKU-1', '', 'ir/V-01-1.jpg', 'IR'], // C1, SKU-1 counted
  ['V-01', '03.03.2026', 'TT-001', 'R1', 'OOS', 'SKU-2', '', 'ir/V-01-2.jpg', 'IR'], // C1, SKU-2 counted
  ['V-02', '2026-03-10', 'TT-002', 'R1', 'OOS', 'SKU-1', '', '', 'SFA'], // C1, SKU-1 repeat (other outlet)
  ['V-03', '2026-03-21', 'TT-001', 'R1', 'SCHEDULE', '', '', '', 'SFA'], // C1 (C4 has no schedule), 20 %
  ['V-04', '2026-03-22', 'TT-001', 'R1', '', '', '', '', 'SFA'], // clean visit
  ['V-05', '2026-03-05', 'TT-001', 'R1', 'OOS', 'SKU-3', '', '', 'IR'], // unmatched: SKU-3 in no contract
  ['V-06', '2026-03-08', 'TT-001', 'R1', 'OOS', 'SKU-4', '', '', 'IR'], // C4 (SNACKS), 10 %
  ['V-07', '2026-03-05', 'TT-101', 'R2', 'OOS', 'SKU-1', '', '', 'IR'], // C2, 10 %
  ['V-08', '2026-03-25', 'TT-101', 'R2', 'OOS', 'SKU-1', '', '', 'IR'], // unmatched: after C2's termination
  ['V-09', '2026-03-06', 'TT-200', 'R3', 'SCHEDULE', '', '', '', 'SFA'], // unmatched: C3 is a draft
  ['V-10', '2026-03-07', 'TT-101', 'R2', 'SCHEDULE', '', '', '', 'SFA'], // unmatched: C2 has no schedule
  ['V-11', '2026-04-02', 'TT-001', 'R1', 'EQUIPMENT', '', 'EQ-1', '', 'IR'], // C1 April, 100 %
];

/** Rows as CSV text with the given delimiter (RFC 4180 quoting where needed). */
export function toCsv(rows: string[][], delimiter = ','): string {
  const cell = (s: string) => (s.includes(delimiter) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}

/** The input of signals.importFile for bytes. */
export function fileInput(fileName: string, bytes: Uint8Array | string, extra: Record<string, unknown> = {}) {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  return { fileName, contentBase64: buf.toString('base64'), mode: 'commit', ...extra };
}

/** windows-1251 bytes of a string (ASCII, Cyrillic, Ё/ё and №), as Russian Excel saves CSV. */
export function cp1251(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[i] = c;
    else if (c >= 0x410 && c <= 0x44f) out[i] = c - 0x410 + 0xc0;
    else if (c === 0x401) out[i] = 0xa8;
    else if (c === 0x451) out[i] = 0xb8;
    else if (c === 0x2116) out[i] = 0xb9;
    else throw new Error(`No cp1251 byte for U+${c.toString(16)}`);
  }
  return out;
}
