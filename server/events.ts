// Live events for browsers over server-sent events: import progress to the caller, `changed` to everyone after a
// mutation (so grids refresh without polling), `inbox` when approval steps may have moved.
import type * as http from 'node:http';

/** One open GET /api/events stream and whose session it belongs to. */
interface Listener {
  session: string;
  login: string;
  res: http.ServerResponse;
}

export { changedDomains } from '../core/liveEvents';

const HEARTBEAT_MS = 25_000;

/** Keeps the open event streams and writes events to one session's streams or to all of them. */
export class EventHub {
  private listeners = new Set<Listener>();
  private heartbeat: NodeJS.Timeout | null = null;

  /** Turns the response into an event stream for this session until the browser goes away. */
  open(session: string, login: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Retry after a dropped connection in 3 s; the first comment flushes the headers through proxies.
    res.write('retry: 3000\n: connected\n\n');
    const listener = { session, login, res };
    this.listeners.add(listener);
    req.on('close', () => this.listeners.delete(listener));
    this.heartbeat ??= setInterval(() => {
      for (const l of this.listeners) l.res.write(': ping\n\n');
    }, HEARTBEAT_MS).unref();
  }

  /** Open streams right now (for tests and the load report). */
  get size(): number {
    return this.listeners.size;
  }

  /** Sends an event to the streams of one session (progress belongs to the caller only). */
  toSession(session: string, event: string, data: unknown): void {
    const text = frame(event, data);
    for (const l of this.listeners) if (l.session === session) l.res.write(text);
  }

  /** Ends the streams of one session (it signed out). */
  closeSession(session: string): void {
    this.end((l) => l.session === session);
  }

  /** Ends every stream of a user (signed out everywhere). */
  closeLogin(login: string): void {
    this.end((l) => l.login === login);
  }

  private end(which: (l: Listener) => boolean): void {
    for (const l of [...this.listeners]) {
      if (!which(l)) continue;
      this.listeners.delete(l);
      l.res.end();
    }
  }

  /** Sends an event to every open stream. */
  broadcast(event: string, data: unknown): void {
    const text = frame(event, data);
    for (const l of this.listeners) l.res.write(text);
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const l of this.listeners) l.res.end();
    this.listeners.clear();
  }
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
