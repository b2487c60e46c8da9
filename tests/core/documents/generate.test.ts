import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MANIFEST_HEADER } from '../../../core/documents/package';
import { COMPANY_EDO, docxText, makeDocWorld } from './world';
import { xsdErrors } from './xsd';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

describe('documents of a month', () => {
  it('makes a UPD per approved payout line and the month’s agreements, once; skips a seller without EDO id', async () => {
    const w = makeDocWorld();
    w.addRegistry('2026-09', 'approved', [
      { contract: 'A', payout: 9_000_000, vatRateBp: 2200, vat: 1_980_000 },
      { contract: 'B', payout: 5_000_000, vatRateBp: 0, vat: 0 },
      { contract: 'C', payout: 3_000_000, vatRateBp: 2200, vat: 660_000 },
    ]);
    w.addRegistry('2026-10', 'draft', [{ contract: 'A', payout: 1_000_000, vatRateBp: 2200, vat: 220_000 }]);

    const warn = await w.ok('fin', 'documents.missingEdo', { month: '2026-09' });
    expect(warn).toEqual({ companyMissing: false, counterparties: [{ id: w.counterparties.C, name: 'ООО «Без ЭДО»', inn: '6663003127', kpp: '666301001', lines: 1 }] });

    const r = await w.ok('fin', 'documents.generateMonth', { month: '2026-09' });
    expect(r).toMatchObject({ month: '2026-09', upd: 2, supplements: 1 });
    expect(r.skipped).toEqual([{ kind: 'upd', ref: w.lineIds['2026-09:C'], counterparty: 'ООО «Без ЭДО»', reason: 'У контрагента нет идентификатора участника ЭДО (Диадок)' }]);
    expect(await w.ok('fin', 'documents.generateMonth', { month: '2026-09' })).toMatchObject({ upd: 0, supplements: 0 });
    expect(await w.ok('fin', 'documents.generateMonth', { month: '2026-10' })).toMatchObject({ upd: 0, supplements: 0, skipped: [] });

    const page = await w.ok('fin', 'documents.list', { month: '2026-09', sort: [{ col: 'id', dir: 'asc' }] });
    expect(page.total).toBe(3);
    expect(page.rows.map((d: { kind: string; counterpartyName: string; number: string; amount: number; vat: number | null; status: string }) => [d.kind, d.counterpartyName, d.number, d.amount, d.vat, d.status])).toEqual([
      ['upd', 'ООО "Рога & Копыта"', 'Р-2026-09-1/1', 9_000_000, 1_980_000, 'generated'],
      ['upd', 'ИП Петров Пётр Петрович', 'Р-2026-09-1/2', 5_000_000, 0, 'generated'],
      ['supplement', 'ООО "Рога & Копыта"', 'ДС-1', 12_000_000, null, 'generated'],
    ]);

    // Each UPD validates, carries the line's amounts to the kopeck and reads back into the printed form.
    for (const row of page.rows.filter((d: { kind: string }) => d.kind === 'upd')) {
      const file = await w.ok('fin', 'documents.download', { id: row.id });
      expect(file.fileName).toBe(row.fileName);
      expect(file.fileName.startsWith(`ON_NSCHFDOPPR_${COMPANY_EDO}_2BM-`)).toBe(true);
      expect(file.fileName).toMatch(/_20261203_[0-9a-f-]{36}_0_0_0_0_0_00\.xml$/);
      const bytes = b64(file.contentBase64);
      expect(sha(bytes)).toBe(row.sha256);
      expect(await xsdErrors(file.fileName, bytes)).toEqual([]);
      const { document, form } = await w.ok('fin', 'documents.get', { id: row.id });
      expect(document.id).toBe(row.id);
      expect(form.totals.amount).toBe(row.amount);
      expect(form.totals.total).toBe(row.total);
      expect(form.number).toBe(row.number);
      expect(form.date).toBe('30.09.2026');
      expect(form.basis).toEqual({ name: 'Договор', number: row.contractNumber, date: '20.12.2024' });
    }
    // Scope: a lawyer of Москва sees contract A's UPD and agreement only, and cannot open B's UPD.
    const scoped = await w.ok('lawyer77', 'documents.list', { month: '2026-09' });
    expect(scoped.rows.map((d: { contractId: number }) => d.contractId)).toEqual([w.contracts.A, w.contracts.A]);
    const hidden = await w.call('lawyer77', 'documents.download', { id: page.rows[1].id });
    expect(hidden.ok ? null : hidden.error.code).toBe('not_found');
    const ipForm = (await w.ok('fin', 'documents.get', { id: page.rows[1].id })).form;
    expect(ipForm).toMatchObject({ function: 'ДОП', status: '2', totals: { amount: 5_000_000, vat: null, total: 5_000_000 } });
    expect(ipForm.seller).toMatchObject({ name: 'ИП Петров Пётр Петрович', inn: '500100732259', kpp: null, address: 'Республика Татарстан' });
  });

  it('a 2025 month at 20 %', async () => {
    const w = makeDocWorld();
    w.addRegistry('2025-11', 'paid', [{ contract: 'A', payout: 1_234_567, vatRateBp: 2000, vat: 246_913 }]);
    expect(await w.ok('fin', 'documents.generateMonth', { month: '2025-11' })).toMatchObject({ upd: 1, supplements: 0 });
    const [row] = (await w.ok('fin', 'documents.list', { month: '2025-11' })).rows;
    const { form } = await w.ok('fin', 'documents.get', { id: row.id });
    expect(form.lines[0]).toMatchObject({ vatRate: '20%', amount: 1_234_567, vat: 246_913, total: 1_481_480 });
    const file = await w.ok('fin', 'documents.download', { id: row.id });
    expect(await xsdErrors(file.fileName, b64(file.contentBase64))).toEqual([]);
  });

  it('packs the month for Diadoc: every file, a manifest with matching hashes, documents marked exported', async () => {
    const w = makeDocWorld();
    w.addRegistry('2026-09', 'exported', [
      { contract: 'A', payout: 9_000_000, vatRateBp: 2200, vat: 1_980_000 },
      { contract: 'B', payout: 5_000_000, vatRateBp: 0, vat: 0 },
    ]);
    await w.ok('fin', 'documents.generateMonth', { month: '2026-09' });
    const pack = await w.ok('fin', 'documents.exportPackage', { month: '2026-09' });
    expect(pack).toMatchObject({ fileName: 'diadoc-2026-09.zip', count: 3, newlyExported: 3 });
    const files = unzipSync(b64(pack.contentBase64));
    const manifest = new TextDecoder().decode(files['manifest.csv']).trim().split('\r\n');
    expect(manifest[0]).toBe(MANIFEST_HEADER);
    expect(manifest).toHaveLength(4);
    expect(Object.keys(files).sort()).toEqual([...manifest.slice(1).map((l) => l.split(',').at(-2)!), 'manifest.csv'].sort());
    for (const line of manifest.slice(1)) {
      const cells = line.split(',');
      expect(sha(files[cells.at(-2)!])).toBe(cells.at(-1));
    }
    expect(manifest.slice(1).map((l) => l.split(',').slice(0, 6))).toEqual([
      ['7804431521', '780401001', '2BM-7804431521-780401001-000000000000000000002', 'УПД (СЧФДОП)', 'Р-2026-09-1/1', '30.09.2026'],
      ['500100732259', '', '2BM-500100732259-000000000000000000000000003', 'УПД (ДОП)', 'Р-2026-09-1/2', '30.09.2026'],
      ['7804431521', '780401001', '2BM-7804431521-780401001-000000000000000000002', 'Дополнительное соглашение', 'ДС-1', '10.09.2026'],
    ]);
    const page = await w.ok('fin', 'documents.list', { month: '2026-09' });
    expect(page.rows.map((r: { status: string }) => r.status)).toEqual(['exported', 'exported', 'exported']);
    expect((await w.ok('fin', 'documents.exportPackage', { month: '2026-09' })).newlyExported).toBe(0);
    const audit = w.db.prepare("SELECT command FROM audit_log WHERE command LIKE 'documents.%' ORDER BY id").pluck().all();
    expect(audit).toEqual(['documents.generateMonth', 'documents.exportPackage', 'documents.exportPackage']);
  });

  it('refuses an empty month, a missing company setting (naming it), and callers without the permission', async () => {
    const w = makeDocWorld();
    const empty = await w.call('fin', 'documents.exportPackage', { month: '2026-09' });
    expect(empty.ok ? null : empty.error.message).toMatch(/нет сформированных документов/);
    w.addRegistry('2026-09', 'approved', [{ contract: 'A', payout: 9_000_000, vatRateBp: 2200, vat: 1_980_000 }]);
    w.db.prepare("DELETE FROM settings WHERE key IN ('company.edo_id', 'company.signer_position')").run();
    const env = await w.call('fin', 'documents.generateMonth', { month: '2026-09' });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.message).toContain('company.edo_id');
      expect(env.error.message).toContain('company.signer_position');
      expect(env.error.details).toEqual({ missing: ['company.edo_id', 'company.signer_position'] });
    }
    expect(await w.ok('fin', 'documents.missingEdo', { month: '2026-09' })).toMatchObject({ companyMissing: true });
    const denied = await w.call('mgr', 'documents.list', {});
    expect(denied.ok ? null : denied.error.code).toBe('forbidden');
    const bad = await w.call('fin', 'documents.generateMonth', { month: '2026-13' });
    expect(bad.ok ? null : bad.error.code).toBe('validation');
  });
});

describe('DOCX from templates', () => {
  it('the contract: number, date, parties with requisites, outlets, fee in figures and words, period, SKUs, equipment, schedule', async () => {
    const w = makeDocWorld();
    const f = await w.ok('lawyer', 'documents.contractDocx', { contractId: w.contracts.B });
    expect(f.fileName).toBe('Договор MK-2025-000002.docx');
    const { text, xml } = docxText(b64(f.contentBase64));
    for (const s of [
      'ДОГОВОР № MK-2025-000002',
      '20.12.2024',
      'АО «Северная пищевая компания»',
      'ИНН 7707083893, КПП 773601001, ОГРН 1027700132195',
      'в лице Генерального директора Смирнов Андрей Петрович',
      'ИП Петров Пётр Петрович',
      'ИНН 500100732259, ОГРНИП 304500116000157',
      'TT-B',
      'Магазин B',
      'Республика Татарстан',
      'SKU-1',
      'Сок яблочный 1 л',
      'FRIDGE — Холодильник брендированный',
      'Пн-Вс 09:00-21:00',
      '50 000,00 (пятьдесят тысяч) рублей 00 копеек в месяц, НДС не облагается',
      'с 01.01.2025 по 31.12.2026',
      'Петров П. П.',
      'Смирнов А. П.',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('КПП ,');
    expect(xml).not.toMatch(/\{[^}]*\}/);
  });

  it('the supplementary agreement: what changes, from when, the new fee in figures and words', async () => {
    const w = makeDocWorld();
    const f = await w.ok('fin', 'documents.supplementDocx', { supplementId: w.supplementId });
    expect(f.fileName).toBe('ДС-1 к договору MK-2025-000001.docx');
    const { text, xml } = docxText(b64(f.contentBase64));
    for (const s of [
      'ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № ДС-1',
      'к договору № MK-2025-000001 от 20.12.2024',
      'С 15.09.2026 стороны вносят в Договор следующие изменения (комплексное изменение)',
      '— ежемесячная стоимость услуг: вместо 100 000,00 (сто тысяч) рублей 00 копеек устанавливается 120 000,00 (сто двадцать тысяч) рублей 00 копеек',
      '— обязательный ассортимент (SKU): добавляются SKU-2 «Нектар вишнёвый»',
      'Стоимость услуг с 15.09.2026 составляет 120 000,00 (сто двадцать тысяч) рублей 00 копеек в месяц',
      'ООО "Рога & Копыта"',
      'Примечание: Расширение ассортимента',
    ]) {
      expect(text).toContain(s);
    }
    expect(xml).not.toMatch(/\{[^}]*\}/);
    const missing = await w.call('fin', 'documents.supplementDocx', { supplementId: 9999 });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  });
});

describe('a registry reopened after its UPDs were made', () => {
  it('keeps the old UPD on record but leaves it out of the package, and does not block replacing the lines', async () => {
    const w = makeDocWorld();
    const [lineA] = w.addRegistry('2026-09', 'approved', [
      { contract: 'A', payout: 9_000_000, vatRateBp: 2200, vat: 1_980_000 },
      { contract: 'B', payout: 5_000_000, vatRateBp: 0, vat: 0 },
    ]);
    await w.ok('fin', 'documents.generateMonth', { month: '2026-09' });
    // Back to draft: its UPDs are no longer final. Then the payments domain replaces the lines (a rebuild).
    w.db.prepare("UPDATE registries SET status = 'draft'").run();
    const draftPack = await w.ok('fin', 'documents.exportPackage', { month: '2026-09' });
    expect(draftPack.count).toBe(1); // the agreement only
    w.db.prepare('DELETE FROM registry_lines WHERE id = ?').run(lineA);
    const orphan = w.db.prepare("SELECT registry_line_id FROM documents WHERE kind = 'upd' ORDER BY id").pluck().all();
    expect(orphan).toEqual([null, w.lineIds['2026-09:B']]);
  });
});

describe('a registry whose UPDs went to Diadoc', () => {
  it('cannot be reopened: the counterparties already hold the documents', async () => {
    const w = makeDocWorld();
    w.addRegistry('2026-09', 'approved', [{ contract: 'A', payout: 9_000_000, vatRateBp: 2200, vat: 1_980_000 }]);
    const id = w.db.prepare('SELECT id FROM registries').pluck().get() as number;
    await w.ok('fin', 'documents.generateMonth', { month: '2026-09' });
    // Generated but not yet sent: reopening is still allowed (and undone here to go on).
    await w.ok('fin', 'payments.reopenRegistry', { id, version: 1 });
    w.db.prepare("UPDATE registries SET status = 'approved'").run();
    await w.ok('fin', 'documents.exportPackage', { month: '2026-09' });
    const version = w.db.prepare('SELECT version FROM registries WHERE id = ?').pluck().get(id) as number;
    const refused = await w.call('fin', 'payments.reopenRegistry', { id, version });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(w.db.prepare('SELECT status FROM registries WHERE id = ?').pluck().get(id)).toBe('approved');
  });
});
