// Command table of the approvals domain (DOMAIN.md "Approval workflow"): submission, decisions, inbox, history,
// route rules, delegation and cycle-time metrics.
import { z } from 'zod';
import { mutation, query, type CurrentUser, type MutationCtx } from '../command';
import { versionField } from '../concurrency/version';
import { DomainError } from '../errors';
import { gridRequest } from '../grid/request';
import { ROLES } from '../users/roles';
import { createDelegation, listDelegations, revokeDelegation } from './delegations';
import { contractHistory } from './history';
import { listInbox } from './inbox';
import { approvalMetrics } from './metrics';
import { QUORUMS } from './quorum';
import { listRoutes, saveRoutes } from './routesRepo';
import { DECISIONS } from './types';
import { bulkApprove, decideStep, recallContract, submitContract, type WorkflowCtx } from './workflow';
import { moscowDate } from './workingHours';

const id = z.number().int().positive();

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в формате ГГГГ-ММ-ДД')
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s, 'Несуществующая дата');

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Месяц в формате ГГГГ-ММ');

/** Optional code: blank or absent means "any". */
const optCode = z
  .string()
  .trim()
  .max(20)
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

const routeStep = z.object({
  stepNo: z.number().int().min(1).max(20),
  role: z.enum(ROLES),
  userId: id.nullable().optional().transform((v) => v ?? null),
  dueHours: z
    .number()
    .int('Срок — целое число рабочих часов')
    .min(1, 'Срок этапа — от 1 рабочего часа')
    .max(720, 'Срок этапа — не больше 720 рабочих часов')
    .default(8),
  quorum: z.enum(QUORUMS).default('any'),
  quorumN: z.number().int().nullable().optional().transform((v) => v ?? null),
});

const routeRule = z.object({
  id: id.optional(),
  priority: z.number().int('Приоритет — целое число').min(0).max(1_000_000),
  name: z.string().trim().min(1, 'Укажите название правила').max(200),
  category: optCode,
  federalDistrict: optCode,
  regionCode: optCode,
  annualValueOver: z.number().int('Порог — целое число копеек').min(0).nullable().optional().transform((v) => v ?? null),
  isActive: z.boolean().default(true),
  steps: z.array(routeStep).max(20, 'Не больше 20 этапов в маршруте'),
});

/** The signed-in user; the dispatcher guarantees one for every non-public command. */
function me(ctx: { user: CurrentUser | null }): CurrentUser {
  if (!ctx.user) throw new DomainError('unauthenticated', 'Сессия истекла или вы не вошли в систему. Войдите снова.');
  return ctx.user;
}

function workflowCtx(ctx: MutationCtx): WorkflowCtx {
  return { db: ctx.db, user: me(ctx), nowIso: ctx.clock.now().toISOString(), audit: ctx.audit };
}

/** The approvals commands, merged into the one command table by core/commands.ts. */
export const approvalsCommands = {
  /**
   * Sends a draft to approval: {contractId, version} → instance with route, annual value and steps; a stale `version`
   * is refused with 'conflict' and changes nothing.
   */
  'approvals.submit': mutation({
    access: 'contracts.submit',
    input: z.object({ contractId: id, version: versionField }),
    handler: (ctx, input) => submitContract(workflowCtx(ctx), input.contractId, input.version),
  }),

  /** Takes a contract back to draft before any approver acted: {contractId, version}; a stale `version` is refused. */
  'approvals.recall': mutation({
    access: 'contracts.submit',
    input: z.object({ contractId: id, version: versionField }),
    handler: (ctx, input) => recallContract(workflowCtx(ctx), input.contractId, input.version),
  }),

  /** Approve, return, reject or comment a pending step (also as a delegate). */
  'approvals.decide': mutation({
    access: 'approvals.act',
    input: z.object({
      stepId: id,
      decision: z.enum(DECISIONS),
      comment: z.string().max(4000, 'Комментарий не длиннее 4000 символов').optional(),
      onBehalfOf: id.optional(),
    }),
    handler: (ctx, input) => decideStep(workflowCtx(ctx), input),
  }),

  /** Approves up to 500 steps at once, all or nothing: any refusal changes nothing and lists every refused step. */
  'approvals.bulkApprove': mutation({
    access: 'approvals.act',
    input: z.object({
      stepIds: z.array(id).min(1, 'Выберите хотя бы один этап').max(500, 'Не больше 500 этапов за раз'),
    }),
    handler: (ctx, input) => bulkApprove(workflowCtx(ctx), input.stepIds),
  }),

  /** The current user's pending steps (own and, by default, for the people they substitute), a grid page. */
  'approvals.inbox': query({
    access: 'approvals.act',
    input: gridRequest.extend({ includeDelegated: z.boolean().default(true) }),
    handler: (ctx, input) => {
      const nowIso = ctx.clock.now().toISOString();
      return listInbox(ctx.db, me(ctx), input, nowIso, moscowDate(nowIso));
    },
  }),

  /** Every submission of a contract with steps and decisions, for the contract card. */
  'approvals.history': query({
    access: 'contracts.read',
    input: z.object({ contractId: id }),
    handler: (ctx, input) => {
      const nowIso = ctx.clock.now().toISOString();
      return contractHistory(ctx.db, me(ctx), input.contractId, nowIso, moscowDate(nowIso));
    },
  }),

  /** The route rule table with steps, by priority. */
  'approvals.routesList': query({
    access: 'approvals.act',
    input: z.object({}).default({}),
    handler: (ctx) => listRoutes(ctx.db),
  }),

  /** Replaces the whole route rule table atomically (rules used by past submissions are kept inactive). */
  'approvals.routesSave': mutation({
    access: 'approvals.manageRoutes',
    input: z.object({ rules: z.array(routeRule).max(200, 'Не больше 200 правил') }),
    handler: (ctx, input) => {
      const before = listRoutes(ctx.db);
      const rules = input.rules.map((r) => ({
        ...r,
        // A leftover N on an "any"/"all" step means nothing; dropping it keeps the table clean.
        steps: r.steps.map((s) => ({ ...s, quorumN: s.quorum === 'n_of_m' ? s.quorumN : null })),
      }));
      const { archivedIds } = saveRoutes(ctx.db, rules);
      const routes = listRoutes(ctx.db);
      ctx.audit({ entity: 'approval_routes', before, after: routes });
      return { routes, archivedIds };
    },
  }),

  /** Names a substitute for a date range: {toUserId, dateFrom, dateTo} → the delegation. */
  'approvals.delegate': mutation({
    access: 'approvals.delegate',
    input: z.object({ toUserId: id, dateFrom: isoDate, dateTo: isoDate }),
    handler: (ctx, input) => {
      const user = me(ctx);
      const nowIso = ctx.clock.now().toISOString();
      const d = createDelegation(ctx.db, { fromUserId: user.id, ...input }, moscowDate(nowIso), nowIso);
      ctx.audit({ entity: 'delegation', entityId: d.id, after: d });
      return d;
    },
  }),

  /** The current user's delegations: given and received. */
  'approvals.delegationsList': query({
    access: 'approvals.delegate',
    input: z.object({}).default({}),
    handler: (ctx) => listDelegations(ctx.db, me(ctx).id, moscowDate(ctx.clock.now().toISOString())),
  }),

  /** Revokes one of the user's own delegations: {id}. */
  'approvals.revokeDelegation': mutation({
    access: 'approvals.delegate',
    input: z.object({ id }),
    handler: (ctx, input) => {
      const nowIso = ctx.clock.now().toISOString();
      const r = revokeDelegation(ctx.db, input.id, me(ctx).id, moscowDate(nowIso), nowIso);
      ctx.audit({ entity: 'delegation', entityId: input.id, before: r.before, after: r.after });
      return r.after;
    },
  }),

  /** Cycle time (median, p90 in hours) per category and month of final approval, and the overdue step count. */
  'approvals.metrics': query({
    access: 'contracts.read',
    input: z.object({ from: month.optional(), to: month.optional() }).default({}),
    handler: (ctx, input) => approvalMetrics(ctx.db, me(ctx).scope, input, ctx.clock.now().toISOString()),
  }),
};

/** Types of the approvals commands, for shells and the renderer. */
export type ApprovalsCommands = typeof approvalsCommands;
