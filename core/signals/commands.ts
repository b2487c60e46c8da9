import { z } from 'zod';
import { mutation, query } from '../command';
import { gridRequest } from '../grid/request';
import { importInput } from '../import';
import { monthSchema } from '../penalties/commands';
import { WHOLE_COUNTRY } from '../users/scope';
import { importSignalsFile } from './import';
import { listProfiles, saveProfile } from './profiles';
import { listBatches, listSignalsWithPhotos } from './repo';
import { rollbackSignalsBatch } from './rollback';

const profileName = z.string().trim().min(1, 'Укажите название профиля').max(100);

/** Commands of the signals domain: import (with profiles), the batch journal and rollback, the signals grid. */
export const signalsCommands = {
  /** Preview or commit a visits/signals file (all-or-nothing); `profile` applies a saved column mapping. */
  'signals.importFile': mutation({
    access: 'signals.import',
    input: importInput.extend({ profile: profileName.optional() }),
    handler: (ctx, input) => importSignalsFile(ctx, input),
  }),
  /** Saves (or replaces) a column-mapping profile: canonical column key → header in the file. */
  'signals.saveProfile': mutation({
    access: 'signals.import',
    input: z.object({ name: profileName, mapping: z.record(z.string().max(64), z.string().max(200)) }),
    handler: (ctx, input) => {
      const r = saveProfile(ctx.db, input.name, input.mapping, ctx.user?.id ?? null, ctx.clock.now().toISOString());
      ctx.audit({ entity: 'import_profile', entityId: input.name, before: r.before, after: r.after });
      return r.after;
    },
  }),
  /** Saved column-mapping profiles of signals files. */
  'signals.profiles': query({
    access: 'signals.read',
    input: z.object({}).default({}),
    handler: (ctx) => listProfiles(ctx.db),
  }),
  /** The journal of signals imports, newest first. */
  'signals.batches': query({
    access: 'signals.read',
    input: gridRequest,
    handler: (ctx, input) => listBatches(ctx.db, input),
  }),
  /** Rolls a whole batch back and recomputes the contract-months it touched. */
  'signals.rollbackBatch': mutation({
    access: 'signals.rollback',
    input: z.object({ batchId: z.number().int().positive() }),
    handler: (ctx, input) => {
      const r = rollbackSignalsBatch(ctx.db, input.batchId, ctx.clock.now().toISOString());
      ctx.audit({ entity: 'import_batch', entityId: input.batchId, before: { status: 'committed' }, after: { status: 'rolled_back', ...r } });
      return r;
    },
  }),
  /** Signals in the user's scope with their match status; `month` narrows by visit date. */
  'signals.list': query({
    access: 'signals.read',
    input: gridRequest.extend({ month: monthSchema.optional() }),
    handler: (ctx, input) => listSignalsWithPhotos(ctx.db, ctx.user?.scope ?? WHOLE_COUNTRY, input, input.month),
  }),
};

export type SignalsCommands = typeof signalsCommands;
