// The queue in front of the single writer thread. The writer runs one mutation at a time anyway; holding the rest here
// (not in the worker's message queue) lets a short mutation (an approval, an amnesty) go before imports that arrived
// earlier, so it waits for at most the one long command already running instead of a whole queue of them.
import type { CallMeta, Envelope } from '../core/index';

/** How the queue reaches the writer and which commands it holds back. */
export interface WriterQueueOptions {
  /** Runs one command on the writer; the queue sends the next one only when this settles. */
  send(name: string, input: unknown, meta: CallMeta): Promise<Envelope>;
  /** Long commands (imports, recomputes) that short ones may overtake. */
  isLong(name: string): boolean;
  /**
   * Commands sent at once, outside the queue: their slow part runs before their transaction and off the writer's
   * thread (sign-in's scrypt), so holding the writer's turn for them would only make everyone wait.
   */
  bypasses?(name: string): boolean;
  /** Short commands that may overtake the oldest waiting long one before it gets its turn (no starvation). */
  maxJumps?: number;
}

interface Entry {
  name: string;
  input: unknown;
  meta: CallMeta;
  long: boolean;
  resolve(envelope: Envelope): void;
}

const DEFAULT_MAX_JUMPS = 20;

/** Holds mutations for the writer and sends them one at a time: short ones first, long ones in their order. */
export class WriterQueue {
  private readonly waiting: Entry[] = [];
  private running = false;
  /** Short commands sent while some long one was waiting, since a long one last got its turn. */
  private jumps = 0;
  private readonly maxJumps: number;

  constructor(private readonly opts: WriterQueueOptions) {
    this.maxJumps = opts.maxJumps ?? DEFAULT_MAX_JUMPS;
  }

  /** Commands waiting for their turn (not counting the one running). */
  get size(): number {
    return this.waiting.length;
  }

  /** Queues a mutation; resolves with the writer's reply. */
  submit(name: string, input: unknown, meta: CallMeta): Promise<Envelope> {
    if (this.opts.bypasses?.(name)) return this.opts.send(name, input, meta);
    return new Promise((resolve) => {
      this.waiting.push({ name, input, meta, long: this.opts.isLong(name), resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running) return;
    const entry = this.takeNext();
    if (!entry) return;
    this.running = true;
    const done = (envelope: Envelope) => {
      this.running = false;
      entry.resolve(envelope);
      this.pump();
    };
    this.opts.send(entry.name, entry.input, entry.meta).then(done, () =>
      done({ ok: false, error: { code: 'internal', message: 'Внутренняя ошибка ядра. Данные не изменены.' } }),
    );
  }

  /**
   * The oldest short command that does not overtake an earlier command of its own session, unless the oldest long
   * one has been overtaken often enough; else the oldest command.
   */
  private takeNext(): Entry | undefined {
    const first = this.waiting[0];
    if (!first) return undefined;
    let pick = 0;
    if (first.long && this.jumps < this.maxJumps) {
      // Sessions with a command waiting ahead: their later commands keep their order (an import, then a fix of it).
      const blocked = new Set<string>();
      for (let i = 0; i < this.waiting.length; i++) {
        const e = this.waiting[i];
        const session = e.meta.session ?? undefined;
        if (!e.long && (session === undefined || !blocked.has(session))) {
          pick = i;
          break;
        }
        if (session !== undefined) blocked.add(session);
      }
    }
    const [entry] = this.waiting.splice(pick, 1);
    if (entry.long) this.jumps = 0;
    else if (pick > 0) this.jumps++;
    return entry;
  }
}
