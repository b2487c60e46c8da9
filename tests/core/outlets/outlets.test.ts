import { describe, expect, it } from 'vitest';
import { dumpTable, testCore } from '../../helpers/core';
import { CP, csvFile, template, xlsxFile } from '../import/files';

type Env = Awaited<ReturnType<ReturnType<ReturnType<typeof testCore>['as']>>>;
const data = <T = Record<string, unknown>>(env: Env): T => {
  if (!env.ok) throw new Error(env.error.message);
  return env.data as T;
};

async function setup() {
  const t = testCore([
    { login: 'admin', roles: ['admin'] },
    { login: 'mike', roles: ['manager'] },
    { login: 'anna', roles: ['assistant'] },
  ]);
  const admin = t.as(await t.signIn('admin'));
  for (const c of [CP.kazanLlc, CP.samaraJsc, CP.moscowLlc]) data(await admin('counterparties.save', c));
  return { t, admin, signIn: async (login: string) => t.as(await t.signIn(login)) };
}

describe('outlets.save and get', () => {
  it('resolves region by name or code, counterparty by INN or id, manager by login, id or full name', async () => {
    const { admin } = await setup();
    const a = data(await admin('outlets.save', { code: 'TT-1', name: ' Магазин   «Ромашка» ', region: 'Респ. Татарстан', counterpartyInn: CP.kazanLlc.inn, manager: 'MIKE' }));
    expect(a).toMatchObject({
      id: 1, code: 'TT-1', name: 'Магазин «Ромашка»', regionCode: '16', regionName: 'Республика Татарстан', federalDistrict: 'ПФО',
      counterpartyId: 1, counterpartyInn: CP.kazanLlc.inn, managerLogin: 'mike', managerName: 'Тест mike', address: null,
    });
    const b = data(await admin('outlets.save', { code: 'TT-2', name: 'Точка', region: '63', counterpartyId: 2, manager: 3, channel: 'Традиционная розница' }));
    expect(b).toMatchObject({ regionName: 'Самарская область', counterpartyName: CP.samaraJsc.name, managerLogin: 'mike', channel: 'Традиционная розница' });
    expect(data(await admin('outlets.save', { id: 2, code: 'TT-2', name: 'Точка', region: 'Москва', counterpartyId: 3, manager: 'тест MIKE' }))).toMatchObject({
      regionCode: '77', federalDistrict: 'ЦФО', managerLogin: 'mike',
    });
    expect(data(await admin('outlets.get', { id: 1 }))).toMatchObject({ code: 'TT-1' });
  });

  it('returns every problem at once and names the field first in the message', async () => {
    const { admin, t } = await setup();
    const env = await admin('outlets.save', { code: 'TT 1', name: '', region: 'Атлантида', counterpartyInn: '7707083893', manager: 'nobody' });
    expect(env).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/^Код ТТ: /) } });
    if (!env.ok) {
      expect(env.error.details?.issues).toEqual([
        { path: 'code', message: expect.stringContaining('без пробелов') },
        { path: 'name', message: 'Наименование не указано' },
        { path: 'region', message: 'Регион «Атлантида» не найден среди субъектов РФ' },
        { path: 'counterparty', message: 'Контрагент с ИНН 7707083893 не найден: сначала добавьте или загрузите его' },
        { path: 'manager', message: 'Пользователь «nobody» не найден (укажите логин или ФИО) или заблокирован' },
      ]);
    }
    expect(dumpTable(t.dbPath, 'outlets')).toEqual([]);
  });

  it('refuses a duplicate code as a conflict and audits changes', async () => {
    const { admin, t } = await setup();
    data(await admin('outlets.save', { code: 'TT-1', name: 'A', region: '16', counterpartyId: 1 }));
    expect(await admin('outlets.save', { code: 'TT-1', name: 'B', region: '16', counterpartyId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Торговая точка с кодом TT-1 уже есть: «A»' },
    });
    data(await admin('outlets.save', { id: 1, code: 'TT-1', name: 'A2', region: '16', counterpartyId: 1 }));
    const audit = dumpTable(t.dbPath, 'audit_log').filter((a) => a.entity === 'outlet');
    expect(audit.map((a) => [a.command, a.entity_id, JSON.parse(String(a.before_json))?.name ?? null])).toEqual([
      ['outlets.save', '1', null],
      ['outlets.save', '1', 'A'],
    ]);
  });
});

describe('outlets.importFile', () => {
  it('imports the shipped template after its counterparties, then re-imports with no changes', async () => {
    const { t } = await setup();
    const anna = t.as(await t.signIn('anna'));
    data(await anna('counterparties.importFile', { ...template('counterparties.xlsx'), mode: 'commit' }));
    const r = data(await anna('outlets.importFile', { ...template('outlets.xlsx'), mode: 'commit' }));
    expect(r).toMatchObject({ committed: true, added: 3, errors: [] });
    expect(dumpTable(t.dbPath, 'outlets').map((o) => [o.code, o.region_code, o.manager_user_id])).toEqual([
      ['TT-000101', '16', null], ['TT-000102', '16', null], ['TT-000201', '63', null],
    ]);
    expect(data(await anna('outlets.importFile', { ...template('outlets.xlsx'), mode: 'commit' }))).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
    expect(dumpTable(t.dbPath, 'import_batches').map((b) => b.kind)).toEqual(['counterparties', 'outlets']);
  });

  it('names an unknown region, INN or manager in the row error and writes nothing', async () => {
    const { admin, t } = await setup();
    const r = data<{ committed: boolean; errors: unknown[] }>(await admin('outlets.importFile', {
      ...csvFile('outlets.csv', [
        ['Код ТТ', 'Наименование', 'Регион', 'ИНН контрагента', 'Менеджер'],
        ['TT-1', 'Точка 1', 'Татарстан', CP.kazanLlc.inn, 'mike'],
        ['TT-2', 'Точка 2', 'Нарния', CP.kazanLlc.inn, ''],
        ['TT-3', 'Точка 3', 'Москва', '7707083893', 'Иванов'],
      ]),
      mode: 'commit',
    }));
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      { row: 3, column: 'Регион', value: 'Нарния', reason: 'Регион «Нарния» не найден среди субъектов РФ' },
      { row: 4, column: 'ИНН контрагента', value: '7707083893', reason: 'Контрагент с ИНН 7707083893 не найден: сначала добавьте или загрузите его' },
      { row: 4, column: 'Менеджер', value: 'Иванов', reason: 'Пользователь «Иванов» не найден (укажите логин или ФИО) или заблокирован' },
    ]);
    expect(dumpTable(t.dbPath, 'outlets')).toEqual([]);
  });

  it('updates by outlet code, and columns the file lacks keep their values', async () => {
    const { admin, t } = await setup();
    data(await admin('outlets.save', { code: 'TT-1', name: 'A', region: '16', counterpartyId: 1, manager: 'mike', repCode: 'TP-1', channel: 'HoReCa' }));
    const r = data(await admin('outlets.importFile', {
      ...xlsxFile('o.xlsx', [['outlet_code', 'name', 'region', 'counterparty_inn', 'rep_code'], ['TT-1', 'A', 'Самарская обл', CP.kazanLlc.inn, '']]),
      mode: 'commit',
    }));
    expect(r).toMatchObject({ updated: 1 });
    expect(dumpTable(t.dbPath, 'outlets')[0]).toMatchObject({ region_code: '63', manager_user_id: 3, channel: 'HoReCa', rep_code: null });
  });
});

describe('scope', () => {
  async function scoped() {
    const s = await setup();
    const { admin } = s;
    for (const o of [
      { code: 'TT-1', name: 'Казань 1', region: 'Татарстан', counterpartyId: 1 },
      { code: 'TT-2', name: 'Самара 1', region: 'Самарская обл.', counterpartyId: 2 },
      { code: 'TT-3', name: 'Москва 1', region: 'Москва', counterpartyId: 3 },
      { code: 'TT-4', name: 'Москва 2', region: 'Москва', counterpartyId: 1 },
    ]) data(await admin('outlets.save', o));
    data(await admin('counterparties.save', CP.sber));
    data(await admin('users.setScope', { userId: 3, districts: ['ПФО'] }));
    return { ...s, mike: await s.signIn('mike') };
  }

  it('a manager scoped to ПФО sees only ПФО outlets and counterparties in list totals', async () => {
    const { admin, mike } = await scoped();
    expect(data(await admin('outlets.list', {}))).toMatchObject({ total: 4 });
    const outlets = data<{ total: number; rows: { code: string; federalDistrict: string }[] }>(await mike('outlets.list', {}));
    expect(outlets.total).toBe(2);
    expect(outlets.rows.map((r) => [r.code, r.federalDistrict])).toEqual([['TT-1', 'ПФО'], ['TT-2', 'ПФО']]);
    expect(data(await mike('outlets.list', { search: 'москва' }))).toMatchObject({ total: 0 });
    expect(data(await mike('outlets.list', { filters: { federalDistrict: { type: 'set', values: ['ЦФО', 'ПФО'] } } }))).toMatchObject({ total: 2 });

    expect(data(await admin('counterparties.list', {}))).toMatchObject({ total: 4 });
    const cps = data<{ total: number; rows: { inn: string; outletsCount: number }[] }>(await mike('counterparties.list', { sort: [{ col: 'inn', dir: 'asc' }] }));
    expect(cps.total).toBe(2);
    expect(cps.rows.map((r) => [r.inn, r.outletsCount])).toEqual([[CP.kazanLlc.inn, 1], [CP.samaraJsc.inn, 1]]);
    // A counterparty the manager enters is theirs to see until its first outlet decides.
    data(await mike('counterparties.save', CP.kazanIp));
    expect(data(await mike('counterparties.list', {}))).toMatchObject({ total: 3 });
    expect(data(await admin('counterparties.list', {}))).toMatchObject({ total: 5 });
  });

  it('hides out-of-scope records from get and refuses placing or editing them', async () => {
    const { mike, t } = await scoped();
    expect(await mike('outlets.get', { id: 3 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await mike('counterparties.get', { id: 3 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(data(await mike('counterparties.get', { id: 1 }))).toMatchObject({ outlets: [{ code: 'TT-1' }] });
    expect(await mike('outlets.save', { code: 'TT-9', name: 'Новая', region: 'Москва', counterpartyId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Регион «г. Москва» вне вашей зоны ответственности' },
    });
    expect(await mike('outlets.save', { id: 3, code: 'TT-3', name: 'X', region: 'Татарстан', counterpartyId: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await mike('counterparties.save', { ...CP.moscowLlc, id: 3, name: 'Другое' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(data(await mike('outlets.save', { code: 'TT-9', name: 'Новая', region: 'Чувашия', counterpartyInn: CP.moscowLlc.inn }))).toMatchObject({ regionCode: '21' });
    // Its new ПФО outlet makes the Moscow counterparty visible to the manager.
    expect(data(await mike('counterparties.get', { id: 3 }))).toMatchObject({ outlets: [{ code: 'TT-9' }] });
    expect(dumpTable(t.dbPath, 'outlets')).toHaveLength(5);
  });

  it('refuses import rows outside the scope, but lets unchanged ones pass', async () => {
    const { mike, t } = await scoped();
    const rows = [
      ['outlet_code', 'name', 'region', 'counterparty_inn'],
      ['TT-1', 'Казань 1', 'Татарстан', CP.kazanLlc.inn],
      ['TT-3', 'Москва 1', 'Москва', CP.moscowLlc.inn],
      ['TT-5', 'Москва 3', 'Москва', CP.moscowLlc.inn],
      ['TT-4', 'Москва 2 (переименована)', 'Москва', CP.kazanLlc.inn],
    ];
    const r = data<{ errors: unknown[]; unchanged: number }>(await mike('outlets.importFile', { ...csvFile('o.csv', rows), mode: 'commit' }));
    expect(r.unchanged).toBe(2);
    expect(r.errors).toEqual([
      { row: 4, column: 'region', value: 'Москва', reason: 'Регион «г. Москва» вне вашей зоны ответственности' },
      { row: 5, column: 'region', value: 'Москва', reason: 'Регион «г. Москва» вне вашей зоны ответственности' },
    ]);
    const cp = data<{ errors: { reason: string }[] }>(await mike('counterparties.importFile', {
      ...csvFile('c.csv', [['inn', 'kpp', 'name', 'type', 'vat_mode'], [CP.moscowLlc.inn, CP.moscowLlc.kpp, 'Другое имя', 'ЮЛ', 'VAT']]),
      mode: 'commit',
    }));
    expect(cp.errors[0].reason).toContain('вне вашей зоны ответственности');
    expect(dumpTable(t.dbPath, 'counterparties')[2]).toMatchObject({ name: CP.moscowLlc.name });
  });
});
