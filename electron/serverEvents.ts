// Server mode: main keeps one server-sent-events stream per session (GET /api/events, server/events.ts) and hands each
// event to the window as the local core's events are, so live grids and inbox badges work on a server too.
// No electron imports: unit-tested with a fake fetch.
import { splitServerUrl } from './serverForward';

export type StreamFetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{
  status: number;
  body: ReadableStream<Uint8Array> | null;
}>;

/** One parsed event of a text/event-stream. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Incremental text/event-stream parser: feed chunks as they arrive, get the complete events so far. */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const out: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) out.push({ event, data: data.join('\n') });
    }
    return out;
  }
}

export interface EventStreamOptions {
  url: string;
  session: string;
  fetch: StreamFetch;
  onEvent: (event: string, payload: unknown) => void;
  /** Wait before reconnecting after the stream drops (the server asks for 3 s). */
  retryMs?: number;
}

/** Opens the stream and keeps it open (reconnecting) until `stop()`; a refused session (401) ends it for good. */
export function openServerEvents(opts: EventStreamOptions): { stop(): void; done: Promise<void> } {
  const { base, launchToken } = splitServerUrl(opts.url);
  const query = new URLSearchParams({ session: opts.session, ...(launchToken ? { token: launchToken } : {}) });
  const abort = new AbortController();
  const retryMs = opts.retryMs ?? 3000;

  const once = async (): Promise<'retry' | 'end'> => {
    const res = await opts.fetch(`${base}/api/events?${query}`, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
    if (res.status === 401 || res.status === 403) return 'end';
    if (res.status !== 200 || !res.body) return 'retry';
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'retry';
      for (const e of parser.push(decoder.decode(value, { stream: true }))) {
        let payload: unknown = e.data;
        try {
          payload = JSON.parse(e.data);
        } catch {
          // Not JSON: passed on as text.
        }
        opts.onEvent(e.event, payload);
      }
    }
  };

  const done = (async () => {
    while (!abort.signal.aborted) {
      const outcome = await once().catch(() => 'retry' as const);
      if (outcome === 'end' || abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, retryMs));
    }
  })();
  return { stop: () => abort.abort(), done };
}
