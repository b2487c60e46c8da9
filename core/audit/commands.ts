import { query } from '../command';
import { gridRequest } from '../grid/request';
import { z } from 'zod';
import { verifyAuditChain } from './chain';
import { listAudit } from './repo';

export const auditCommands = {
  'audit.list': query({
    access: 'audit.read',
    input: gridRequest,
    handler: (ctx, input) => listAudit(ctx.db, input),
  }),
  'audit.verify': query({
    access: 'audit.verify',
    input: z.object({}),
    handler: (ctx) => verifyAuditChain(ctx.db),
  }),
};
