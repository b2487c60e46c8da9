// The Diadoc upload package of a month: every UPD and agreement as stored (bytes untouched) plus manifest.csv, zipped.
import { zipSync } from 'fflate';
import { scopeSql } from '../contracts/repo';
import type { WritableDb } from '../db/types';
import { DomainError } from '../errors';
import type { Scope } from '../users/scope';
import { FINAL_REGISTRY_STATUSES } from './generate';
import { ddmmyyyy } from './upd';

/** The manifest's header line. */
export const MANIFEST_HEADER = 'counterparty_inn,counterparty_kpp,edo_id,document_type,document_number,document_date,file_name,sha256';

const TYPE_NAMES: Record<string, string> = {
  СЧФДОП: 'УПД (СЧФДОП)',
  ДОП: 'УПД (ДОП)',
  supplement: 'Дополнительное соглашение',
  contract: 'Договор',
};

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface PackRow {
  id: number;
  kind: string;
  number: string;
  docDate: string;
  fileName: string;
  sha256: string;
  content: Buffer;
  inn: string;
  kpp: string | null;
  edoId: string | null;
  vatMode: string | null;
  status: string;
}

/** The package: ZIP bytes, its file name, how many documents it holds and how many were exported for the first time. */
export interface PackageResult {
  fileName: string;
  zip: Uint8Array;
  count: number;
  newlyExported: number;
  manifest: string;
}

/**
 * Packs the month's UPDs and agreements in scope and marks them exported; refuses an empty month. A UPD whose registry
 * was reopened (back to draft, or rebuilt so its line is gone) is left out: its amounts are no longer final.
 */
export function exportPackage(db: WritableDb, scope: Scope, month: string, nowIso: string): PackageResult {
  const sc = scopeSql(scope, 'c');
  const rows = db
    .prepare(
      `SELECT d.id, d.kind, d.number, d.doc_date AS docDate, d.file_name AS fileName, d.sha256, d.content, d.status,
         COALESCE(rl.inn, cp.inn) AS inn, CASE WHEN rl.id IS NOT NULL THEN rl.kpp ELSE cp.kpp END AS kpp,
         COALESCE(NULLIF(rl.edo_id, ''), NULLIF(cp.edo_id, '')) AS edoId, rl.vat_mode AS vatMode
       FROM documents d JOIN contracts c ON c.id = d.contract_id JOIN counterparties cp ON cp.id = d.counterparty_id
       LEFT JOIN registry_lines rl ON rl.id = d.registry_line_id LEFT JOIN registries rr ON rr.id = rl.registry_id
       WHERE d.month = ? AND d.kind IN ('upd', 'supplement') AND ${sc.sql}
         AND (d.kind <> 'upd' OR rr.status IN (${FINAL_REGISTRY_STATUSES.map((s) => `'${s}'`).join(', ')}))
       ORDER BY d.kind DESC, d.id`,
    )
    .all(month, ...sc.params) as PackRow[];
  if (rows.length === 0) {
    throw new DomainError('validation', `За ${month} нет сформированных документов: сначала нажмите «Сформировать за месяц»`, { month });
  }
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  // Fixed timestamps keep the same documents giving the same ZIP bytes.
  const mtime = new Date('2026-01-01T00:00:00Z');
  const lines = [MANIFEST_HEADER];
  for (const r of rows) {
    if (files[r.fileName]) throw new DomainError('conflict', `Два документа с одинаковым именем файла: ${r.fileName}`);
    files[r.fileName] = [new Uint8Array(r.content), { mtime }];
    const type = r.kind === 'upd' ? TYPE_NAMES[r.vatMode === 'NO_VAT' ? 'ДОП' : 'СЧФДОП'] : TYPE_NAMES[r.kind];
    lines.push([r.inn, r.kpp ?? '', r.edoId ?? '', type, r.number, ddmmyyyy(r.docDate), r.fileName, r.sha256].map(csvCell).join(','));
  }
  const manifest = lines.join('\r\n') + '\r\n';
  files['manifest.csv'] = [new TextEncoder().encode(manifest), { mtime }];
  const zip = zipSync(files, { level: 6 });
  const fresh = rows.filter((r) => r.status === 'generated').map((r) => r.id);
  const mark = db.prepare("UPDATE documents SET status = 'exported', exported_at = ? WHERE id = ? AND status = 'generated'");
  for (const id of fresh) mark.run(nowIso, id);
  return { fileName: `diadoc-${month}.zip`, zip, count: rows.length, newlyExported: fresh.length, manifest };
}
