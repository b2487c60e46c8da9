// The daily file at ten times today's volume imports whole and exactly; its speed is measured by `npm run bench`
// (timed assertions here would fail on a busy machine and pass on a fast one without saying anything).
import { describe, expect, it } from 'vitest';
import { fileInput, makeSignalsWorld, OUTLETS } from './world';

describe('a daily file at ten times today’s volume', () => {
  it('imports 150 000 rows whole, and the same file again adds nothing', async () => {
    const w = makeSignalsWorld();
    const outlets = Object.keys(OUTLETS);
    const lines = ['visit_id;visit_date;outlet_code;rep_code;signal_type;sku_code;equipment_code;photo_ref;source'];
    for (let i = 1; i <= 150_000; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const o = outlets[i % outlets.length];
      const k = i % 10;
      // Mostly clean visits, as in real files; signals of every type in between.
      const tail = k < 7 ? ';;;;;SFA' : k === 7 ? `;OOS;SKU-${1 + (i % 4)};;ir/${i}.jpg;IR` : k === 8 ? ';EQUIPMENT;;EQ-1;;IR' : ';SCHEDULE;;;;SFA';
      lines.push(`P-${i};${day}.10.2026;${o};R-${i % 50}${tail}`);
    }
    const input = fileInput('big.csv', lines.join('\r\n') + '\r\n');
    const r = await w.ok('asst', 'signals.importFile', input);
    expect(r).toMatchObject({ committed: true, rowsRead: 150_000, added: 150_000, rejected: 0, visitsAdded: 150_000, signalsAdded: 45_000 });
    // The same file again: all duplicates.
    expect(await w.ok('asst', 'signals.importFile', input)).toMatchObject({ added: 0, duplicates: 150_000 });
    expect(w.db.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(150_000);
  }, 180_000);
});
