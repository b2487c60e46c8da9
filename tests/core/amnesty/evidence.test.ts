// The evidence store through amnesty.grant: refused files leave nothing behind, stored files are content-addressed,
// deduplicated, and read back for previews.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_EVIDENCE_BYTES } from '../../../core/amnesty/evidence';
import { fixture, makeAmnestyWorld, upload, type AmnestyWorld } from './world';

const grantInput = (signalIds: number[], evidence: { fileName: string; contentBase64: string }[]) => ({
  signalIds,
  reasonCode: 'DELIVERY_CONFIRMED',
  comment: 'Поставка подтверждена',
  evidence,
});

/** Everything a grant could have written: rows of every amnesty table, audit records, files, cancelled signals. */
function footprint(w: AmnestyWorld) {
  return {
    amnesties: w.count('amnesties'),
    amnestySignals: w.count('amnesty_signals'),
    evidenceFiles: w.count('evidence_files'),
    amnestyEvidence: w.count('amnesty_evidence'),
    adjustments: w.count('payout_adjustments'),
    audit: w.db.prepare("SELECT count(*) FROM audit_log WHERE command LIKE 'amnesty.%'").pluck().get(),
    cancelled: w.db.prepare('SELECT count(*) FROM signals WHERE amnesty_id IS NOT NULL').pluck().get(),
    months: w.db.prepare('SELECT * FROM contract_months ORDER BY contract_id, month').all(),
    files: w.evidenceFiles(),
  };
}

describe('refused files store nothing', () => {
  it('a file over 20 MB is refused with its name, and no row, file or recompute happens', async () => {
    const w = await makeAmnestyWorld();
    const before = footprint(w);
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const r = await w.call('lawyer', 'amnesty.grant', grantInput([w.sig('M-03')], [fixture('receipt.png'), upload('скан накладной.png', big)]));
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', message: 'Файл «скан накладной.png» больше 20 МБ' } });
    expect(footprint(w)).toEqual(before);
    expect(before.files).toEqual([]);
    expect(fs.existsSync(path.join(w.dataDir, 'evidence'))).toBe(false);
  });

  it('an .exe renamed .jpg is refused by content, even next to a good file', async () => {
    const w = await makeAmnestyWorld();
    const before = footprint(w);
    const r = await w.call('lawyer', 'amnesty.grant', grantInput([w.sig('M-03')], [fixture('receipt.png'), fixture('photo.jpg')]));
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        message: 'Файл «photo.jpg» не похож на изображение или PDF (определён тип: исполняемый файл Windows (EXE/DLL))',
        details: { fileName: 'photo.jpg', detected: 'исполняемый файл Windows (EXE/DLL)' },
      },
    });
    expect(footprint(w)).toEqual(before);
    expect(fs.existsSync(path.join(w.dataDir, 'evidence'))).toBe(false);
  });

  it('when the database part fails after the files were written, the new files are removed again', async () => {
    const w = await makeAmnestyWorld();
    // One file is already stored by an earlier amnesty; it must survive the failed grant.
    await w.ok('lawyer', 'amnesty.grant', grantInput([w.sig('K2-01')], [fixture('receipt.png')]));
    const kept = w.evidenceFiles();
    expect(kept).toHaveLength(1);
    const before = footprint(w);
    w.db.exec(`CREATE TRIGGER fail_evidence BEFORE INSERT ON amnesty_evidence WHEN NEW.file_name = 'delivery-note.pdf'
               BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    const r = await w.call('lawyer', 'amnesty.grant', grantInput([w.sig('M-03')], [fixture('receipt.png'), fixture('delivery-note.pdf')]));
    expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('Данные не изменены') } });
    expect(footprint(w)).toEqual(before);
    expect(w.evidenceFiles()).toEqual(kept);
  });
});

describe('content-addressed storage', () => {
  it('stores by SHA-256 under a two-hex-digit folder, dedupes across amnesties and within one, and previews', async () => {
    const w = await makeAmnestyWorld();
    const png = fixture('receipt.png');
    const sha = (await import('node:crypto')).createHash('sha256').update(Buffer.from(png.contentBase64, 'base64')).digest('hex');
    const a = await w.ok('lawyer', 'amnesty.grant', grantInput([w.sig('M-03')], [png, fixture('delivery-note.pdf')]));
    expect(a.evidence[0]).toMatchObject({ sha256: sha, reused: false });
    // The same photo under another name, twice in one grant, in a second amnesty.
    const b = await w.ok('lawyer2', 'amnesty.grant', grantInput([w.sig('K2-01')], [fixture('receipt.png', 'фото-полки.png'), fixture('receipt.png', 'копия.png')]));
    expect(b.evidence).toEqual([{ sha256: sha, fileName: 'фото-полки.png', mime: 'image/png', size: 75, reused: true }]);
    expect(w.evidenceFiles()).toEqual([path.join(sha.slice(0, 2), sha), expect.stringMatching(/^[0-9a-f]{2}[\\/][0-9a-f]{64}$/)].sort());
    expect(w.count('evidence_files')).toBe(2);
    expect(w.db.prepare('SELECT amnesty_id, file_name FROM amnesty_evidence WHERE sha256 = ? ORDER BY amnesty_id').raw().all(sha)).toEqual([
      [a.id, 'receipt.png'],
      [b.id, 'фото-полки.png'],
    ]);
    // No temp files are left beside the stored ones.
    expect(w.evidenceFiles().some((f) => f.endsWith('.tmp'))).toBe(false);

    const card = await w.ok('fin', 'amnesty.get', { id: a.id });
    expect(card.evidence).toEqual([
      { sha256: expect.any(String), fileName: 'delivery-note.pdf', mime: 'application/pdf', size: 329 },
      { sha256: sha, fileName: 'receipt.png', mime: 'image/png', size: 75 },
    ]);
    const preview = await w.ok('fin', 'amnesty.evidence', { sha256: sha, amnestyId: b.id });
    expect(preview).toEqual({ sha256: sha, fileName: 'фото-полки.png', mime: 'image/png', size: 75, contentBase64: png.contentBase64 });
    expect(await w.call('fin', 'amnesty.evidence', { sha256: 'ab'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.call('fin', 'amnesty.evidence', { sha256: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'validation' } });

    // A file changed on disk is reported, not served.
    fs.writeFileSync(path.join(w.dataDir, 'evidence', sha.slice(0, 2), sha), Buffer.from('tampered'));
    expect(await w.call('fin', 'amnesty.evidence', { sha256: sha })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // …and the next upload of the same content repairs it.
    await w.ok('lawyer', 'amnesty.grant', grantInput([w.sig('M-04')], [png]));
    expect((await w.ok('fin', 'amnesty.evidence', { sha256: sha })).contentBase64).toBe(png.contentBase64);
  });
});
