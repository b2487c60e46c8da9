import { query } from '../command';
import { gridRequest } from '../grid/request';
import { listAudit } from './repo';

export const auditCommands = {
  'audit.list': query({
    access: 'audit.read',
    input: gridRequest,
    handler: (ctx, input) => listAudit(ctx.db, input),
  }),
};
