// The renderer's web preferences in one place, so a test can hold them to the hardening rules (issue 10).
import type { WebPreferences } from 'electron';

/** Web preferences of every MCM window: isolated, sandboxed, no Node, no <webview>; only the preload bridge. */
export function windowWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}
