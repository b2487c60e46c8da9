// Helpers for server tests: a server over the worker-thread core, and an SSE reader that collects events.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { startServer, startWorkerCore, type RunningServer, type ServerOptions, type WorkerCore } from '../../server/http';
import { tempDir } from '../helpers/core';

export interface Served {
  server: RunningServer;
  core: WorkerCore;
  base: string;
  /** POSTs a command and returns the envelope (loosely typed: tests read their fields directly). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(name: string, input: unknown, session?: string, headers?: Record<string, string>): Promise<{ ok: boolean; data?: any; error?: any }>;
  signIn(login: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the team-mode server (loopback, no launch token) over worker threads on an existing database. */
export async function serveTeam(dbPath: string, extra: Partial<ServerOptions> = {}): Promise<Served> {
  const core = await startWorkerCore({ dbPath, osUser: 'tester', appVersion: 'test', readers: 1 });
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>MCM</title>');
  const server = await startServer({ core, staticDir, team: { host: '127.0.0.1' }, ...extra });
  const base = `http://127.0.0.1:${server.port}`;
  const call: Served['call'] = async (name, input, session, headers = {}) => {
    const res = await fetch(`${base}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session}` } : {}), ...headers },
      body: JSON.stringify(input),
    });
    return (await res.json()) as never;
  };
  return {
    server,
    core,
    base,
    call,
    async signIn(login, password = 'secret') {
      const env = await call('session.signIn', { login, password });
      if (!env.ok) throw new Error(env.error.message);
      return env.data.token as string;
    },
    async stop() {
      await server.close();
      await core.shutdown();
    },
  };
}

export interface SseEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface EventStream {
  status: number;
  events: SseEvent[];
  /** Resolves with the first event (already received or coming) that matches, or rejects after `ms`. */
  waitFor(pred: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens GET /api/events and parses the stream as EventSource would. */
export function openEvents(base: string, query: Record<string, string>): Promise<EventStream> {
  const url = `${base}/api/events?${new URLSearchParams(query)}`;
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      const events: SseEvent[] = [];
      const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          const e = { event, data: JSON.parse(data) };
          events.push(e);
          for (const w of [...waiters]) {
            if (!w.pred(e)) continue;
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      });
      res.on('error', () => undefined);
      const ended = new Promise<void>((done) => res.on('end', () => done()));
      resolve({
        ended,
        status: res.statusCode ?? 0,
        events,
        waitFor(pred, ms = 10_000) {
          const found = events.find(pred);
          if (found) return Promise.resolve(found);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event in ${ms} ms; got ${JSON.stringify(events)}`)), ms);
            waiters.push({ pred, resolve: (e) => (clearTimeout(timer), ok(e)) });
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
