// Bootstrap of a core worker thread: a worker does not inherit the parent's tsx hooks, so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('../server/coreWorker.ts');
