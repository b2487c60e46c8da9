import { z } from 'zod';
import { mutation, query, type CurrentUser, type MutationCtx } from '../command';
import { DomainError } from '../errors';
import { gridRequest } from '../grid/request';
import { monthSchema } from '../penalties/commands';
import { findAmnestyReason } from '../reference/repo';
import { rolesGrant } from '../users/roles';
import { WHOLE_COUNTRY, type Scope } from '../users/scope';
import { applyAmnesty, unapplyAmnesty } from './apply';
import {
  amnestyThreshold,
  computeImpact,
  loadAmnestySignals,
  MAX_SIGNALS,
  resolveSelection,
  type Impact,
  type Selection,
  type SelectionInput,
} from './effect';
import {
  checkEvidenceSet,
  discardCreated,
  isSha256,
  knownEvidence,
  linkEvidence,
  listAmnestyEvidence,
  MAX_EVIDENCE_FILES,
  readEvidenceFile,
  storeEvidenceFiles,
} from './evidence';
import {
  amnestyHistory,
  amnestyRow,
  amnestyScopeSql,
  insertAmnesty,
  listAdjustments,
  listAmnesties,
  listAmnestySignalRows,
  loadAmnesty,
  STATUS_RU,
  type AmnestyRecord,
} from './repo';

const id = z.number().int().positive();
const reasonText = (what: string) => z.string().trim().min(1, `Укажите ${what}`).max(2000, 'Не длиннее 2000 символов');

// Flat on purpose (DOMAIN.md: "one signal, a selection, or all signals of a contract-month"): either signalIds, or
// contractId + month. Checked after parsing so the message says which combination is wrong.
const selectionShape = {
  signalIds: z.array(id).min(1, 'Выберите хотя бы один сигнал').max(MAX_SIGNALS, `Не больше ${MAX_SIGNALS} сигналов в одной амнистии`).optional(),
  contractId: id.optional(),
  month: monthSchema.optional(),
};
type SelectionFields = { signalIds?: number[]; contractId?: number; month?: string };
function checkSelection(v: SelectionFields, ctx: z.RefinementCtx): void {
  const byIds = v.signalIds !== undefined;
  const byMonth = v.contractId !== undefined || v.month !== undefined;
  if (byIds === byMonth) {
    ctx.addIssue({ code: 'custom', message: 'Укажите либо сигналы (signalIds), либо договор и месяц (contractId, month)', path: ['signalIds'] });
  } else if (byMonth && (v.contractId === undefined || v.month === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'Для амнистии за месяц укажите и договор, и месяц', path: [v.contractId === undefined ? 'contractId' : 'month'] });
  }
}
function selectionOf(v: SelectionFields): SelectionInput {
  return v.signalIds !== undefined ? { signalIds: v.signalIds } : { contractId: v.contractId!, month: v.month! };
}

const evidenceUpload = z.object({
  fileName: z.string().max(1000),
  // No length cap here: the size check counts the base64 before decoding and names the file in its message.
  contentBase64: z.string(),
});

const previewInput = z.object(selectionShape).superRefine(checkSelection);
const grantInput = z
  .object({
    ...selectionShape,
    reasonCode: z.string().trim().min(1, 'Выберите причину амнистии').max(64),
    comment: reasonText('комментарий'),
    evidence: z
      .array(evidenceUpload)
      .min(1, 'Приложите хотя бы один файл-доказательство')
      .max(MAX_EVIDENCE_FILES, `Не больше ${MAX_EVIDENCE_FILES} файлов в одной амнистии`),
  })
  .superRefine(checkSelection);

const userOf = (ctx: { user: CurrentUser | null }): CurrentUser => {
  // Every amnesty command requires a permission, so dispatch has already refused anonymous calls.
  if (!ctx.user) throw new DomainError('unauthenticated', 'Сессия истекла или вы не вошли в систему. Войдите снова.');
  return ctx.user;
};
const scopeOf = (ctx: { user: CurrentUser | null }): Scope => ctx.user?.scope ?? WHOLE_COUNTRY;

/** The preview of a selection: what would be cancelled, the effect per contract-month, and whether it can be granted. */
function preview(selection: Selection, impact: Impact, threshold: number) {
  return {
    kind: selection.kind,
    contractId: selection.contractId,
    month: selection.month,
    signalIds: selection.signals.map((s) => s.signalId),
    signals: selection.signals.length,
    months: impact.months,
    effect: impact.effect,
    threshold,
    needsConfirmation: impact.effect > threshold,
    refusals: selection.refusals,
    skipped: selection.skipped,
    canGrant: selection.refusals.length === 0 && selection.signals.length > 0,
  };
}

function refuseSelection(selection: Selection): void {
  if (selection.refusals.length > 0) {
    const first = selection.refusals[0];
    const more = selection.refusals.length > 1 ? ` (и ещё ${selection.refusals.length - 1})` : '';
    throw new DomainError('validation', `Сигнал №${first.signalId}: ${first.reason}${more}. Амнистия не оформлена.`, {
      field: 'signalIds',
      refusals: selection.refusals.slice(0, 100),
      refusalsTotal: selection.refusals.length,
    });
  }
  if (selection.signals.length === 0) {
    throw new DomainError('validation', 'В этом месяце по договору нет сигналов, которые можно амнистировать', { field: 'month' });
  }
}

function requireStatus(a: AmnestyRecord, status: AmnestyRecord['status'], action: string): void {
  if (a.status !== status) {
    throw new DomainError('conflict', `Амнистию №${a.id} нельзя ${action}: она ${STATUS_RU[a.status]}`, { id: a.id, status: a.status });
  }
}

/** Signals an amnesty currently holds that still carry a penalty for it to cancel (matched, not cancelled elsewhere). */
function freeSignalsOf(ctx: MutationCtx, amnestyId: number) {
  return loadAmnestySignals(ctx.db, amnestyId).filter((s) => s.amnestyId === null && s.matchStatus === 'matched' && s.contractId !== null);
}

/** Commands of the amnesty domain: preview, grant, four-eyes confirmation, decline, revoke, lists and evidence. */
export const amnestyCommands = {
  /**
   * What an amnesty of these signals (or of a whole contract-month) would do, before saving: per contract-month the
   * penalty with and without them, the total effect (kopecks), whether it needs a second person, and refusals.
   */
  'amnesty.preview': query({
    access: 'amnesty.read',
    input: previewInput,
    handler: (ctx, input) => {
      const selection = resolveSelection(ctx.db, scopeOf(ctx), selectionOf(input));
      return preview(selection, computeImpact(ctx.db, selection.signals), amnestyThreshold(ctx.db));
    },
  }),

  /**
   * Grants an amnesty with a reason, a comment and evidence files. Up to the threshold it applies at once (signals
   * cancelled, payouts recomputed); above it, it waits for confirmation by someone else. Refused whole on any problem,
   * and then nothing is stored — neither rows nor files.
   */
  'amnesty.grant': mutation({
    access: 'amnesty.grant',
    input: grantInput,
    handler: (ctx, input) => {
      const user = userOf(ctx);
      const nowIso = ctx.clock.now().toISOString();
      // Phase 1: every check, in memory. Nothing has touched the disk or the database yet.
      const reason = findAmnestyReason(ctx.db, input.reasonCode);
      if (!reason || !reason.isActive) {
        throw new DomainError('validation', `Причина амнистии «${input.reasonCode}» не найдена или отключена`, { field: 'reasonCode' });
      }
      const selection = resolveSelection(ctx.db, scopeOf(ctx), selectionOf(input));
      refuseSelection(selection);
      const files = checkEvidenceSet(input.evidence);
      const impact = computeImpact(ctx.db, selection.signals);
      const threshold = amnestyThreshold(ctx.db);
      const status = impact.effect > threshold ? 'pending' : 'applied';
      const reused = knownEvidence(ctx.db, files.map((f) => f.sha256));

      // Phase 2: files, atomically. Phase 3: rows; if they fail, the files this call created go again.
      const created = storeEvidenceFiles(ctx.env.dataDir, files);
      try {
        const amnestyId = insertAmnesty(
          ctx.db,
          {
            status,
            reasonCode: reason.code,
            comment: input.comment,
            scopeKind: selection.kind,
            contractId: selection.contractId,
            month: selection.month,
            effect: impact.effect,
            threshold,
            grantedBy: user.id,
            nowIso,
          },
          selection.signals.map((s) => s.signalId),
        );
        linkEvidence(ctx.db, amnestyId, files, nowIso);
        const outcome = status === 'applied' ? applyAmnesty(ctx.db, amnestyId, impact, nowIso) : null;
        const evidence = files.map((f) => ({ sha256: f.sha256, fileName: f.fileName, mime: f.mime, size: f.size, reused: reused.has(f.sha256) }));
        ctx.audit({
          entity: 'amnesty',
          entityId: amnestyId,
          after: {
            status,
            reasonCode: reason.code,
            comment: input.comment,
            kind: selection.kind,
            contractId: selection.contractId,
            month: selection.month,
            signalIds: selection.signals.map((s) => s.signalId),
            effect: impact.effect,
            threshold,
            months: impact.months.map((m) => ({ contractId: m.contractId, month: m.month, before: m.withSignals.penalty, after: m.withoutSignals.penalty })),
            evidence: evidence.map((e) => ({ sha256: e.sha256, fileName: e.fileName })),
            adjustments: outcome?.adjustments.map((a) => a.id) ?? [],
          },
        });
        return {
          id: amnestyId,
          status,
          effect: impact.effect,
          threshold,
          needsConfirmation: status === 'pending',
          signals: selection.signals.length,
          months: impact.months,
          evidence,
          adjustments: outcome?.adjustments ?? [],
        };
      } catch (e) {
        discardCreated(created);
        throw e;
      }
    },
  }),

  /**
   * Confirms a pending amnesty (four eyes): never by its grantor. The effect is priced again now, stored, and applied.
   */
  'amnesty.confirm': mutation({
    access: 'amnesty.confirm',
    input: z.object({ id }),
    handler: (ctx, input) => {
      const user = userOf(ctx);
      const a = loadAmnesty(ctx.db, scopeOf(ctx), input.id);
      requireStatus(a, 'pending', 'подтвердить');
      if (a.grantedBy === user.id) {
        throw new DomainError('forbidden', 'Нельзя подтвердить собственную амнистию', { id: a.id });
      }
      const nowIso = ctx.clock.now().toISOString();
      // Signals may have changed since the grant (re-matching, rolled-back files): price what is there now.
      const impact = computeImpact(ctx.db, freeSignalsOf(ctx, a.id));
      ctx.db
        .prepare(`UPDATE amnesties SET status = 'applied', effect = ?, confirmed_by = ?, confirmed_at = ? WHERE id = ? AND status = 'pending'`)
        .run(impact.effect, user.id, nowIso, a.id);
      const outcome = applyAmnesty(ctx.db, a.id, impact, nowIso);
      ctx.audit({
        entity: 'amnesty',
        entityId: a.id,
        before: { status: 'pending', effect: a.effect },
        after: {
          status: 'applied',
          effect: impact.effect,
          months: impact.months.map((m) => ({ contractId: m.contractId, month: m.month, before: m.withSignals.penalty, after: m.withoutSignals.penalty })),
          adjustments: outcome.adjustments.map((x) => x.id),
        },
      });
      return { id: a.id, status: 'applied' as const, effect: impact.effect, effectAtGrant: a.effect, months: impact.months, adjustments: outcome.adjustments };
    },
  }),

  /** Declines a pending amnesty with a reason (its grantor may also withdraw it); nothing was applied, nothing changes. */
  'amnesty.decline': mutation({
    access: 'amnesty.confirm',
    input: z.object({ id, reason: reasonText('причину отклонения') }),
    handler: (ctx, input) => {
      const user = userOf(ctx);
      const a = loadAmnesty(ctx.db, scopeOf(ctx), input.id);
      requireStatus(a, 'pending', 'отклонить');
      const nowIso = ctx.clock.now().toISOString();
      ctx.db
        .prepare(`UPDATE amnesties SET status = 'declined', declined_by = ?, declined_at = ?, decline_reason = ? WHERE id = ?`)
        .run(user.id, nowIso, input.reason, a.id);
      ctx.audit({ entity: 'amnesty', entityId: a.id, before: { status: 'pending' }, after: { status: 'declined', reason: input.reason } });
      return { id: a.id, status: 'declined' as const };
    },
  }),

  /** Revokes an applied amnesty with a reason: its signals count again and the penalty comes back exactly. */
  'amnesty.revoke': mutation({
    access: 'amnesty.revoke',
    input: z.object({ id, reason: reasonText('причину отмены') }),
    handler: (ctx, input) => {
      const user = userOf(ctx);
      const a = loadAmnesty(ctx.db, scopeOf(ctx), input.id);
      requireStatus(a, 'applied', 'отменить');
      const nowIso = ctx.clock.now().toISOString();
      const held = loadAmnestySignals(ctx.db, a.id).filter((s) => s.amnestyId === a.id);
      const impact = computeImpact(ctx.db, held);
      ctx.db
        .prepare(`UPDATE amnesties SET status = 'revoked', revoked_by = ?, revoked_at = ?, revoke_reason = ? WHERE id = ?`)
        .run(user.id, nowIso, input.reason, a.id);
      const outcome = unapplyAmnesty(ctx.db, a.id, impact, input.reason, nowIso);
      ctx.audit({
        entity: 'amnesty',
        entityId: a.id,
        before: { status: 'applied', effect: a.effect },
        after: {
          status: 'revoked',
          reason: input.reason,
          restored: impact.effect,
          months: impact.months.map((m) => ({ contractId: m.contractId, month: m.month, before: m.withoutSignals.penalty, after: m.withSignals.penalty })),
          adjustments: outcome.adjustments.map((x) => x.id),
        },
      });
      return { id: a.id, status: 'revoked' as const, restored: impact.effect, months: impact.months, adjustments: outcome.adjustments };
    },
  }),

  /** Amnesties in the user's scope (grid); `status` narrows like a status filter. */
  'amnesty.list': query({
    access: 'amnesty.read',
    input: gridRequest.extend({ status: z.enum(['pending', 'applied', 'declined', 'revoked']).optional() }),
    handler: (ctx, input) =>
      listAmnesties(ctx.db, scopeOf(ctx), input, input.status ? { sql: 'a.status = ?', params: [input.status] } : undefined),
  }),

  /** Pending amnesties the current user may confirm: in scope and granted by someone else. */
  'amnesty.inbox': query({
    access: 'amnesty.confirm',
    input: gridRequest,
    handler: (ctx, input) =>
      listAmnesties(ctx.db, scopeOf(ctx), input, { sql: `a.status = 'pending' AND a.granted_by <> ?`, params: [userOf(ctx).id] }),
  }),

  /**
   * One amnesty: the grid row plus decline/revoke details, its signals, evidence files, history, and the live impact
   * (pending: what confirming would remove now; applied: what revoking would restore now).
   */
  'amnesty.get': query({
    access: 'amnesty.read',
    input: z.object({ id }),
    handler: (ctx, input) => {
      const user = userOf(ctx);
      const a = loadAmnesty(ctx.db, scopeOf(ctx), input.id);
      const row = amnestyRow(ctx.db, scopeOf(ctx), a.id)!;
      const held = loadAmnestySignals(ctx.db, a.id).filter((s) =>
        a.status === 'pending' ? s.amnestyId === null && s.matchStatus === 'matched' : a.status === 'applied' ? s.amnestyId === a.id : false,
      );
      return {
        ...row,
        contractId: a.contractId,
        month: a.month,
        declinedAt: a.declinedAt,
        declineReason: a.declineReason,
        revokedAt: a.revokedAt,
        revokeReason: a.revokeReason,
        signals: listAmnestySignalRows(ctx.db, a.id),
        evidence: listAmnestyEvidence(ctx.db, a.id),
        history: amnestyHistory(ctx.db, a.id),
        impact: a.status === 'pending' || a.status === 'applied' ? computeImpact(ctx.db, held) : null,
        canConfirm: a.status === 'pending' && a.grantedBy !== user.id && rolesGrant(user.roles, 'amnesty.confirm'),
        canDecline: a.status === 'pending' && rolesGrant(user.roles, 'amnesty.confirm'),
        canRevoke: a.status === 'applied' && rolesGrant(user.roles, 'amnesty.revoke'),
      };
    },
  }),

  /** An evidence file's content for a preview (image or PDF), if it belongs to an amnesty the user may see. */
  'amnesty.evidence': query({
    access: 'amnesty.read',
    input: z.object({ sha256: z.string().refine(isSha256, 'Неверный хеш файла'), amnestyId: id.optional() }),
    handler: (ctx, input) => {
      const s = amnestyScopeSql(scopeOf(ctx));
      const row = ctx.db
        .prepare(
          `SELECT e.file_name AS fileName, f.mime, f.size, e.amnesty_id AS amnestyId
           FROM amnesty_evidence e JOIN evidence_files f ON f.sha256 = e.sha256 JOIN amnesties a ON a.id = e.amnesty_id
           WHERE e.sha256 = ? AND (? IS NULL OR e.amnesty_id = ?) AND ${s.sql}
           ORDER BY e.amnesty_id LIMIT 1`,
        )
        .get(input.sha256, input.amnestyId ?? null, input.amnestyId ?? null, ...s.params) as
        | { fileName: string; mime: string; size: number; amnestyId: number }
        | undefined;
      if (!row) throw new DomainError('not_found', 'Файл-доказательство не найден или недоступен', { sha256: input.sha256 });
      const bytes = readEvidenceFile(ctx.env.dataDir, { sha256: input.sha256, size: row.size });
      return { sha256: input.sha256, fileName: row.fileName, mime: row.mime, size: row.size, contentBase64: bytes.toString('base64') };
    },
  }),

  /**
   * Payout adjustments (grid): differences of contract-months already frozen in an approved registry, for the next
   * open registry to take as lines. `open` keeps only lines no registry has taken yet.
   */
  'amnesty.adjustments': query({
    access: 'amnesty.read',
    input: gridRequest.extend({ open: z.boolean().default(false) }),
    handler: (ctx, input) => listAdjustments(ctx.db, scopeOf(ctx), input, input.open),
  }),
};

export type AmnestyCommands = typeof amnestyCommands;
