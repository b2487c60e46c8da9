// Desktop hardening: window web preferences, the CSP, permission denial and blocked navigation — checked on the real
// modules main.ts uses, with fake WebContents/Session objects (no Electron runtime needed).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { isAppUrl } from '../../electron/appUrl';
import { CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents } from '../../electron/security';
import { windowWebPreferences } from '../../electron/windowPreferences';

// The electron package resolves to its binary outside Electron; only shell.openExternal is used by the module.
const openExternal = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock('electron', () => ({ shell: { openExternal } }));

const INDEX = 'file:///C:/Program%20Files/MCM/resources/app.asar/dist/index.html';
const isOwn = (url: string) => isAppUrl(url, INDEX, true);

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: typeof openHandler) => {
      openHandler = h;
    },
  });
  hardenWebContents(contents as unknown as WebContents, isOwn);
  const fire = (name: string, ...args: unknown[]) => {
    const event = { preventDefault: vi.fn() };
    emitter.emit(name, event, ...args);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { fire, open: (url: string) => openHandler!({ url }) };
}

describe('BrowserWindow web preferences', () => {
  it('isolate and sandbox the renderer with no Node integration and no webview', () => {
    const prefs = windowWebPreferences('/app/dist-electron/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist-electron/preload.cjs',
    });
    expect(prefs).not.toHaveProperty('enableRemoteModule');
  });

  it('are the ones main.ts gives its window, and every renderer is sandboxed', () => {
    const main = fs.readFileSync(path.resolve(__dirname, '../../electron/main.ts'), 'utf8');
    expect(main).toMatch(/webPreferences: windowWebPreferences\(/);
    expect(main).toContain('app.enableSandbox()');
    expect(main).toMatch(/web-contents-created[^\n]*hardenWebContents/);
    expect(main).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/);
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name, values] as const;
  }));

  it('allows scripts only from the app itself: no inline, no eval, no remote', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('replaces any CSP a response carries (any letter case) and denies every permission', () => {
    let headersHook: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, unknown> }) => void) => void) | undefined;
    let requestHandler: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let checkHandler: ((c: unknown, p: string) => boolean) | undefined;
    const ses = {
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
      webRequest: { onHeadersReceived: (h: typeof headersHook) => (headersHook = h) },
    };
    hardenSession(ses as unknown as Session);
    let out: Record<string, unknown> = {};
    headersHook!({ responseHeaders: { 'content-security-policy': ["script-src *"], 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      requestHandler!(null, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(checkHandler!(null, permission)).toBe(false);
    }
  });
});

describe('navigation', () => {
  it('stays on the app page: other pages, files, shares and redirects are blocked', () => {
    const c = fakeContents();
    expect(c.fire('will-navigate', `${INDEX}#/contracts`)).toBe(false);
    for (const url of ['https://evil.example/', 'file:///C:/Windows/System32/calc.exe', 'file://server/share/index.html', 'javascript:alert(1)']) {
      expect(c.fire('will-navigate', url), url).toBe(true);
      expect(c.fire('will-redirect', url), url).toBe(true);
    }
    expect(c.fire('will-attach-webview')).toBe(true);
    // A plain https link goes to the user's browser; dangerous schemes go nowhere.
    expect(openExternal.mock.calls.map((a) => (a as unknown[])[0])).toEqual(['https://evil.example/']);
  });

  it('never opens new windows', () => {
    const c = fakeContents();
    for (const url of ['https://example.com/', 'file:///etc/passwd', `${INDEX}?x`]) expect(c.open(url)).toEqual({ action: 'deny' });
  });
});
