import { describe, expect, it } from 'vitest';
import type { CallMeta, Envelope } from '../../core/index';
import { isLongMutation } from '../../server/workerCore';
import { WriterQueue } from '../../server/writerQueue';

/** A fake writer thread: records what it was sent and finishes each command when the test says so. */
function fakeWriter(opts: { maxJumps?: number } = {}) {
  const sent: string[] = [];
  const running: { name: string; finish(): void }[] = [];
  const replies: string[] = [];
  const queue = new WriterQueue({
    send: (name: string, _input: unknown, _meta: CallMeta) =>
      new Promise<Envelope>((resolve) => {
        sent.push(name);
        running.push({ name, finish: () => resolve({ ok: true, data: name }) });
      }),
    isLong: (name) => name.startsWith('import'),
    bypasses: (name) => name === 'signIn',
    maxJumps: opts.maxJumps,
  });
  const submit = (name: string, session?: string) =>
    queue.submit(name, {}, { session }).then((env) => {
      replies.push(name);
      return env;
    });
  /** Finishes the oldest running command and lets the queue send the next one. */
  const finishOne = async () => {
    running.shift()!.finish();
    await new Promise((r) => setTimeout(r, 0));
  };
  const drain = async () => {
    while (running.length) await finishOne();
  };
  return { queue, sent, running, replies, submit, finishOne, drain };
}

describe('writer queue', () => {
  it('sends one command at a time and a short mutation before imports that came earlier', async () => {
    const w = fakeWriter();
    void w.submit('import.a', 's1');
    void w.submit('import.b', 's2');
    void w.submit('import.c', 's3');
    void w.submit('approve', 's4');
    expect(w.sent).toEqual(['import.a']);
    expect(w.queue.size).toBe(3);
    await w.drain();
    expect(w.sent).toEqual(['import.a', 'approve', 'import.b', 'import.c']);
    expect(w.replies).toEqual(['import.a', 'approve', 'import.b', 'import.c']);
  });

  it('keeps the order of one session: its short command does not overtake its own import', async () => {
    const w = fakeWriter();
    void w.submit('import.a', 's1');
    void w.submit('import.b', 's2');
    void w.submit('fix', 's2');
    void w.submit('approve', 's3');
    await w.drain();
    expect(w.sent).toEqual(['import.a', 'approve', 'import.b', 'fix']);
  });

  it('lets at most maxJumps short commands overtake a waiting import', async () => {
    const w = fakeWriter({ maxJumps: 2 });
    void w.submit('import.a', 's1');
    void w.submit('import.b', 's1');
    for (let i = 1; i <= 4; i++) void w.submit(`short${i}`, `u${i}`);
    await w.drain();
    expect(w.sent).toEqual(['import.a', 'short1', 'short2', 'import.b', 'short3', 'short4']);
  });

  it('sends bypassing commands at once, even while the writer is busy', async () => {
    const w = fakeWriter();
    void w.submit('import.a', 's1');
    void w.submit('approve', 's2');
    void w.submit('signIn');
    expect(w.sent).toEqual(['import.a', 'signIn']);
    await w.drain();
    expect(w.sent).toEqual(['import.a', 'signIn', 'approve']);
  });

  it('goes on after a command whose send fails', async () => {
    const sent: string[] = [];
    const queue = new WriterQueue({
      send: (name) => {
        sent.push(name);
        return name === 'boom' ? Promise.reject(new Error('lost')) : Promise.resolve({ ok: true, data: name });
      },
      isLong: () => false,
    });
    const [a, b] = await Promise.all([queue.submit('boom', {}, {}), queue.submit('next', {}, {})]);
    expect(a).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(b).toEqual({ ok: true, data: 'next' });
    expect(sent).toEqual(['boom', 'next']);
  });
});

describe('long mutations', () => {
  it('are the imports, recomputes, bulk edits and restores', () => {
    for (const name of ['signals.importFile', 'contracts.importFile', 'budget.importPlan', 'penalties.recompute', 'contracts.bulkApply', 'backup.restore', 'demo.load']) {
      expect(isLongMutation(name), name).toBe(true);
    }
    for (const name of ['approvals.decide', 'amnesty.grant', 'session.signIn', 'settings.set', 'contracts.create']) {
      expect(isLongMutation(name), name).toBe(false);
    }
  });
});
