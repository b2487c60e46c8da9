// `mcm registry build|approve|export` and the hold recorded by a counterparties import.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { cmdRegistry } from '../../../cli/registry';
import { generateCounterpartyRequisites } from '../../../core/requisites';
import { tempDir } from '../../helpers/core';
import { makePaymentsWorld } from './world';

afterEach(() => {
  vi.restoreAllMocks();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  return { out, err };
}

describe('mcm registry', () => {
  it('builds as the system account, approves only as a financier, exports XLSX and 1C files', async () => {
    const w = await makePaymentsWorld();
    const sys = { system: true };
    const fin = { session: await w.t.signIn('fin') };
    const dir = tempDir();
    const io = capture();
    expect(await cmdRegistry(w.t.core, sys, ['build'], { month: '2026-03' })).toBe(0);
    expect(io.out.join('')).toBe('Сформирован черновик реестра Р-2026-03-1 (корректировок: 0)\nСтрок: 2; без НДС: 270 000,00 ₽; НДС: 59 400,00 ₽; итого: 329 400,00 ₽\n');
    await expect(cmdRegistry(w.t.core, sys, ['approve'], { month: '2026-03' })).rejects.toThrow('может только финансист — запустите с --user');

    // A failing check is printed with its lines and the exit code is 1.
    const kpp = w.db.prepare('SELECT kpp FROM counterparties').pluck().get();
    w.db.prepare(`UPDATE counterparties SET kpp = '1'`).run();
    await cmdRegistry(w.t.core, sys, ['build'], { month: '2026-03' });
    io.err.length = 0;
    expect(await cmdRegistry(w.t.core, fin, ['approve'], { month: '2026-03' })).toBe(1);
    expect(io.err.join('')).toContain('✗ Реквизиты контрагентов корректны (ИНН, КПП, БИК, счета) (строк: 2)\n    MK-2026-000101 ООО «Ромашка»: ');
    w.db.prepare('UPDATE counterparties SET kpp = ?').run(kpp);
    await cmdRegistry(w.t.core, sys, ['build'], { month: '2026-03' });
    io.out.length = 0;
    expect(await cmdRegistry(w.t.core, fin, ['approve'], { month: '2026-03' })).toBe(0);
    expect(io.out[0]).toBe('Реестр Р-2026-03-1 утверждён\n');

    const xlsxPath = path.join(dir, 'r.xlsx');
    expect(await cmdRegistry(w.t.core, sys, ['export'], { month: '2026-03', out: xlsxPath })).toBe(0);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(xlsxPath)).Sheets['Реестр'], { header: 1 });
    expect(rows).toHaveLength(4);
    await expect(cmdRegistry(w.t.core, sys, ['export'], { month: '2026-03', format: '1c', out: path.join(dir, 'x.txt') })).rejects.toThrow('может только финансист');
    const onePath = path.join(dir, '1c.txt');
    expect(await cmdRegistry(w.t.core, fin, ['export'], { month: '2026-03', format: '1c', out: onePath })).toBe(0);
    expect(fs.readFileSync(onePath).subarray(0, 22).toString('latin1')).toBe('1CClientBankExchange\r\n');
    expect(w.db.prepare('SELECT status FROM registries').pluck().get()).toBe('exported');
    await expect(cmdRegistry(w.t.core, sys, ['publish'], { month: '2026-03' })).rejects.toThrow('Использование: mcm');
  });

  it('a counterparties import that changes bank details records the change and holds payments', async () => {
    const w = await makePaymentsWorld();
    const cp = w.db.prepare('SELECT * FROM counterparties').get() as Record<string, string>;
    let seed = 3;
    const req = generateCounterpartyRequisites(() => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648), 'ЮЛ');
    const csv = ['ИНН;КПП;Наименование;Тип;Режим НДС;БИК;Расчётный счёт;Корр. счёт', `${cp.inn};${cp.kpp};${cp.name};ЮЛ;НДС 22%;${req.bik};${req.account};${req.corr_account}`].join('\r\n');
    const res = await w.ok('asst', 'counterparties.importFile', { fileName: 'cp.csv', contentBase64: Buffer.from(csv).toString('base64'), mode: 'commit' });
    expect(res).toMatchObject({ committed: true });
    const changes = (await w.ok('fin', 'payments.bankChanges', { pendingOnly: true })).rows;
    expect(changes).toEqual([expect.objectContaining({ oldAccount: cp.account, newAccount: req.account, changedByName: 'Тест asst', status: 'pending' })]);
    expect(await w.call('fin', 'payments.buildRegistry', { month: '2026-03' })).toMatchObject({ ok: false, error: { details: { held: [expect.objectContaining({ newBik: req.bik })] } } });
  });
});
