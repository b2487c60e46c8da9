// A small world for the documents tests: master data, contracts, an agreement and payment registries go in with plain
// SQL through a second connection (those domains belong to others); documents are made through the commands.
import { unzipSync } from 'fflate';
import { openDatabase } from '../../../core/db/open';
import type { WritableDb } from '../../../core/db/types';
import type { Role } from '../../../core/users/roles';
import { closeAfterTest, testCore, userCaller, type TestCore } from '../../helpers/core';

export const NOW = '2026-12-03T10:00:00.000Z';
export const COMPANY_EDO = '2BM-7707083893-773601001-000000000000000000001';

const USERS: { login: string; roles: Role[]; region?: string }[] = [
  { login: 'fin', roles: ['finance'] },
  { login: 'lawyer', roles: ['legal'] },
  { login: 'mgr', roles: ['manager'] },
  // A lawyer of Москва only: sees contract A's documents, not B's (Татарстан).
  { login: 'lawyer77', roles: ['legal'], region: '77' },
];

export const COMPANY: Record<string, string> = {
  'company.name': 'АО «Северная пищевая компания»',
  'company.inn': '7707083893',
  'company.kpp': '773601001',
  'company.ogrn': '1027700132195',
  'company.address': '115035, г. Москва, ул. Садовническая, д. 20, стр. 1',
  'company.bik': '044525225',
  'company.account': '40702810400000000225',
  'company.corr_account': '30101810400000000225',
  'company.bank_name': 'ПАО Сбербанк',
  'company.edo_id': COMPANY_EDO,
  'company.signer_name': 'Смирнов Андрей Петрович',
  'company.signer_position': 'Генеральный директор',
};

/** A registry line as the tests write it. */
export interface LineSpec {
  contract: 'A' | 'B' | 'C';
  payout: number;
  vatRateBp: number;
  vat: number;
  kind?: 'payout' | 'adjustment';
}

export interface DocWorld {
  t: TestCore;
  db: WritableDb;
  contracts: { A: number; B: number; C: number };
  counterparties: { A: number; B: number; C: number };
  supplementId: number;
  lineIds: Record<string, number>;
  call: ReturnType<typeof userCaller>['call'];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ok<T = any>(login: string, name: string, input?: unknown): Promise<T>;
  addRegistry(month: string, status: 'draft' | 'approved' | 'exported' | 'paid', lines: LineSpec[]): number[];
}

/**
 * Three counterparties: A = ООО with quotes and `&` in its name, VAT, EDO id, Москва; B = ИП Петров without VAT, EDO id,
 * Татарстан; C = ООО with VAT but no EDO id. Contract A has an agreement raising its fee from 15 September 2026.
 */
export function makeDocWorld(): DocWorld {
  const t = testCore(USERS);
  const db = openDatabase(t.dbPath);
  closeAfterTest(db, t.core);
  for (const u of USERS.filter((x) => x.region)) {
    db.prepare("INSERT INTO user_scopes (user_id, kind, code) SELECT id, 'region', ? FROM users WHERE login = ?").run(u.region, u.login);
  }
  const { call, ok } = userCaller(t);
  for (const [k, v] of Object.entries(COMPANY)) db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run(k, v, NOW);
  const cp = (type: string, name: string, inn: string, kpp: string | null, ogrn: string, vat: string, edo: string | null, address: string | null) =>
    Number(
      db
        .prepare(
          `INSERT INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name, address, edo_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, '044525225', '40702810400000000225', '30101810400000000225', 'ПАО Сбербанк', ?, ?, ?, ?)`,
        )
        .run(type, name, inn, kpp, ogrn, vat, address, edo, NOW, NOW).lastInsertRowid,
    );
  const counterparties = {
    A: cp('ЮЛ', 'ООО "Рога & Копыта"', '7804431521', '780401001', '1027700132195', 'VAT', '2BM-7804431521-780401001-000000000000000000002', '194064, г. Санкт-Петербург, ул. Политехническая, д. 29'),
    B: cp('ИП', 'ИП Петров Пётр Петрович', '500100732259', null, '304500116000157', 'NO_VAT', '2BM-500100732259-000000000000000000000000003', null),
    C: cp('ЮЛ', 'ООО «Без ЭДО»', '6663003127', '666301001', '1027700132195', 'VAT', null, 'г. Казань'),
  };
  const sku = Number(db.prepare("INSERT INTO skus (code, name, brand) VALUES ('SKU-1', 'Сок яблочный 1 л', 'Сады')").run().lastInsertRowid);
  const sku2 = Number(db.prepare("INSERT INTO skus (code, name, brand) VALUES ('SKU-2', 'Нектар вишнёвый', 'Сады')").run().lastInsertRowid);
  const eq = Number(db.prepare("INSERT INTO equipment_types (code, name) VALUES ('FRIDGE', 'Холодильник брендированный')").run().lastInsertRowid);
  const contract = (key: 'A' | 'B' | 'C', region: string, fee: number) => {
    const outlet = Number(
      db
        .prepare('INSERT INTO outlets (code, name, address, region_code, counterparty_id) VALUES (?, ?, ?, ?, ?)')
        .run(`TT-${key}`, `Магазин ${key}`, `ул. Ленина, д. ${key.charCodeAt(0)}`, region, counterparties[key]).lastInsertRowid,
    );
    const id = Number(
      db
        .prepare(
          `INSERT INTO contracts (number, counterparty_id, category, start_date, end_date, status, signed_date, created_at, updated_at)
           VALUES (?, ?, 'BEVERAGES', '2025-01-01', '2026-12-31', 'active', '2024-12-20', ?, ?)`,
        )
        .run(`MK-2025-00000${key.charCodeAt(0) - 64}`, counterparties[key], NOW, NOW).lastInsertRowid,
    );
    db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)').run(id, outlet);
    const terms = Number(
      db
        .prepare("INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, created_at) VALUES (?, '2025-01-01', ?, 'Пн-Вс 09:00-21:00', ?)")
        .run(id, fee, NOW).lastInsertRowid,
    );
    db.prepare('INSERT INTO terms_skus (terms_id, sku_id) VALUES (?, ?)').run(terms, sku);
    db.prepare('INSERT INTO terms_equipment (terms_id, equipment_id) VALUES (?, ?)').run(terms, eq);
    return id;
  };
  const contracts = { A: contract('A', '77', 10_000_000), B: contract('B', '16', 5_000_000), C: contract('C', '16', 3_000_000) };
  // The agreement: fee 100 000 → 120 000 ₽ and SKU-2 added from 15.09.2026.
  const terms2 = Number(
    db
      .prepare("INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, reason, created_at) VALUES (?, '2026-09-15', 12000000, 'Пн-Вс 09:00-21:00', 'supplement', ?)")
      .run(contracts.A, NOW).lastInsertRowid,
  );
  db.prepare('INSERT INTO terms_skus (terms_id, sku_id) VALUES (?, ?), (?, ?)').run(terms2, sku, terms2, sku2);
  const details = {
    comment: 'Расширение ассортимента',
    changes: [
      { field: 'monthlyFee', before: 10_000_000, after: 12_000_000 },
      { field: 'skuCodes', before: ['SKU-1'], after: ['SKU-1', 'SKU-2'] },
    ],
  };
  const supplementId = Number(
    db
      .prepare(
        "INSERT INTO supplementary_agreements (contract_id, number, kind, effective_from, terms_id, details_json, created_at) VALUES (?, 'ДС-1', 'mixed', '2026-09-15', ?, ?, '2026-09-10T08:00:00.000Z')",
      )
      .run(contracts.A, terms2, JSON.stringify(details)).lastInsertRowid,
  );

  const lineIds: Record<string, number> = {};
  let regSeq = 0;
  const addRegistry = (month: string, status: 'draft' | 'approved' | 'exported' | 'paid', lines: LineSpec[]) => {
    regSeq++;
    const reg = Number(
      db
        .prepare('INSERT INTO registries (month, number, status, line_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(month, `Р-${month}-${regSeq}`, status, lines.length, NOW, NOW).lastInsertRowid,
    );
    const ids: number[] = [];
    for (const l of lines) {
      const c = db.prepare('SELECT * FROM counterparties WHERE id = ?').get(counterparties[l.contract]) as Record<string, string | null>;
      const k = db.prepare('SELECT number, signed_date FROM contracts WHERE id = ?').get(contracts[l.contract]) as { number: string; signed_date: string };
      const region = l.contract === 'A' ? '77' : '16';
      const id = Number(
        db
          .prepare(
            `INSERT INTO registry_lines (registry_id, kind, contract_id, month, contract_number, contract_date, counterparty_id, counterparty_name,
               counterparty_type, inn, kpp, bik, account, corr_account, bank_name, vat_mode, edo_id, region_code, federal_district,
               month_fee, penalty, payout, vat_rate_bp, vat, total)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(reg, l.kind ?? 'payout', contracts[l.contract], month, k.number, k.signed_date, counterparties[l.contract], c.name, c.type, c.inn, c.kpp, c.bik,
            c.account, c.corr_account, c.bank_name, c.vat_mode, c.edo_id, region, region === '77' ? 'ЦФО' : 'ПФО', l.payout, 0, l.payout, l.vatRateBp, l.vat, l.payout + l.vat).lastInsertRowid,
      );
      lineIds[`${month}:${l.contract}`] = id;
      ids.push(id);
    }
    return ids;
  };
  return { t, db, contracts, counterparties, supplementId, lineIds, call, ok, addRegistry };
}

/** The visible text of a DOCX (all w:t runs of word/document.xml, paragraphs on their own lines). */
export function docxText(bytes: Uint8Array): { text: string; xml: string } {
  const files = unzipSync(bytes);
  const xml = new TextDecoder().decode(files['word/document.xml']);
  const text = xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
  return { text, xml };
}
