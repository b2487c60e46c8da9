import { describe, expect, it } from 'vitest';
import { dumpTable, testCore } from '../../helpers/core';
import { CP } from '../import/files';

async function setup() {
  const t = testCore([
    { login: 'anna', roles: ['assistant'] },
    { login: 'fin', roles: ['finance'] },
  ]);
  return { t, call: t.as(await t.signIn('anna')), fin: t.as(await t.signIn('fin')) };
}

describe('counterparties.save', () => {
  it('creates a counterparty, returns it and audits the creation', async () => {
    const { t, call } = await setup();
    const env = await call('counterparties.save', { ...CP.sber, bankName: 'ПАО Сбербанк', address: 'г. Москва, ул. Вавилова, д. 19' });
    expect(env).toMatchObject({
      ok: true,
      mutated: true,
      data: { id: 1, inn: '7707083893', kpp: '773601001', vatMode: 'VAT', type: 'ЮЛ', createdAt: '2026-12-03T10:00:00.000Z', edoId: null },
    });
    const audit = dumpTable(t.dbPath, 'audit_log').filter((a) => a.command === 'counterparties.save');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'counterparty', entity_id: '1', before_json: 'null', user_login: 'anna' });
    expect(JSON.parse(String(audit[0].after_json))).toMatchObject({ inn: '7707083893', name: 'ПАО Сбербанк' });
  });

  it('names the field in the message and returns every problem at once', async () => {
    const { t, call } = await setup();
    const env = await call('counterparties.save', {
      ...CP.sber,
      inn: '7707083894',
      kpp: '77360100',
      ogrn: '1027700132196',
      account: '40702810938000000002',
      corrAccount: '30101810400000000226',
      vatMode: 'VAT10',
      name: '  ',
    });
    expect(env).toMatchObject({ ok: false, error: { code: 'validation', message: 'ИНН: Неверная контрольная сумма ИНН', details: { field: 'inn' } } });
    if (env.ok) return;
    expect(env.error.details?.issues?.map((i) => i.path)).toEqual(['inn', 'kpp', 'ogrn', 'name', 'vatMode', 'account', 'corrAccount']);
    expect(env.error.details?.issues?.find((i) => i.path === 'account')?.message).toBe('Неверный контрольный ключ расчётного счёта для указанного БИК');
    expect(dumpTable(t.dbPath, 'counterparties')).toEqual([]);
  });

  it.each([
    [{ inn: '770708389' }, 'ИНН: ИНН должен состоять из 10 цифр для юридического лица'],
    [{ inn: '77070838ab' }, 'ИНН: ИНН должен содержать только цифры'],
    [{ kpp: '' }, 'КПП: КПП обязателен для юридического лица'],
    [{ ogrn: '102770013219' }, 'ОГРН: '],
    [{ bik: '144525225' }, 'БИК: БИК должен состоять из 9 цифр и начинаться с 04'],
    [{ bik: '' }, 'БИК: БИК обязателен, если указан расчётный или корреспондентский счёт'],
    [{ account: '4070281093800000000' }, 'Расчётный счёт: Расчётный счёт должен состоять из 20 цифр'],
    [{ corrAccount: '40101810400000000225' }, 'Корр. счёт: Корреспондентский счёт должен начинаться с 301'],
    [{ type: 'ООО' }, 'Тип: Тип контрагента должен быть «ЮЛ» или «ИП»'],
    [{ vatMode: '' }, 'Режим НДС: Режим НДС не указан'],
    [{ edoId: 'ящик диадок' }, 'Идентификатор ЭДО: '],
  ])('refuses %j with «%s…»', async (patch, message) => {
    const { call } = await setup();
    const env = await call('counterparties.save', { ...CP.sber, ...patch });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.message.startsWith(message)).toBe(true);
  });

  it('checks an entrepreneur by ИП rules and accepts VAT modes as accountants write them', async () => {
    const { call } = await setup();
    expect(await call('counterparties.save', { ...CP.kazanIp, kpp: '165501001' })).toMatchObject({
      ok: false,
      error: { message: 'КПП: КПП не указывается для индивидуального предпринимателя' },
    });
    expect(await call('counterparties.save', { ...CP.kazanIp, vatMode: 'Без НДС' })).toMatchObject({ ok: true, data: { vatMode: 'NO_VAT', kpp: null } });
    expect(await call('counterparties.save', { ...CP.samaraJsc, vatMode: 'НДС 5%' })).toMatchObject({ ok: true, data: { vatMode: 'VAT5' } });
  });

  it('refuses a second counterparty with the same INN as a conflict, and allows updating one', async () => {
    const { t, call } = await setup();
    const first = await call('counterparties.save', CP.sber);
    expect(await call('counterparties.save', { ...CP.sber, name: 'Дубль' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Контрагент с ИНН 7707083893 уже есть в справочнике' },
    });
    t.clock.advance(3_600_000);
    const upd = await call('counterparties.save', { ...CP.sber, id: 1, name: 'ПАО «Сбербанк России»', edoId: '2BM-7707083893-773601001-201305300245342773604' });
    expect(upd).toMatchObject({
      ok: true,
      data: { id: 1, name: 'ПАО «Сбербанк России»', createdAt: '2026-12-03T10:00:00.000Z', updatedAt: '2026-12-03T11:00:00.000Z' },
    });
    // Saving the same values again writes nothing: updated_at stays.
    t.clock.advance(3_600_000);
    expect(await call('counterparties.save', { ...CP.sber, id: 1, name: 'ПАО «Сбербанк России»', edoId: '2BM-7707083893-773601001-201305300245342773604' })).toMatchObject({
      data: { updatedAt: '2026-12-03T11:00:00.000Z' },
    });
    expect(first.ok).toBe(true);
    const other = await call('counterparties.save', CP.samaraJsc);
    expect(await call('counterparties.save', { ...CP.samaraJsc, id: (other as { data: { id: number } }).data.id, inn: CP.sber.inn, kpp: CP.sber.kpp })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await call('counterparties.save', { ...CP.sber, id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('needs counterparties.write', async () => {
    const { fin } = await setup();
    expect(await fin('counterparties.save', CP.sber)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await fin('counterparties.list', {})).ok).toBe(true);
  });
});

describe('counterparties.list and get', () => {
  it('pages, sorts and searches by name or INN, and counts outlets', async () => {
    const { call } = await setup();
    for (const c of [CP.sber, CP.kazanLlc, CP.samaraJsc, CP.kazanIp]) expect((await call('counterparties.save', c)).ok).toBe(true);
    await call('outlets.save', { code: 'TT-1', name: 'Точка 1', region: 'Татарстан', counterpartyInn: CP.kazanLlc.inn });
    await call('outlets.save', { code: 'TT-2', name: 'Точка 2', region: '16', counterpartyInn: CP.kazanLlc.inn });
    const page = await call('counterparties.list', { limit: 2, sort: [{ col: 'inn', dir: 'asc' }] });
    expect(page).toMatchObject({ ok: true, data: { total: 4, rows: [{ inn: '1655012344', outletsCount: 2 }, { inn: '165501234514', outletsCount: 0 }] } });
    expect(Object.keys((page as { data: { rows: object[] } }).data.rows[0]).sort()).toEqual(
      ['id', 'type', 'name', 'inn', 'kpp', 'vatMode', 'bik', 'account', 'edoId', 'outletsCount'].sort(),
    );
    expect(await call('counterparties.list', { search: 'самарская' })).toMatchObject({ data: { total: 1, rows: [{ inn: CP.samaraJsc.inn }] } });
    expect(await call('counterparties.list', { search: '77070' })).toMatchObject({ data: { total: 1, rows: [{ name: 'ПАО Сбербанк' }] } });
    expect(await call('counterparties.list', { filters: { type: { type: 'set', values: ['ИП'] } } })).toMatchObject({ data: { total: 1 } });
    expect(await call('counterparties.list', { filters: { outletsCount: { type: 'number', op: 'greaterThan', from: 0 } } })).toMatchObject({ data: { total: 1 } });
    const got = await call('counterparties.get', { id: 2 });
    expect(got).toMatchObject({ ok: true, data: { inn: CP.kazanLlc.inn, outlets: [{ code: 'TT-1', regionName: 'Республика Татарстан' }, { code: 'TT-2' }] } });
    expect(await call('counterparties.get', { id: 99 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
