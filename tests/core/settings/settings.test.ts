import { describe, expect, it } from 'vitest';
import { testCore } from '../../helpers/core';

describe('company settings', () => {
  it('validates requisites like a counterparty and names the field in the message', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    const s = await t.signIn('boss');
    const set = (key: string, value: string) => t.as(s)('settings.set', { key, value });
    expect(await set('company.inn', '7707083894')).toMatchObject({
      ok: false,
      error: { code: 'validation', message: expect.stringMatching(/^ИНН компании: .*контрольн/i), details: { field: 'company.inn' } },
    });
    expect((await set('company.inn', '7707083893')).ok).toBe(true);
    expect(await set('company.account', '40702810938000000001')).toMatchObject({ ok: false, error: { message: 'Расчётный счёт: Сначала укажите БИК банка' } });
    expect((await set('company.bik', '044525225')).ok).toBe(true);
    expect((await set('company.account', '40702810938000000001')).ok).toBe(true);
    expect((await set('company.account', '40702810938000000002')).ok).toBe(false);
    expect((await set('company.signer_name', 'Иванов')).ok).toBe(false);
    expect((await set('company.signer_name', 'Иванов Иван Иванович')).ok).toBe(true);
    expect(await t.as(s)('settings.get', { key: 'company.inn' })).toEqual({ ok: true, data: { key: 'company.inn', value: '7707083893' } });
    expect((await t.as(s)('settings.set', { key: 'company.unknown', value: '1' })).ok).toBe(false);
  });

  it('lets every role read but only admin write', async () => {
    const t = testCore([{ login: 'fin', roles: ['finance'] }]);
    const s = await t.signIn('fin');
    expect((await t.as(s)('settings.list')).ok).toBe(true);
    expect(await t.as(s)('settings.set', { key: 'company.name', value: 'ООО «Ромашка»' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('settings with a default', () => {
  it('report the default until someone sets a value, and validate what is set', async () => {
    const t = testCore([{ login: 'boss', roles: ['admin'] }]);
    const s = await t.signIn('boss');
    expect(await t.as(s)('settings.get', { key: 'amnesty.threshold' })).toEqual({ ok: true, data: { key: 'amnesty.threshold', value: '50 000' } });
    const list = (await t.as(s)('settings.list')) as { data: { key: string; isDefault: boolean }[] };
    expect(list.data.find((x) => x.key === 'amnesty.threshold')?.isDefault).toBe(true);
    expect((await t.as(s)('settings.set', { key: 'amnesty.threshold', value: 'много' })).ok).toBe(false);
    expect((await t.as(s)('settings.set', { key: 'amnesty.threshold', value: '75 000' })).ok).toBe(true);
    expect(await t.as(s)('settings.get', { key: 'amnesty.threshold' })).toEqual({ ok: true, data: { key: 'amnesty.threshold', value: '75 000' } });
  });
});
