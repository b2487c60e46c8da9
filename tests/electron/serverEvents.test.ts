import { describe, expect, it, vi } from 'vitest';
import { openServerEvents, SseParser, type StreamFetch } from '../../electron/serverEvents';

/** A response body that delivers the given chunks, then ends. */
function body(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

describe('SseParser', () => {
  it('parses events split anywhere across chunks, skipping comments and the retry field', () => {
    const p = new SseParser();
    expect(p.push('retry: 3000\n: connected\n\nevent: chan')).toEqual([]);
    expect(p.push('ged\ndata: {"domains":["contracts"]}\n\nevent: inbox\r\ndata: {}\r\n\r\n: ping\n\n')).toEqual([
      { event: 'changed', data: '{"domains":["contracts"]}' },
      { event: 'inbox', data: '{}' },
    ]);
  });
});

describe('openServerEvents', () => {
  it('asks for the session\'s stream and hands each event to the window with its JSON payload', async () => {
    const onEvent = vi.fn();
    let calls = 0;
    const fetch = vi.fn<StreamFetch>(async () => {
      calls++;
      // First a stream with two events that then drops; on reconnect the session is gone (signed out): stop.
      if (calls === 1) return { status: 200, body: body(['retry: 3000\n\n', 'event: changed\ndata: {"domains":["approvals"],"by":"legal"}\n\n', 'event: inbox\ndata: {}\n\n']) };
      return { status: 401, body: null };
    });
    const s = openServerEvents({ url: 'https://mcm.company.ru/mcm', session: 'tok 1', fetch, onEvent, retryMs: 1 });
    await s.done;
    expect(fetch.mock.calls[0]![0]).toBe('https://mcm.company.ru/mcm/api/events?session=tok+1');
    expect(onEvent.mock.calls).toEqual([
      ['changed', { domains: ['approvals'], by: 'legal' }],
      ['inbox', {}],
    ]);
    expect(calls).toBe(2);
  });

  it('keeps retrying a server that is down until stopped, and passes a local shell\'s launch token', async () => {
    const fetch = vi.fn<StreamFetch>(async () => Promise.reject(new TypeError('fetch failed')));
    const s = openServerEvents({ url: 'http://127.0.0.1:4180/#token=t1', session: 's', fetch, onEvent: () => undefined, retryMs: 5 });
    await vi.waitFor(() => expect(fetch.mock.calls.length).toBeGreaterThanOrEqual(3));
    s.stop();
    await s.done;
    expect(fetch.mock.calls[0]![0]).toBe('http://127.0.0.1:4180/api/events?session=s&token=t1');
  });
});
