// The payment hold on changed bank details (a classic payment-fraud path): a change of a counterparty's bank details
// is recorded, and the counterparty's payments are held out of registries until a second person confirms the change
// or it is older than the hold period (setting `payments.bank_change_hold_days`, 30 days when unset).
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { readSettings } from '../settings/repo';

export const HOLD_DAYS_SETTING = 'payments.bank_change_hold_days';
export const DEFAULT_HOLD_DAYS = 30;

/** The bank fields whose change holds payments. */
export interface BankDetails {
  bik: string | null;
  account: string | null;
  corrAccount: string | null;
  bankName: string | null;
}

/** A recorded change with who made it, who confirmed it, and whether it still holds payments. */
export interface BankChange {
  id: number;
  counterpartyId: number;
  counterpartyName: string;
  inn: string;
  oldBik: string | null;
  oldAccount: string | null;
  oldCorrAccount: string | null;
  oldBankName: string | null;
  newBik: string | null;
  newAccount: string | null;
  newCorrAccount: string | null;
  newBankName: string | null;
  changedBy: number | null;
  changedByName: string | null;
  changedAt: string;
  confirmedBy: number | null;
  confirmedByName: string | null;
  confirmedAt: string | null;
  /** pending: holds payments; confirmed: released by a second person; expired: older than the hold period. */
  status: 'pending' | 'confirmed' | 'expired';
}

/** The hold period in days from settings; a bad or missing value falls back to 30. */
export function holdDays(db: ReadableDb): number {
  const raw = readSettings(db)[HOLD_DAYS_SETTING];
  const n = raw === undefined ? NaN : Number(raw.trim());
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_HOLD_DAYS;
}

/** The earliest change time that still holds payments at `nowIso`. */
export function holdSince(db: ReadableDb, nowIso: string): string {
  return new Date(Date.parse(nowIso) - holdDays(db) * 86_400_000).toISOString();
}

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '') === (b ?? '');

/**
 * Records a bank_detail_changes row when an existing counterparty's BIK or account changes — where the money goes
 * (the correspondent account follows the BIK, and a renamed bank redirects nothing, so neither holds payments alone);
 * the row keeps all four old and new values. Returns the row id, or null when neither changed. Runs in the caller's
 * transaction.
 */
export function recordBankDetailChange(
  db: WritableDb,
  counterpartyId: number,
  before: BankDetails,
  after: BankDetails,
  userId: number | null,
  nowIso: string,
): number | null {
  if (same(before.bik, after.bik) && same(before.account, after.account)) return null;
  const res = db
    .prepare(
      `INSERT INTO bank_detail_changes (counterparty_id, old_bik, old_account, old_corr_account, old_bank_name,
         new_bik, new_account, new_corr_account, new_bank_name, changed_by, changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      counterpartyId,
      before.bik, before.account, before.corrAccount, before.bankName,
      after.bik, after.account, after.corrAccount, after.bankName,
      userId, nowIso,
    );
  return Number(res.lastInsertRowid);
}

const CHANGE_SELECT = `SELECT b.id, b.counterparty_id AS counterpartyId, cp.name AS counterpartyName, cp.inn,
    b.old_bik AS oldBik, b.old_account AS oldAccount, b.old_corr_account AS oldCorrAccount, b.old_bank_name AS oldBankName,
    b.new_bik AS newBik, b.new_account AS newAccount, b.new_corr_account AS newCorrAccount, b.new_bank_name AS newBankName,
    b.changed_by AS changedBy, uc.full_name AS changedByName, b.changed_at AS changedAt,
    b.confirmed_by AS confirmedBy, uf.full_name AS confirmedByName, b.confirmed_at AS confirmedAt,
    CASE WHEN b.confirmed_at IS NOT NULL THEN 'confirmed' WHEN b.changed_at >= ? THEN 'pending' ELSE 'expired' END AS status
  FROM bank_detail_changes b JOIN counterparties cp ON cp.id = b.counterparty_id
  LEFT JOIN users uc ON uc.id = b.changed_by LEFT JOIN users uf ON uf.id = b.confirmed_by`;

/** Every recorded change, newest first, optionally only those still holding payments. */
export function listBankChanges(db: ReadableDb, nowIso: string, opts: { pendingOnly?: boolean; counterpartyId?: number } = {}): BankChange[] {
  const since = holdSince(db, nowIso);
  const conds: string[] = [];
  const params: unknown[] = [since];
  if (opts.pendingOnly) {
    conds.push('b.confirmed_at IS NULL AND b.changed_at >= ?');
    params.push(since);
  }
  if (opts.counterpartyId !== undefined) {
    conds.push('b.counterparty_id = ?');
    params.push(opts.counterpartyId);
  }
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  return db.prepare(`${CHANGE_SELECT} ${where} ORDER BY b.changed_at DESC, b.id DESC`).all(...params) as BankChange[];
}

/** A counterparty whose payments are held, with the latest pending change's old and new details. */
export interface HeldCounterparty {
  counterpartyId: number;
  name: string;
  inn: string;
  changeId: number;
  oldBik: string | null;
  oldAccount: string | null;
  newBik: string | null;
  newAccount: string | null;
  changedAt: string;
  changedByName: string | null;
}

/** Counterparties held at `nowIso` (an unconfirmed change within the hold period), by id. */
export function heldCounterparties(db: ReadableDb, nowIso: string): Map<number, HeldCounterparty> {
  const out = new Map<number, HeldCounterparty>();
  for (const c of listBankChanges(db, nowIso, { pendingOnly: true })) {
    // Newest first: the first change seen per counterparty is the one to show.
    if (out.has(c.counterpartyId)) continue;
    out.set(c.counterpartyId, {
      counterpartyId: c.counterpartyId,
      name: c.counterpartyName,
      inn: c.inn,
      changeId: c.id,
      oldBik: c.oldBik,
      oldAccount: c.oldAccount,
      newBik: c.newBik,
      newAccount: c.newAccount,
      changedAt: c.changedAt,
      changedByName: c.changedByName,
    });
  }
  return out;
}

/** Confirms a change as a second person; refuses the author of the change and a change already confirmed. */
export function confirmBankChange(db: WritableDb, id: number, userId: number, nowIso: string): BankChange {
  const change = (db.prepare(`${CHANGE_SELECT} WHERE b.id = ?`).get(holdSince(db, nowIso), id) as BankChange | undefined);
  if (!change) throw new DomainError('not_found', 'Изменение банковских реквизитов не найдено', { id });
  if (change.confirmedAt) {
    throw new DomainError('conflict', `Изменение реквизитов «${change.counterpartyName}» уже подтверждено`, { id });
  }
  if (change.changedBy === userId) {
    throw new DomainError('forbidden', 'Подтвердить изменение реквизитов должен другой сотрудник, не тот, кто их изменил', { id });
  }
  db.prepare('UPDATE bank_detail_changes SET confirmed_by = ?, confirmed_at = ? WHERE id = ?').run(userId, nowIso, id);
  return db.prepare(`${CHANGE_SELECT} WHERE b.id = ?`).get(holdSince(db, nowIso), id) as BankChange;
}
