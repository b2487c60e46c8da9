import { describe, expect, it } from 'vitest';
import { photoUrl } from '../../../core/signals/photo';
import { fileInput, makeSignalsWorld, MARCH_ROWS, toCsv } from './world';

describe('photoUrl', () => {
  it('keeps a full web address as it is', () => {
    expect(photoUrl('https://ir.example.ru/p/1.jpg', undefined)).toBe('https://ir.example.ru/p/1.jpg');
  });
  it('joins a storage path to the configured base, with or without its trailing slash', () => {
    expect(photoUrl('ir/2026-09/V-1.jpg', 'https://photos.example.ru/store')).toBe('https://photos.example.ru/store/ir/2026-09/V-1.jpg');
    expect(photoUrl('/ir/V-1.jpg', 'https://photos.example.ru/store/')).toBe('https://photos.example.ru/store/ir/V-1.jpg');
    expect(photoUrl('ir\\V 1.jpg', 'https://photos.example.ru/')).toBe('https://photos.example.ru/ir/V%201.jpg');
  });
  it('gives nothing without a reference, without a base, or for a path climbing out of the storage', () => {
    expect(photoUrl(null, 'https://photos.example.ru/')).toBeNull();
    expect(photoUrl('  ', 'https://photos.example.ru/')).toBeNull();
    expect(photoUrl('ir/V-1.jpg', undefined)).toBeNull();
    expect(photoUrl('ir/V-1.jpg', 'file:///etc/')).toBeNull();
    expect(photoUrl('../../secret.jpg', 'https://photos.example.ru/store/')).toBeNull();
    expect(photoUrl('javascript:alert(1)', 'https://photos.example.ru/')).toBeNull();
  });
});

describe('signals.list photo links', () => {
  it('opens photo references through the storage setting once an admin sets it', async () => {
    const w = makeSignalsWorld();
    await w.ok('asst', 'signals.importFile', fileInput('visits_2026-03.csv', toCsv(MARCH_ROWS)));
    const find = async () => {
      const page = await w.ok('fin', 'signals.list', { month: '2026-03', sort: [{ col: 'visitId', dir: 'asc' }], limit: 3 });
      return page.rows.map((r: { photoRef: string | null; photoUrl: string | null }) => [r.photoRef, r.photoUrl]);
    };
    expect(await find()).toContainEqual(['ir/V-01-1.jpg', null]);
    expect(await w.call('adm', 'settings.set', { key: 'signals.photo_base_url', value: 'ftp://x/' })).toMatchObject({ ok: false });
    await w.ok('adm', 'settings.set', { key: 'signals.photo_base_url', value: 'https://photos.example.ru/store' });
    const rows = await find();
    expect(rows).toContainEqual(['ir/V-01-1.jpg', 'https://photos.example.ru/store/ir/V-01-1.jpg']);
    expect(rows).toContainEqual(['ir/V-01-2.jpg', 'https://photos.example.ru/store/ir/V-01-2.jpg']);
    expect(rows).toContainEqual([null, null]);
  });
});
