// Bootstrap of a core worker thread started from the TypeScript sources: a worker does not inherit the parent's tsx
// hooks, so it registers its own. The bundled server starts dist-server/coreWorker.mjs instead (server/workerCore.ts).
import { register } from 'tsx/esm/api';

register();
await import('../server/coreWorker.ts');
