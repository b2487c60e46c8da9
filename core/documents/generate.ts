// `documents.generateMonth`: a UPD for every payout line of the month's approved registries and the DOCX of every
// supplementary agreement taking effect that month, each made once (a second run adds only what is new).
import type { MutationCtx } from '../command';
import { scopeSql } from '../contracts/repo';
import type { ReadableDb } from '../db/types';
import { isDomainError } from '../errors';
import { monthEnd } from '../penalties/dates';
import type { Scope } from '../users/scope';
import { companyRequisites, UPD_COMPANY_KEYS } from './company';
import { supplementDocx } from './docx';
import { insertDocument } from './repo';
import { buildUpd, stableGuid } from './upd';

/** Registry statuses whose lines are final enough for documents. */
export const FINAL_REGISTRY_STATUSES = ['approved', 'exported', 'paid'] as const;

/** A payout line of a final registry, with what the UPD needs beyond the frozen requisites. */
export interface UpdLine {
  id: number;
  registryId: number;
  registryNumber: string;
  seq: number;
  kind: 'payout' | 'adjustment';
  contractId: number;
  contractNumber: string;
  contractDate: string;
  month: string;
  counterpartyId: number;
  counterpartyName: string;
  counterpartyType: 'ЮЛ' | 'ИП';
  inn: string;
  kpp: string | null;
  vatMode: string;
  edoId: string | null;
  address: string | null;
  regionCode: string | null;
  regionName: string | null;
  payout: number;
  vatRateBp: number;
  vat: number;
  total: number;
}

/** Lines of the month's final registries in scope; `onlyNew` leaves out lines that already have a UPD. */
export function updLines(db: ReadableDb, scope: Scope, month: string, onlyNew: boolean): UpdLine[] {
  const sc = scopeSql(scope, 'c');
  // The EDO id is no payment requisite: one added after approval is taken from the counterparty. The number of a UPD is
  // the registry's number and the line's position in it, so it never changes whatever else is generated.
  return db
    .prepare(
      `SELECT rl.id, rl.registry_id AS registryId, r.number AS registryNumber, rl.seq, rl.kind, rl.contract_id AS contractId, rl.contract_number AS contractNumber, rl.contract_date AS contractDate, r.month,
         rl.counterparty_id AS counterpartyId, rl.counterparty_name AS counterpartyName, rl.counterparty_type AS counterpartyType,
         rl.inn, rl.kpp, rl.vat_mode AS vatMode, COALESCE(NULLIF(rl.edo_id, ''), NULLIF(cp.edo_id, '')) AS edoId,
         cp.address, rl.region_code AS regionCode, reg.name AS regionName,
         rl.payout, rl.vat_rate_bp AS vatRateBp, rl.vat, rl.total
       FROM (SELECT x.*, row_number() OVER (PARTITION BY x.registry_id ORDER BY x.id) AS seq FROM registry_lines x
             WHERE x.registry_id IN (SELECT id FROM registries WHERE month = ?)) rl
       JOIN registries r ON r.id = rl.registry_id JOIN contracts c ON c.id = rl.contract_id
       JOIN counterparties cp ON cp.id = rl.counterparty_id LEFT JOIN regions reg ON reg.code = rl.region_code
       WHERE r.month = ? AND r.status IN (${FINAL_REGISTRY_STATUSES.map(() => '?').join(', ')}) AND ${sc.sql}
         ${onlyNew ? "AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.kind = 'upd' AND d.registry_line_id = rl.id)" : ''}
       ORDER BY r.id, rl.id`,
    )
    .all(month, month, ...FINAL_REGISTRY_STATUSES, ...sc.params) as UpdLine[];
}

/** Something that was not generated, and why. */
export interface SkippedDocument {
  kind: 'upd' | 'supplement';
  ref: number;
  counterparty: string;
  reason: string;
}

/** Result of generating a month. */
export interface GenerateResult {
  month: string;
  upd: number;
  supplements: number;
  skipped: SkippedDocument[];
}

const messageOf = (e: unknown) => (isDomainError(e) ? e.message : String(e));

/** Generates the month's missing UPDs and agreements; a line that cannot have a UPD is reported, not fatal. */
export function generateMonth(ctx: MutationCtx, scope: Scope, month: string): GenerateResult {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const userId = ctx.user?.id ?? null;
  const result: GenerateResult = { month, upd: 0, supplements: 0, skipped: [] };
  const lines = updLines(ctx.db, scope, month, true);
  // The company is the buyer of every UPD: without its requisites nothing can be made, so that refuses outright.
  const company = lines.length ? companyRequisites(ctx.db, UPD_COMPANY_KEYS) : null;
  for (const l of lines) {
    const skip = (reason: string) => result.skipped.push({ kind: 'upd', ref: l.id, counterparty: l.counterpartyName, reason });
    if (l.kind !== 'payout') {
      skip('Строка корректировки: УПД на корректировку (УКД) не формируется');
      continue;
    }
    if (l.payout <= 0) {
      skip('Сумма выплаты нулевая: УПД не нужен');
      continue;
    }
    if (!l.edoId) {
      skip('У контрагента нет идентификатора участника ЭДО (Диадок)');
      continue;
    }
    try {
      const upd = buildUpd({
        seller: { type: l.counterpartyType, name: l.counterpartyName, inn: l.inn, kpp: l.kpp, address: l.address, regionCode: l.regionCode, regionName: l.regionName, edoId: l.edoId },
        buyer: { type: 'ЮЛ', name: company!.name, inn: company!.inn, kpp: company!.kpp, address: company!.address, edoId: company!.edo_id },
        number: `${l.registryNumber}/${l.seq}`,
        docDate: monthEnd(month),
        madeAt: now,
        guid: stableGuid(`mcm-upd:${l.registryNumber}:${l.id}`),
        month,
        contractNumber: l.contractNumber,
        contractDate: l.contractDate,
        vatMode: l.vatMode,
        vatRateBp: l.vatRateBp,
        payout: l.payout,
        vat: l.vat,
        total: l.total,
        signer: { name: company!.signer_name, position: company!.signer_position },
        programVersion: `MCM ${ctx.env.appVersion}`,
      });
      insertDocument(
        ctx.db,
        {
          kind: 'upd',
          month,
          counterpartyId: l.counterpartyId,
          contractId: l.contractId,
          registryLineId: l.id,
          number: `${l.registryNumber}/${l.seq}`,
          docDate: monthEnd(month),
          fileName: upd.fileName,
          content: upd.bytes,
          amount: l.payout,
          vat: l.vat,
          total: l.total,
        },
        userId,
        nowIso,
      );
      result.upd++;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      skip(messageOf(e));
    }
  }

  const sc = scopeSql(scope, 'c');
  const agreements = ctx.db
    .prepare(
      `SELECT sa.id, cp.name AS counterparty FROM supplementary_agreements sa JOIN contracts c ON c.id = sa.contract_id
       JOIN counterparties cp ON cp.id = c.counterparty_id
       WHERE substr(sa.effective_from, 1, 7) = ? AND ${sc.sql}
         AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.kind = 'supplement' AND d.supplement_id = sa.id)
       ORDER BY sa.effective_from, sa.id`,
    )
    .all(month, ...sc.params) as { id: number; counterparty: string }[];
  for (const a of agreements) {
    try {
      const doc = supplementDocx(ctx.db, a.id);
      insertDocument(
        ctx.db,
        {
          kind: 'supplement',
          month,
          counterpartyId: doc.counterpartyId,
          contractId: doc.contractId,
          supplementId: a.id,
          number: doc.number,
          docDate: doc.docDate,
          fileName: doc.fileName,
          content: doc.bytes,
          amount: doc.fee,
        },
        userId,
        nowIso,
      );
      result.supplements++;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      result.skipped.push({ kind: 'supplement', ref: a.id, counterparty: a.counterparty, reason: messageOf(e) });
    }
  }
  return result;
}

/** Counterparties of the month's final registries without an EDO id, and whether the company's own is missing. */
export function missingEdo(db: ReadableDb, scope: Scope, month: string): { companyMissing: boolean; counterparties: { id: number; name: string; inn: string; kpp: string | null; lines: number }[] } {
  const lines = updLines(db, scope, month, false).filter((l) => l.kind === 'payout' && l.payout > 0 && !l.edoId);
  const by = new Map<number, { id: number; name: string; inn: string; kpp: string | null; lines: number }>();
  for (const l of lines) {
    const e = by.get(l.counterpartyId) ?? { id: l.counterpartyId, name: l.counterpartyName, inn: l.inn, kpp: l.kpp, lines: 0 };
    e.lines++;
    by.set(l.counterpartyId, e);
  }
  const companyEdo = (db.prepare("SELECT value FROM settings WHERE key = 'company.edo_id'").pluck().get() as string | undefined)?.trim();
  return { companyMissing: !companyEdo, counterparties: [...by.values()].sort((a, b) => a.name.localeCompare(b.name, 'ru')) };
}
