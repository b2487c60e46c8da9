// A core worker thread: owns one connection to the store and runs the commands the HTTP thread posts to it, so a long
// import never blocks the thread that answers browsers. Progress of long commands is posted back as it happens.
import { parentPort, workerData } from 'node:worker_threads';
import { openCore, type Core } from '../core/index';
import type { WorkerInit, WorkerMessage, WorkerRequest } from './workerProtocol';

// A progress message per stage change, and at most this often within a stage: the bar needs no more.
const PROGRESS_MS = 100;

function post(msg: WorkerMessage): void {
  parentPort!.postMessage(msg);
}

function run(core: Core, req: WorkerRequest): void {
  let lastStage = '';
  let lastAt = 0;
  const progress = req.progress
    ? (done: number, total: number, stage: string) => {
        const now = performance.now();
        if (stage === lastStage && now - lastAt < PROGRESS_MS && done < total) return;
        lastStage = stage;
        lastAt = now;
        post({ type: 'progress', id: req.id, done, total, stage });
      }
    : undefined;
  core.invoke(req.name, req.input, { session: req.session, progress, background: req.background }).then(
    (envelope) => post({ type: 'reply', id: req.id, envelope }),
    () => post({ type: 'reply', id: req.id, envelope: { ok: false, error: { code: 'internal', message: 'Внутренняя ошибка ядра. Данные не изменены.' } } }),
  );
}

function open(init: WorkerInit): void {
  let core: Core;
  try {
    core = openCore({ dbPath: init.dbPath, osUser: init.osUser, appVersion: init.appVersion });
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error && e.name === 'DomainError' ? e.message : `Не удалось открыть базу: ${String(e)}` });
    return;
  }
  parentPort!.on('message', (msg: WorkerRequest | { type: string }) => {
    if ('type' in msg) {
      if (msg.type !== 'close') return;
      core.close();
      // tsx's loader hooks keep a port open, so the thread would linger; in a worker this ends only the thread.
      process.exit(0);
    }
    run(core, msg as WorkerRequest);
  });
  post({ type: 'ready', kinds: core.commandKinds() });
}

const init = workerData as WorkerInit;
// Readers load their code alongside the writer but open the store only once the writer has migrated it.
if (init.role === 'writer') open(init);
else {
  parentPort!.once('message', (msg: { type?: string }) => {
    if (msg.type === 'open') open(init);
    else process.exit(0);
  });
  post({ type: 'loaded' });
}
