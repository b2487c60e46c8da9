// The life of a registry: build (or rebuild) the month's draft, approve (freeze), reopen while not exported, export.
import type { CurrentUser } from '../command';
import type { WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { blockingChecks, checkRegistry } from './checks';
import { assignPaymentOrders, companyPayer, exchangeBytes } from './export1c';
import { planRegistry } from './plan';
import { monthWords } from './purpose';
import { draftOfMonth, insertRegistry, loadRegistry, replaceLines, requireVersion, STATUS_RU, touchRegistry, type RegistryHeader } from './repo';

/** The header fields an audit record keeps of a registry. */
export function auditView(r: RegistryHeader) {
  return { number: r.number, month: r.month, status: r.status, lineCount: r.lineCount, totalPayout: r.totalPayout, totalVat: r.totalVat, total: r.total, version: r.version };
}

/**
 * Builds the month's draft registry, or rebuilds the existing draft from today's data. When earlier registries of the
 * month exist, only what they did not pay goes in. Counterparties held for changed bank details are left out and
 * listed. Refuses to create an empty registry.
 */
export function buildRegistry(db: WritableDb, month: string, user: CurrentUser | null, nowIso: string) {
  const existing = draftOfMonth(db, month);
  const plan = planRegistry(db, month, existing?.id ?? null, nowIso);
  if (!existing && plan.lines.length === 0) {
    const earlier = db.prepare('SELECT number FROM registries WHERE month = ? ORDER BY id').pluck().all(month) as string[];
    const heldNote = plan.held.length ? ` Задержаны выплаты ${plan.held.length} контрагентов с изменёнными реквизитами.` : '';
    throw new DomainError(
      'validation',
      earlier.length
        ? `За ${monthWords(month)} нет новых выплат: всё уже вошло в ${earlier.join(', ')}.${heldNote}`
        : `За ${monthWords(month)} нет выплат по подписанным договорам.${heldNote}`,
      { field: 'month', held: plan.held },
    );
  }
  const id = existing?.id ?? insertRegistry(db, month, user?.id ?? null, nowIso);
  replaceLines(db, id, plan, nowIso);
  const r = loadRegistry(db, id);
  return {
    registryId: r.id,
    number: r.number,
    rebuilt: existing !== undefined,
    version: r.version,
    lineCount: r.lineCount,
    totalPayout: r.totalPayout,
    totalVat: r.totalVat,
    total: r.total,
    adjustments: plan.adjustments.filter((a) => !a.absorbed).length,
    held: plan.held.map((h) => ({
      counterpartyId: h.counterpartyId,
      name: h.name,
      inn: h.inn,
      oldBik: h.oldBik,
      oldAccount: h.oldAccount,
      newBik: h.newBik,
      newAccount: h.newAccount,
      changedAt: h.changedAt,
      changedByName: h.changedByName,
    })),
  };
}

function requireStatus(r: RegistryHeader, allowed: RegistryHeader['status'][], action: string): void {
  if (!allowed.includes(r.status)) {
    throw new DomainError('conflict', `Реестр ${r.number} нельзя ${action}: он ${STATUS_RU[r.status]}`, { id: r.id, status: r.status });
  }
}

/** Approves a draft at the version the user saw, when no check fails; from then on its lines never change. */
export function approveRegistry(db: WritableDb, id: number, version: number, user: CurrentUser, nowIso: string): RegistryHeader {
  const r = loadRegistry(db, id);
  requireStatus(r, ['draft'], 'утвердить');
  requireVersion(db, r, version);
  if (r.lineCount === 0) throw new DomainError('validation', `Реестр ${r.number} пуст: утверждать нечего`, { id });
  const blocking = blockingChecks(checkRegistry(db, r, nowIso));
  if (blocking.length) {
    throw new DomainError('validation', `Реестр ${r.number} нельзя утвердить: ${blocking.map((c) => `${c.title} — ${c.message ?? `строк: ${c.count}`}`).join('; ')}`, {
      checks: blocking,
    });
  }
  db.prepare(`UPDATE registries SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ?`).run(user.id, nowIso, id);
  touchRegistry(db, id, nowIso);
  return loadRegistry(db, id);
}

/** Returns an approved registry to draft (only before it is exported); its lines stay until it is rebuilt. */
export function reopenRegistry(db: WritableDb, id: number, version: number, nowIso: string): RegistryHeader {
  const r = loadRegistry(db, id);
  requireStatus(r, ['approved'], 'вернуть в черновик');
  requireVersion(db, r, version);
  const draft = draftOfMonth(db, r.month);
  if (draft) {
    throw new DomainError('conflict', `За ${monthWords(r.month)} уже есть черновик ${draft.number}: утвердите его сначала`, { id, draftId: draft.id });
  }
  // UPDs already sent to Diadoc for this registry are legal documents at the counterparties: reopening would let the
  // payments drift from them. The corrections go through the next registry (adjustment lines) instead.
  const sent = db
    .prepare(`SELECT count(*) FROM documents d JOIN registry_lines l ON l.id = d.registry_line_id WHERE l.registry_id = ? AND d.status = 'exported'`)
    .pluck()
    .get(id) as number;
  if (sent > 0) {
    throw new DomainError('conflict', `Реестр ${r.number} нельзя вернуть в черновик: по нему уже выгружено УПД в Диадок (${sent})`, { id, sent });
  }
  db.prepare(`UPDATE registries SET status = 'draft', approved_by = NULL, approved_at = NULL WHERE id = ?`).run(id);
  touchRegistry(db, id, nowIso);
  return loadRegistry(db, id);
}

/** The 1C file of an approved or exported registry; moves approved → exported. */
export function export1c(db: WritableDb, id: number, user: CurrentUser, nowIso: string) {
  const r = loadRegistry(db, id);
  requireStatus(r, ['approved', 'exported'], 'выгрузить в 1С');
  const payer = companyPayer(db);
  const orders = assignPaymentOrders(db, r, payer, nowIso);
  if (r.status === 'approved') {
    db.prepare(`UPDATE registries SET status = 'exported', exported_by = ?, exported_at = ? WHERE id = ?`).run(user.id, nowIso, id);
  }
  touchRegistry(db, id, nowIso);
  return {
    registry: loadRegistry(db, id),
    orders: orders.length,
    bytes: exchangeBytes(r, payer, orders, nowIso),
  };
}
