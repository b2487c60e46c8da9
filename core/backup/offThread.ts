// The server's daily backup runs while people work. The online backup API restarts whenever another connection
// writes between its steps, so on a busy server a stepped copy might never finish; copied in one step it is one
// consistent read (WAL lets writers go on), but that step blocks its thread for seconds on a large store. So it runs
// in a thread of its own, never on the HTTP thread or the writer.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS so that it needs no bundling or TypeScript loader: it only opens the file and copies it.
const COPY_IN_ONE_STEP = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.source, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.backup(workerData.target, { progress: () => 0x7fffffff }).then(
  () => { db.close(); parentPort.postMessage({ ok: true }); },
  (e) => { db.close(); parentPort.postMessage({ ok: false, message: String(e && e.message || e) }); },
);
`;

/** Copies the store at `source` into `target` in one consistent step on a worker thread. */
export function copyStoreOffThread(source: string, target: string): Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(COPY_IN_ONE_STEP, { eval: true, workerData: { driver, source, target } });
    worker.once('message', (m: { ok: boolean; message?: string }) => (m.ok ? resolve() : reject(new Error(m.message))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`backup thread exited with code ${code}`)));
  });
}
