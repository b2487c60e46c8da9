// Rolling a signals batch back: data goes, the contract-month cache returns to exactly what it was, the journal stays.
import { describe, expect, it } from 'vitest';
import { approvedRegistryDependsOnBatch } from '../../../core/signals/rollback';
import { fileInput, makeSignalsWorld, MARCH_ROWS, toCsv, type SignalsWorld } from './world';

const table = (w: SignalsWorld, t: string) => w.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
/** The cache without its timestamp: the money must come back exactly, computed_at tells when it was recomputed. */
const months = (w: SignalsWorld) =>
  w.db.prepare('SELECT contract_id, month, month_fee, penalty_bp, penalty, payout, vat, payout_total FROM contract_months ORDER BY 1, 2').raw().all();

describe('signals.rollbackBatch', () => {
  it('restores the exact previous contract_months and removes the batch’s visits and signals', async () => {
    const w = makeSignalsWorld();
    // An earlier file and a full cache, so "previous" is a real state with penalties in it.
    const early = [MARCH_ROWS[0], ['E-1', '02.03.2026', 'TT-001', '', 'OOS', 'SKU-2', '', '', 'IR'], ['E-2', '04.03.2026', 'TT-101', '', '', '', '', '', 'SFA']];
    await w.ok('asst', 'signals.importFile', fileInput('early.csv', toCsv(early)));
    await w.ok('adm', 'penalties.recompute', {});
    const before = { months: months(w), cache: table(w, 'contract_months'), visits: table(w, 'visits'), signals: table(w, 'signals') };

    w.t.clock.advance(3_600_000);
    const r = await w.ok('asst', 'signals.importFile', fileInput('march.csv', toCsv(MARCH_ROWS)));
    expect(months(w)).not.toEqual(before.months);

    w.t.clock.advance(3_600_000);
    const undo = await w.ok('fin', 'signals.rollbackBatch', { batchId: r.batchId });
    expect(undo).toMatchObject({ batchId: r.batchId, fileName: 'march.csv', signalsDeleted: 11, visitsDeleted: 11 });
    expect(months(w)).toEqual(before.months);
    // Rows the batch never touched keep even their timestamp; touched ones carry the rollback's time.
    const stamps = w.db.prepare('SELECT DISTINCT computed_at FROM contract_months ORDER BY 1').pluck().all();
    expect(stamps).toEqual(['2026-12-03T10:00:00.000Z', '2026-12-03T12:00:00.000Z']);
    expect(table(w, 'contract_months').length).toBe(before.cache.length);
    expect(table(w, 'visits')).toEqual(before.visits);
    expect(table(w, 'signals')).toEqual(before.signals);
    expect(w.db.prepare('SELECT status FROM import_batches WHERE id = ?').pluck().get(r.batchId)).toBe('rolled_back');

    // The journal shows both batches; a second rollback is refused.
    const batches = await w.ok('mgr', 'signals.batches', {});
    expect(batches.rows.map((b: { fileName: string; status: string; signals: number }) => [b.fileName, b.status, b.signals])).toEqual([
      ['march.csv', 'rolled_back', 0],
      ['early.csv', 'committed', 1],
    ]);
    expect(await w.call('fin', 'signals.rollbackBatch', { batchId: r.batchId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // The audit log records who rolled back what.
    const audit = w.db.prepare("SELECT user_login, entity_id FROM audit_log WHERE command = 'signals.rollbackBatch'").raw().all();
    expect(audit).toEqual([['fin', String(r.batchId)]]);
    // Re-importing the rolled-back file brings the same numbers back.
    await w.ok('asst', 'signals.importFile', fileInput('march.csv', toCsv(MARCH_ROWS)));
    expect(w.db.prepare("SELECT penalty FROM contract_months WHERE contract_id = ? AND month = '2026-03'").pluck().get(w.contracts.C1)).toBe(1_406_452);
  });

  it('keeps a visit that a later batch added signals to, and only removes this batch’s signals', async () => {
    const w = makeSignalsWorld();
    const a = await w.ok('asst', 'signals.importFile', fileInput('a.csv', toCsv(MARCH_ROWS.slice(0, 2))));
    const b = await w.ok('asst', 'signals.importFile', fileInput('b.csv', toCsv([MARCH_ROWS[0], MARCH_ROWS[2]])));
    expect(b).toMatchObject({ added: 1, visitsAdded: 0, signalsAdded: 1 });
    await w.ok('asst', 'signals.rollbackBatch', { batchId: a.batchId });
    expect(w.db.prepare('SELECT visit_id, batch_id FROM visits').raw().all()).toEqual([['V-01', b.batchId]]);
    expect(w.db.prepare('SELECT object_code FROM signals').pluck().all()).toEqual(['SKU-2']);
    // C1 March now has one SKU (10 %) instead of two.
    expect(w.db.prepare("SELECT penalty_bp FROM contract_months WHERE contract_id = ? AND month = '2026-03'").pluck().get(w.contracts.C1)).toBe(1000);
  });

  it('refuses unknown batches and users without the right; the registry check says no dependency yet', async () => {
    const w = makeSignalsWorld();
    const r = await w.ok('asst', 'signals.importFile', fileInput('a.csv', toCsv(MARCH_ROWS)));
    expect(await w.call('lawyer', 'signals.rollbackBatch', { batchId: r.batchId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('mgr', 'signals.rollbackBatch', { batchId: r.batchId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await w.call('fin', 'signals.rollbackBatch', { batchId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(approvedRegistryDependsOnBatch(w.db, r.batchId)).toBe(false);
    expect(await w.call('adm', 'signals.rollbackBatch', { batchId: r.batchId })).toMatchObject({ ok: true });
  });
});

describe('signals.rollbackBatch and amnesties', () => {
  it('refuses to roll back a batch whose signals are under a live amnesty, and allows it once the amnesty is revoked', async () => {
    const w = makeSignalsWorld();
    const r = await w.ok('asst', 'signals.importFile', fileInput('march.csv', toCsv(MARCH_ROWS)));
    const signalId = w.db.prepare('SELECT id FROM signals WHERE batch_id = ? ORDER BY id LIMIT 1').pluck().get(r.batchId) as number;
    // The amnesty rows are written directly: the rule under test is the rollback's, not the amnesty workflow's.
    const user = w.db.prepare('SELECT id FROM users ORDER BY id LIMIT 1').pluck().get() as number;
    const amnestyId = Number(
      w.db
        .prepare(
          `INSERT INTO amnesties (status, reason_code, comment, scope_kind, effect, threshold, granted_by, granted_at)
           VALUES ('applied', 'IR_ERROR', 'Ошибка распознавания', 'signals', 0, 5000000, ?, '2026-12-03T10:00:00.000Z')`,
        )
        .run(user).lastInsertRowid,
    );
    w.db.prepare('INSERT INTO amnesty_signals (amnesty_id, signal_id) VALUES (?, ?)').run(amnestyId, signalId);
    const refused = await w.call('fin', 'signals.rollbackBatch', { batchId: r.batchId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining(`амнистия №${amnestyId}`) } });
    expect(w.db.prepare('SELECT count(*) FROM signals WHERE batch_id = ?').pluck().get(r.batchId)).toBe(11);
    w.db.prepare("UPDATE amnesties SET status = 'revoked' WHERE id = ?").run(amnestyId);
    expect((await w.call('fin', 'signals.rollbackBatch', { batchId: r.batchId })).ok).toBe(true);
  });
});
