// Command table of the contracts domain: grid, card, drafts, signing, date-driven statuses, supplementary
// agreements, bulk changes and the contracts import. Submission and approval live in core/approvals (they call
// checkSubmission from ./checks).
import { z } from 'zod';
import { mutation, query, type MutationCtx } from '../command';
import { currentVersion, expectVersion, versionField } from '../concurrency/version';
import { importInput } from '../import';
import { annualValue, checkSubmission, type SubmissionIssue } from './checks';
import { createDraft, todayOf, updateDraft } from './draft';
import { importContracts } from './import';
import { contractCard, listContracts, loadContractInScope, type ContractCard } from './repo';
import { bulkApplyInput, bulkInput, createInput, isoDate, listInput, supplementInput, updateDraftInput } from './schemas';
import { refreshStatuses, signContract } from './signing';
import { bulkApply, bulkPreview, loadBulkDraft, saveBulkDraft, supplement } from './supplement';

const byId = z.object({ id: z.number().int().positive() });

/** Refuses an edit made from a stale card (after the scope check, so a hidden contract stays not_found). */
function expectFresh(ctx: MutationCtx, id: number, version: number | undefined): void {
  loadContractInScope(ctx.db, ctx.user!.scope, id);
  expectVersion(ctx.db, 'contract', id, version);
}

/** The contract's version after a draft edit, for a form that keeps editing. */
const withVersion = <T extends object>(ctx: MutationCtx, id: number, out: T): T & { version: number } => ({
  ...out,
  version: currentVersion(ctx.db, 'contract', id)!,
});

/** The contracts domain's commands, merged into the registry by core/commands.ts. */
export const contractsCommands = {
  /** One page of the contracts grid the user may see: {rows, total}; `preset` picks a saved filter. */
  'contracts.list': query({
    access: 'contracts.read',
    input: listInput,
    handler: (ctx, input) => listContracts(ctx.db, ctx.user!, input, todayOf(ctx)),
  }),

  /** The contract card: fields, counterparty, outlets, all terms versions, agreements, approvals, audit, checks. */
  'contracts.get': query({
    access: 'contracts.read',
    input: byId,
    handler: (ctx, input): ContractCard & { submissionIssues: SubmissionIssue[] | null } => {
      const today = todayOf(ctx);
      const c = loadContractInScope(ctx.db, ctx.user!.scope, input.id);
      return {
        ...contractCard(ctx.db, c, today),
        annualValue: annualValue(ctx.db, c.id),
        // Only a draft can still be fixed before submission, so only a draft carries its open issues.
        submissionIssues: c.status === 'draft' ? checkSubmission(ctx.db, c.id, today) : null,
      };
    },
  }),

  /** The pre-submission checks of a draft, on their own (for a form that re-checks as the user types). */
  'contracts.check': query({
    access: 'contracts.read',
    input: byId,
    handler: (ctx, input) => {
      loadContractInScope(ctx.db, ctx.user!.scope, input.id);
      return { issues: checkSubmission(ctx.db, input.id, todayOf(ctx)) };
    },
  }),

  /** Creates a draft → {id, number}; the number `MK-<year>-<6 digits>` is generated when omitted. */
  'contracts.create': mutation({
    access: 'contracts.write',
    input: createInput,
    handler: (ctx, input) => createDraft(ctx, input),
  }),

  /** Changes a draft in place (any subset of fields) → {id, number}; other statuses are refused. */
  'contracts.updateDraft': mutation({
    access: 'contracts.write',
    input: updateDraftInput,
    handler: (ctx, input) => {
      expectFresh(ctx, input.id, input.version);
      return withVersion(ctx, input.id, updateDraft(ctx, input));
    },
  }),

  /** Marks an approved contract signed on `signedDate`, then active/expired by its dates → {id, status}. */
  'contracts.sign': mutation({
    access: 'contracts.sign',
    input: z.object({ id: z.number().int().positive(), signedDate: isoDate, version: versionField }),
    handler: (ctx, input) => {
      expectFresh(ctx, input.id, input.version);
      return signContract(ctx, input, todayOf(ctx));
    },
  }),

  /**
   * Moves signed/active contracts to the status their dates call for → {checked, activated, expired}. A daily job;
   * idempotent and free of user choices, so any signed-in user (and the CLI) may run it.
   */
  'contracts.refreshStatuses': mutation({
    access: 'signedIn',
    input: z.object({}).default({}),
    handler: (ctx) => refreshStatuses(ctx, todayOf(ctx)),
  }),

  /** A supplementary agreement on a signed/active contract → {contractId, agreementId, number, termsId, status, endDate}. */
  'contracts.supplement': mutation({
    access: 'contracts.supplement',
    input: supplementInput,
    handler: (ctx, input) => {
      expectFresh(ctx, input.id, input.version);
      return supplement(ctx, input);
    },
  }),

  /** What a bulk change would do to every matching contract → {kind, matched, toChange, unchanged, errors, rows}. */
  'contracts.bulkPreview': query({
    access: 'contracts.bulkChange',
    input: bulkApplyInput,
    handler: (ctx, input) => bulkPreview(ctx.db, ctx.user!, 'bulkChangeId' in input ? loadBulkDraft(ctx.db, input.bulkChangeId) : input),
  }),

  /** Saves a bulk change as a draft to apply later → {bulkChangeId}. */
  'contracts.bulkSave': mutation({
    access: 'contracts.bulkChange',
    input: bulkInput,
    handler: (ctx, input) => saveBulkDraft(ctx, input),
  }),

  /** Applies a bulk change (given, or a saved draft) all-or-nothing → {bulkChangeId, matched, changed, …}. */
  'contracts.bulkApply': mutation({
    access: 'contracts.bulkChange',
    input: bulkApplyInput,
    handler: (ctx, input) =>
      'bulkChangeId' in input ? bulkApply(ctx, loadBulkDraft(ctx.db, input.bulkChangeId), input.bulkChangeId) : bulkApply(ctx, input, null),
  }),

  /** Imports a contracts file (XLSX/CSV): preview or all-or-nothing commit → ImportResult. */
  'contracts.importFile': mutation({
    access: 'contracts.write',
    input: importInput,
    handler: (ctx, input) => importContracts(ctx, input),
  }),
};

/** Type of the contracts command table, for the merged registry and typed callers. */
export type ContractsCommands = typeof contractsCommands;
