// Window and session hardening: the renderer shows only our bundled page and talks only through the bridge.
import { shell, type Session, type WebContents } from 'electron';
import { isSafeExternalUrl } from './externalUrl';

/** The Content-Security-Policy sent with every response the app loads. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // AG Grid and React inline styles need 'unsafe-inline' for styles only; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Permissions the renderer may get, each with a reason. Empty: a back-office grid needs no camera, geolocation,
// notifications or clipboard-read; add an entry only together with the feature that needs it.
const ALLOWED_PERMISSIONS: ReadonlyMap<string, string> = new Map();

/** Denies every permission not listed above and replaces response CSP headers with ours. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[] | string> = {};
    for (const [key, value] of Object.entries(details.responseHeaders ?? {})) {
      // Drop any other CSP (any letter case) so a weaker one cannot be combined with ours.
      if (key.toLowerCase() !== 'content-security-policy') headers[key] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

/** Opens an http(s) link in the user's browser; anything else (file:, smb:, ms-msdt:, …) is ignored. */
export function openExternalIfSafe(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

// Applied to every WebContents the app creates (see main.ts), not only the main window.
/** Blocks navigation away from our page (`isOwnUrl`), new windows and <webview>. */
export function hardenWebContents(contents: WebContents, isOwnUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (isOwnUrl(url)) return;
    event.preventDefault();
    // A plain link click in the page: show it in the browser, where it belongs.
    openExternalIfSafe(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(url);
    return { action: 'deny' };
  });
}
