// Payment registries, checks, exports (XLSX, 1C), payment confirmations and the bank-details hold (issue 6).
import { z } from 'zod';
import { mutation, query, type CurrentUser } from '../command';
import { DomainError } from '../errors';
import { gridRequest } from '../grid/request';
import { monthSchema } from '../penalties/commands';
import { rolesGrant } from '../users/roles';
import { WHOLE_COUNTRY } from '../users/scope';
import { confirmBankChange, holdDays, listBankChanges } from './bankChanges';
import { checkRegistry } from './checks';
import { importConfirmation, markPaid } from './paid';
import { allLines, listLines, listRegistries, loadRegistry, registrySummary } from './repo';
import { approveRegistry, auditView, buildRegistry, export1c, reopenRegistry } from './workflow';
import { registryXlsx } from './xlsx';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в формате ГГГГ-ММ-ДД');
const MAX_CONFIRMATION_BASE64 = 28_000_000; // ~20 MB of file

const userOf = (ctx: { user: CurrentUser | null }): CurrentUser => {
  // Every payments command requires a permission, so dispatch has already refused anonymous calls.
  if (!ctx.user) throw new DomainError('unauthenticated', 'Сессия истекла или вы не вошли в систему. Войдите снова.');
  return ctx.user;
};

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Commands of the payments domain. */
export const paymentsCommands = {
  /** A page of registries (newest month first) with their control sums and who approved them. */
  'payments.listRegistries': query({
    access: 'payments.read',
    input: gridRequest,
    handler: (ctx, input) => listRegistries(ctx.db, input),
  }),

  /**
   * Builds the month's draft registry from the payouts (or rebuilds the existing draft), taking open adjustment lines
   * and leaving out counterparties held for changed bank details (listed in `held`).
   */
  'payments.buildRegistry': mutation({
    access: 'payments.build',
    input: z.object({ month: monthSchema }),
    handler: (ctx, input) => {
      const nowIso = ctx.clock.now().toISOString();
      const before = (() => {
        const row = ctx.db.prepare(`SELECT id FROM registries WHERE month = ? AND status = 'draft'`).pluck().get(input.month) as number | undefined;
        return row === undefined ? null : auditView(loadRegistry(ctx.db, row));
      })();
      const out = buildRegistry(ctx.db, input.month, ctx.user, nowIso);
      // The hold (and the old and new details behind it) goes into the audit log with the build.
      ctx.audit({ entity: 'registry', entityId: out.registryId, before, after: { ...auditView(loadRegistry(ctx.db, out.registryId)), held: out.held } });
      return out;
    },
  }),

  /** A registry's header with the result of every check. */
  'payments.getRegistry': query({
    access: 'payments.read',
    input: z.object({ id }),
    handler: (ctx, input) => {
      const r = loadRegistry(ctx.db, input.id);
      return { ...r, checks: checkRegistry(ctx.db, r, ctx.clock.now().toISOString()) };
    },
  }),

  /** A page of a registry's lines (inside the user's scope) and totals over the whole filtered set. */
  'payments.registryLines': query({
    access: 'payments.read',
    input: gridRequest.extend({ registryId: id }),
    handler: (ctx, input) => {
      loadRegistry(ctx.db, input.registryId);
      return listLines(ctx.db, input.registryId, ctx.user?.scope ?? WHOLE_COUNTRY, input);
    },
  }),

  /** The registry's lines aggregated by federal district or by region (count, payout, VAT, total). */
  'payments.registrySummary': query({
    access: 'payments.read',
    input: z.object({ registryId: id, by: z.enum(['federal_district', 'region']) }),
    handler: (ctx, input) => {
      loadRegistry(ctx.db, input.registryId);
      return registrySummary(ctx.db, input.registryId, ctx.user?.scope ?? WHOLE_COUNTRY, input.by);
    },
  }),

  /** Every check of a registry with the lines it concerns; failing errors block approval. */
  'payments.checkRegistry': query({
    access: 'payments.read',
    input: z.object({ id }),
    handler: (ctx, input) => checkRegistry(ctx.db, loadRegistry(ctx.db, input.id), ctx.clock.now().toISOString()),
  }),

  /** Approves (freezes) a draft at the version the user saw; refused with the failing checks. */
  'payments.approveRegistry': mutation({
    access: 'payments.approve',
    input: z.object({ id, version: z.number().int().positive() }),
    handler: (ctx, input) => {
      const before = auditView(loadRegistry(ctx.db, input.id));
      const r = approveRegistry(ctx.db, input.id, input.version, userOf(ctx), ctx.clock.now().toISOString());
      ctx.audit({ entity: 'registry', entityId: r.id, before, after: auditView(r) });
      return r;
    },
  }),

  /** Returns an approved registry to draft, while it is not exported. */
  'payments.reopenRegistry': mutation({
    access: 'payments.approve',
    input: z.object({ id, version: z.number().int().positive() }),
    handler: (ctx, input) => {
      const before = auditView(loadRegistry(ctx.db, input.id));
      const r = reopenRegistry(ctx.db, input.id, input.version, ctx.clock.now().toISOString());
      ctx.audit({ entity: 'registry', entityId: r.id, before, after: auditView(r) });
      return r;
    },
  }),

  /**
   * The registry as a file: `xlsx` (formatted, any status, payments.read) or `1c` payment orders (windows-1251,
   * payments.export; approved or exported registries; moves approved → exported).
   */
  'payments.exportRegistry': mutation({
    access: 'payments.read',
    input: z.object({ id, format: z.enum(['xlsx', '1c']) }),
    handler: (ctx, input) => {
      const user = userOf(ctx);
      const nowIso = ctx.clock.now().toISOString();
      if (input.format === 'xlsx') {
        const r = loadRegistry(ctx.db, input.id);
        const bytes = registryXlsx(r, allLines(ctx.db, r.id));
        ctx.audit({ entity: 'registry', entityId: r.id, after: { export: 'xlsx', number: r.number, lineCount: r.lineCount, total: r.total } });
        return { fileName: `Реестр ${r.number}.xlsx`, contentBase64: Buffer.from(bytes).toString('base64'), mime: XLSX_MIME };
      }
      if (!rolesGrant(user.roles, 'payments.export')) {
        throw new DomainError('forbidden', 'Недостаточно прав для выгрузки платёжных поручений в 1С', { command: 'payments.exportRegistry' });
      }
      const before = auditView(loadRegistry(ctx.db, input.id));
      const out = export1c(ctx.db, input.id, user, nowIso);
      ctx.audit({ entity: 'registry', entityId: input.id, before, after: { ...auditView(out.registry), export: '1c', orders: out.orders } });
      return {
        fileName: `1c_to_kl_${out.registry.number}.txt`,
        contentBase64: Buffer.from(out.bytes).toString('base64'),
        mime: 'text/plain; charset=windows-1251',
      };
    },
  }),

  /** Marks lines (all unpaid when lineIds is omitted) paid on a date; all lines paid → the registry is paid. */
  'payments.markPaid': mutation({
    access: 'payments.markPaid',
    input: z.object({ id, date: isoDate, lineIds: z.array(id).min(1).max(100_000).optional() }),
    handler: (ctx, input) => {
      const r = loadRegistry(ctx.db, input.id);
      const out = markPaid(ctx.db, r, input.date, input.lineIds, ctx.clock.now().toISOString());
      ctx.audit({ entity: 'registry', entityId: r.id, before: auditView(r), after: { date: input.date, marked: out.marked, lineIds: out.lineIds.slice(0, 1000), status: out.status } });
      return out;
    },
  }),

  /**
   * Applies a bank/1C payment confirmation (XLSX/CSV with payment number, date, amount, contract; or a 1C exchange
   * file): all rows must match, else nothing is marked and the mismatches are returned.
   */
  'payments.importConfirmation': mutation({
    access: 'payments.markPaid',
    input: z.object({
      registryId: id,
      fileName: z.string().min(1).max(1000),
      contentBase64: z.string().max(MAX_CONFIRMATION_BASE64, 'Файл больше 20 МБ'),
    }),
    handler: (ctx, input) => {
      const r = loadRegistry(ctx.db, input.registryId);
      const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'));
      const out = importConfirmation(ctx.db, r, input.fileName, bytes, ctx.clock.now().toISOString());
      ctx.audit({
        entity: 'registry',
        entityId: r.id,
        before: auditView(r),
        after: { fileName: input.fileName, matched: out.matched, applied: out.applied, mismatches: out.mismatches.slice(0, 100), status: out.status },
      });
      return out;
    },
  }),

  /** Recorded bank-detail changes (newest first) with status pending/confirmed/expired and the hold period. */
  'payments.bankChanges': query({
    access: 'payments.read',
    input: z.object({ pendingOnly: z.boolean().optional(), counterpartyId: id.optional() }).default({}),
    handler: (ctx, input) => ({
      holdDays: holdDays(ctx.db),
      rows: listBankChanges(ctx.db, ctx.clock.now().toISOString(), input),
    }),
  }),

  /** Confirms a bank-detail change as a second person (never the one who changed them), releasing the hold. */
  'payments.confirmBankChange': mutation({
    access: 'payments.confirmBankDetails',
    input: z.object({ id }),
    handler: (ctx, input) => {
      const c = confirmBankChange(ctx.db, input.id, userOf(ctx).id, ctx.clock.now().toISOString());
      ctx.audit({ entity: 'bank_detail_change', entityId: c.id, before: { status: 'pending' }, after: c });
      return c;
    },
  }),
};
