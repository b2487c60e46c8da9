// The renderer's side of the desktop bridge: detectTransport() hands window.mcm the same per-call flags the browser
// shell sends as headers, in the shape main's IPC handler accepts (electron/invokeArgs.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../core/api';
import type { McmBridge } from '../../electron/bridgeTypes';
import { parseInvokeArgs } from '../../electron/invokeArgs';
import { Api } from '../../renderer/api/client';
import { detectTransport } from '../../renderer/api/transport';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A window whose bridge checks each call as main does and records what main would run. */
function desktopWindow() {
  const received: unknown[] = [];
  const invoke = vi.fn<McmBridge['invoke']>(async (name, _input, session, options) => {
    const args = parseInvokeArgs(name, session, options);
    received.push(args);
    return args ? { ok: true, data: null } : ({ ok: false, error: { code: 'validation', message: 'refused' } } satisfies Envelope);
  });
  vi.stubGlobal('window', { mcm: { invoke, onEvent: () => () => undefined }, addEventListener: () => undefined });
  return { invoke, received };
}

describe('the renderer over the desktop bridge', () => {
  it('passes the request name and the background mark on, and main accepts them', async () => {
    const { invoke, received } = desktopWindow();
    const transport = detectTransport();
    expect(await transport('contracts.list', { startRow: 0 }, 'tok', 'r1k2-3', true)).toEqual({ ok: true, data: null });
    expect(invoke).toHaveBeenLastCalledWith('contracts.list', { startRow: 0 }, 'tok', { requestId: 'r1k2-3', background: true });
    await transport('session.info', {}, null, 'r1k2-4', false);
    expect(invoke).toHaveBeenLastCalledWith('session.info', {}, undefined, { requestId: 'r1k2-4' });
    expect(received).toEqual([
      { name: 'contracts.list', session: 'tok', requestId: 'r1k2-3', background: true },
      { name: 'session.info', requestId: 'r1k2-4' },
    ]);
  });

  it('the Api names every call and marks the ones the user did not make', async () => {
    const { received } = desktopWindow();
    const api = new Api(detectTransport());
    api.setSession('tok');
    await api.invoke('contracts.list', {}, { background: true });
    await api.invoke('contracts.list', {}, { background: false });
    expect(received).toEqual([
      { name: 'contracts.list', session: 'tok', requestId: expect.stringMatching(/^r[0-9a-z]+-1$/), background: true },
      { name: 'contracts.list', session: 'tok', requestId: expect.stringMatching(/^r[0-9a-z]+-2$/) },
    ]);
  });
});
