// Money invariants under random input (issue 10), on a real demo store through the real commands: random signals files,
// random terms changes and amnesties; after each step every contract-month keeps payout ≥ 0, penalty ≤ month fee,
// payout = fee − penalty, total = payout + VAT; an amnesty then its revocation restores the exact previous amounts;
// a payment registry's header equals the sum of its lines.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock';
import { openCore, silentSink, type Core } from '../../../core/index';

const FIXTURES = path.resolve(__dirname, '../../fixtures/amnesty');
let dir: string;
let dbPath: string;
let core: Core;
const sessions = new Map<string, string>();

async function as(login: string, name: string, input: unknown): Promise<unknown> {
  let s = sessions.get(login);
  if (!s) {
    const env = await core.invoke('session.signIn', { login, password: 'demo' });
    if (!env.ok) throw new Error(env.error.message);
    sessions.set(login, (s = (env.data as { token: string }).token));
  }
  const env = await core.invoke(name, input, { session: s });
  if (!env.ok) throw new Error(`${name} as ${login}: ${env.error.code} ${env.error.message}`);
  return env.data;
}

function read<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

interface MonthRow {
  contract_id: number;
  month: string;
  month_fee: number;
  penalty: number;
  payout: number;
  vat: number;
  payout_total: number;
}

/** Every contract-month must satisfy the money rules of DOMAIN.md. */
function assertMonthInvariants(): number {
  const rows = read<MonthRow>('SELECT contract_id, month, month_fee, penalty, payout, vat, payout_total FROM contract_months');
  for (const r of rows) {
    const where = `contract ${r.contract_id} ${r.month}`;
    expect(Number.isInteger(r.month_fee) && Number.isInteger(r.penalty) && Number.isInteger(r.payout), where).toBe(true);
    expect(r.payout, where).toBeGreaterThanOrEqual(0);
    expect(r.penalty, where).toBeGreaterThanOrEqual(0);
    expect(r.penalty, where).toBeLessThanOrEqual(r.month_fee);
    expect(r.payout, where).toBe(r.month_fee - r.penalty);
    expect(r.vat, where).toBeGreaterThanOrEqual(0);
    expect(r.payout_total, where).toBe(r.payout + r.vat);
  }
  return rows.length;
}

let outlets: string[] = [];
let skus: string[] = [];
let equipment: string[] = [];
let run = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-invariants-'));
  dbPath = path.join(dir, 'mcm.sqlite');
  core = openCore({ dbPath, clock: fixedClock('2026-12-03T10:00:00.000Z'), logSink: silentSink });
  const env = await core.invoke('demo.load', { scale: 'small', seed: 99 });
  if (!env.ok) throw new Error(env.error.message);
  // Outlets under contracts in force, so most random signals match and move money.
  outlets = read<{ code: string }>(
    `SELECT DISTINCT o.code FROM outlets o JOIN contract_outlets co ON co.outlet_id = o.id JOIN contracts c ON c.id = co.contract_id
     WHERE c.status = 'active' ORDER BY o.code`,
  ).map((r) => r.code);
  skus = read<{ code: string }>('SELECT code FROM skus ORDER BY code').map((r) => r.code);
  equipment = read<{ code: string }>('SELECT code FROM equipment_types ORDER BY code').map((r) => r.code);
}, 120_000);

afterAll(() => {
  core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const signalArb = fc.record({
  outlet: fc.nat(),
  sku: fc.nat(),
  equipment: fc.nat(),
  day: fc.integer({ min: 1, max: 30 }),
  type: fc.constantFrom('OOS', 'OOS', 'EQUIPMENT', 'SCHEDULE', ''),
});

describe('money invariants (property-based)', () => {
  it('hold after random signals files', async () => {
    expect(assertMonthInvariants()).toBeGreaterThan(100);
    await fc.assert(
      fc.asyncProperty(fc.array(signalArb, { minLength: 1, maxLength: 60 }), async (signals) => {
        run++;
        const lines = ['ИД визита;Дата визита;Код ТТ;Тип сигнала;Код SKU;Код оборудования;Источник'];
        signals.forEach((s, i) => {
          const sku = s.type === 'OOS' ? skus[s.sku % skus.length] : '';
          const eq = s.type === 'EQUIPMENT' ? equipment[s.equipment % equipment.length] : '';
          lines.push(`P${run}-${i};${String(s.day).padStart(2, '0')}.11.2026;${outlets[s.outlet % outlets.length]};${s.type};${sku};${eq};IR`);
        });
        const contentBase64 = Buffer.from(lines.join('\r\n')).toString('base64');
        const res = (await as('assistant', 'signals.importFile', { fileName: `p${run}.csv`, contentBase64, mode: 'commit' })) as { committed: boolean; errors: unknown[] };
        expect(res.errors).toEqual([]);
        expect(res.committed).toBe(true);
        assertMonthInvariants();
      }),
      { numRuns: 12, seed: 20261203 },
    );
  }, 240_000);

  it('an amnesty then its revocation restores the exact previous amounts', async () => {
    const candidates = read<{ contract_id: number; month: string }>(
      `SELECT cm.contract_id, cm.month FROM contract_months cm
       WHERE cm.penalty > 0 AND EXISTS (SELECT 1 FROM signals s JOIN visits v ON v.id = s.visit_row_id
         WHERE s.contract_id = cm.contract_id AND s.amnesty_id IS NULL AND substr(v.visit_date, 1, 7) = cm.month)
       ORDER BY cm.contract_id, cm.month`,
    );
    expect(candidates.length).toBeGreaterThan(0);
    let granted = 0;
    const evidence = [{ fileName: 'receipt.png', contentBase64: fs.readFileSync(path.join(FIXTURES, 'receipt.png')).toString('base64') }];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: candidates.length - 1 }), async (i) => {
        const { contract_id: contractId, month } = candidates[i];
        const before = read<MonthRow>('SELECT * FROM contract_months WHERE contract_id = ? ORDER BY month', contractId);
        const preview = (await as('legal', 'amnesty.preview', { contractId, month })) as { canGrant: boolean };
        if (!preview.canGrant) return; // e.g. everything in that month is already amnestied
        const g = (await as('legal', 'amnesty.grant', { contractId, month, reasonCode: 'IR_ERROR', comment: 'Проверка инвариантов', evidence })) as { id: number; status: string };
        granted++;
        if (g.status === 'pending') await as('director', 'amnesty.confirm', { id: g.id });
        assertMonthInvariants();
        await as('legal', 'amnesty.revoke', { id: g.id, reason: 'Проверка инвариантов: отмена' });
        expect(read<MonthRow>('SELECT * FROM contract_months WHERE contract_id = ? ORDER BY month', contractId)).toEqual(before);
      }),
      { numRuns: 8, seed: 7 },
    );
    expect(granted).toBeGreaterThan(0);
  }, 240_000);

  it('a payment registry header equals the sum of its lines', async () => {
    const months = read<{ month: string }>("SELECT DISTINCT month FROM contract_months WHERE payout > 0 AND month < '2026-12' ORDER BY month DESC LIMIT 2");
    for (const { month } of months) {
      await as('finance', 'payments.buildRegistry', { month });
    }
    const heads = read<{ id: number; line_count: number; total_payout: number; total_vat: number; total: number }>('SELECT * FROM registries');
    expect(heads.length).toBeGreaterThan(0);
    for (const h of heads) {
      const [sum] = read<{ n: number; payout: number | null; vat: number | null; total: number | null }>(
        'SELECT count(*) AS n, sum(payout) AS payout, sum(vat) AS vat, sum(total) AS total FROM registry_lines WHERE registry_id = ?',
        h.id,
      );
      expect({ n: h.line_count, payout: h.total_payout, vat: h.total_vat, total: h.total }).toEqual({
        n: sum.n,
        payout: sum.payout ?? 0,
        vat: sum.vat ?? 0,
        total: sum.total ?? 0,
      });
      expect(h.total).toBe(h.total_payout + h.total_vat);
    }
  }, 120_000);
});
