// What a registry of a month should contain right now: payout lines from the contract_months cache, adjustment lines
// from payout_adjustments, minus counterparties held for changed bank details. Building writes this plan; the
// staleness check of a draft compares its stored lines with it.
import type { ReadableDb } from '../db/types';
import { heldCounterparties, type HeldCounterparty } from './bankChanges';

/** A registry line before it is stored (registry_lines columns, camelCased, without ids and payment state). */
export interface PlannedLine {
  kind: 'payout' | 'adjustment';
  contractId: number;
  month: string;
  adjustmentId: number | null;
  contractNumber: string;
  contractDate: string;
  counterpartyId: number;
  counterpartyName: string;
  counterpartyType: string;
  inn: string;
  kpp: string | null;
  bik: string | null;
  account: string | null;
  corrAccount: string | null;
  bankName: string | null;
  vatMode: string;
  edoId: string | null;
  regionCode: string | null;
  federalDistrict: string | null;
  monthFee: number;
  penalty: number;
  payout: number;
  vatRateBp: number;
  vat: number;
  total: number;
}

/** The fields copied into a line and compared when checking a draft against today's data. */
export const LINE_FIELDS: (keyof PlannedLine)[] = [
  'kind', 'contractId', 'month', 'adjustmentId', 'contractNumber', 'contractDate', 'counterpartyId', 'counterpartyName',
  'counterpartyType', 'inn', 'kpp', 'bik', 'account', 'corrAccount', 'bankName', 'vatMode', 'edoId', 'regionCode',
  'federalDistrict', 'monthFee', 'penalty', 'payout', 'vatRateBp', 'vat', 'total',
];

/** The registry_lines column of each planned field. */
export const LINE_COLUMN: Record<keyof PlannedLine, string> = {
  kind: 'kind', contractId: 'contract_id', month: 'month', adjustmentId: 'adjustment_id', contractNumber: 'contract_number',
  contractDate: 'contract_date', counterpartyId: 'counterparty_id', counterpartyName: 'counterparty_name',
  counterpartyType: 'counterparty_type', inn: 'inn', kpp: 'kpp', bik: 'bik', account: 'account', corrAccount: 'corr_account',
  bankName: 'bank_name', vatMode: 'vat_mode', edoId: 'edo_id', regionCode: 'region_code', federalDistrict: 'federal_district',
  monthFee: 'month_fee', penalty: 'penalty', payout: 'payout', vatRateBp: 'vat_rate_bp', vat: 'vat', total: 'total',
};

/** The key that identifies a line across rebuilds. */
export const lineKey = (l: Pick<PlannedLine, 'kind' | 'contractId' | 'month' | 'adjustmentId'>): string =>
  `${l.kind}:${l.contractId}:${l.month}:${l.adjustmentId ?? ''}`;

// Contract, counterparty and place columns shared by both kinds of line. The region is the one most of the contract's
// outlets are in (a contract spans outlets of one counterparty, nearly always in one region).
const COMMON = `c.number AS contractNumber, COALESCE(c.signed_date, c.start_date) AS contractDate,
  cp.id AS counterpartyId, cp.name AS counterpartyName, cp.type AS counterpartyType, cp.inn, cp.kpp, cp.bik, cp.account,
  cp.corr_account AS corrAccount, cp.bank_name AS bankName, cp.vat_mode AS vatMode, cp.edo_id AS edoId,
  rg.code AS regionCode, rg.federal_district AS federalDistrict`;
const REGION_JOIN = `LEFT JOIN regions rg ON rg.code = (
    SELECT o.region_code FROM contract_outlets co JOIN outlets o ON o.id = co.outlet_id
    WHERE co.contract_id = c.id GROUP BY o.region_code ORDER BY count(*) DESC, o.region_code LIMIT 1)`;
// VAT rate on the last day of the line's month, as the penalty engine takes it.
const VAT_RATE = (monthSql: string) => `COALESCE((SELECT v.rate_bp FROM vat_rates v WHERE v.vat_mode = cp.vat_mode
    AND v.effective_from <= date(${monthSql} || '-01', '+1 month', '-1 day') ORDER BY v.effective_from DESC LIMIT 1), 0)`;

/** An adjustment the plan takes over from elsewhere or absorbs into a payout line. */
export interface PlannedAdjustment {
  id: number;
  /** The registry holding it now (null when open). */
  registryId: number | null;
  /** True when the registry pays the same contract-month from the cache, which already includes the change. */
  absorbed: boolean;
}

/** The plan of a registry. */
export interface RegistryPlan {
  lines: PlannedLine[];
  /** Adjustments the registry takes: as lines, or absorbed into its payout line of the same contract-month. */
  adjustments: PlannedAdjustment[];
  held: HeldCounterparty[];
}

/**
 * The lines a draft registry of `month` should hold now. `registryId` is the draft being rebuilt (null for a new one):
 * contracts already paid for the month by another registry are left out, open adjustments and the draft's own are
 * taken, and an adjustment of a contract-month the draft pays from the cache is absorbed even from another draft
 * (a reopened registry pays the corrected amount itself).
 */
export function planRegistry(db: ReadableDb, month: string, registryId: number | null, nowIso: string): RegistryPlan {
  const held = heldCounterparties(db, nowIso);
  const own = registryId ?? -1;
  const payouts = db
    .prepare(
      `SELECT 'payout' AS kind, cm.contract_id AS contractId, cm.month, NULL AS adjustmentId, ${COMMON},
         cm.month_fee AS monthFee, cm.penalty, cm.payout, ${VAT_RATE('cm.month')} AS vatRateBp, cm.vat, cm.payout_total AS total
       FROM contract_months cm JOIN contracts c ON c.id = cm.contract_id JOIN counterparties cp ON cp.id = c.counterparty_id
       ${REGION_JOIN}
       WHERE cm.month = ? AND cm.payout > 0
         AND NOT EXISTS (SELECT 1 FROM registry_lines l WHERE l.contract_id = cm.contract_id AND l.month = cm.month
                         AND l.kind = 'payout' AND l.registry_id <> ?)
       ORDER BY c.number`,
    )
    .all(month, own) as PlannedLine[];
  const adjustments = db
    .prepare(
      `SELECT 'adjustment' AS kind, a.contract_id AS contractId, a.month, a.id AS adjustmentId, ${COMMON},
         0 AS monthFee, -a.payout_delta AS penalty, a.payout_delta AS payout, ${VAT_RATE('a.month')} AS vatRateBp,
         a.vat_delta AS vat, a.payout_delta + a.vat_delta AS total, a.registry_id AS registryId
       FROM payout_adjustments a JOIN contracts c ON c.id = a.contract_id JOIN counterparties cp ON cp.id = c.counterparty_id
       ${REGION_JOIN}
       WHERE a.registry_id IS NULL OR a.registry_id IN (SELECT id FROM registries WHERE status = 'draft')
       ORDER BY c.number, a.month, a.id`,
    )
    .all() as (PlannedLine & { registryId: number | null })[];

  const heldOut = new Map<number, HeldCounterparty>();
  const lines: PlannedLine[] = [];
  const paidPairs = new Set<string>();
  for (const p of payouts) {
    const h = held.get(p.counterpartyId);
    if (h) heldOut.set(h.counterpartyId, h);
    else {
      lines.push(p);
      paidPairs.add(`${p.contractId}:${p.month}`);
    }
  }
  const taken: PlannedAdjustment[] = [];
  for (const a of adjustments) {
    const { registryId: holder, ...line } = a;
    if (paidPairs.has(`${a.contractId}:${a.month}`)) {
      taken.push({ id: a.adjustmentId!, registryId: holder, absorbed: true });
      continue;
    }
    if (holder !== null && holder !== registryId) continue;
    const h = held.get(a.counterpartyId);
    if (h) {
      heldOut.set(h.counterpartyId, h);
      continue;
    }
    lines.push(line);
    taken.push({ id: a.adjustmentId!, registryId: holder, absorbed: false });
  }
  return { lines, adjustments: taken, held: [...heldOut.values()].sort((x, y) => x.name.localeCompare(y.name, 'ru')) };
}
