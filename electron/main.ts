// Electron main process: one window, the menu, and the relay from the renderer to the core's utility process.
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, type IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../core/index';
import { isAppUrl } from './appUrl';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';
import { createCommandRouter } from './commandRouter';
import { readConnection, writeConnection } from './connection';
import { startCoreClient, type CoreClient } from './coreClient';
import { parseInvokeArgs } from './invokeArgs';
import { buildAppMenu } from './menu';
import { hardenSession, hardenWebContents } from './security';
import { windowWebPreferences } from './windowPreferences';
import { openServerEvents } from './serverEvents';
import { serverForwarder } from './serverForward';
import { refusingFetch, serverSessions } from './serverCertificate';

// app.getAppPath() is the folder (or app.asar) holding package.json, both under `electron .` and when packaged.
const APP_DIR = app.getAppPath();
const BUNDLE_DIR = path.join(APP_DIR, 'dist-electron');
const INDEX_HTML = path.join(APP_DIR, 'dist', 'index.html');
const INDEX_URL = pathToFileURL(INDEX_HTML).href;
// Windows and macOS file systems ignore case, and Chromium may report the path in another case than Node.
const CASE_INSENSITIVE_FS = process.platform === 'win32' || process.platform === 'darwin';
const SHUTDOWN_TIMEOUT_MS = 3000;

const FORBIDDEN: Envelope = { ok: false, error: { code: 'forbidden', message: 'Запрос отклонён: он пришёл не из окна программы' } };
const BAD_REQUEST: Envelope = { ok: false, error: { code: 'validation', message: 'Неверное имя команды, сессии или параметры вызова' } };

let mainWindow: BrowserWindow | null = null;

const isOwnUrl = (url: string): boolean => isAppUrl(url, INDEX_URL, CASE_INSENSITIVE_FS);

/** True only for calls from the top frame of our window while it shows our own page. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const win = mainWindow;
  const frame = event.senderFrame;
  if (!win || win.isDestroyed() || event.sender !== win.webContents || !frame) return false;
  // Compared by ids, not object identity: Electron does not promise one wrapper object per frame.
  const top = win.webContents.mainFrame;
  const isTop = frame.parent === null && frame.processId === top.processId && frame.routingId === top.routingId;
  return isTop && isOwnUrl(frame.url);
}

function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // Some domain accounts have no passwd entry; the core treats '' as "unknown".
    return '';
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'MCM',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: windowWebPreferences(path.join(BUNDLE_DIR, 'preload.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.loadFile(INDEX_HTML).catch((err: unknown) => {
    dialog.showErrorBox(
      'MCM',
      `Не удалось открыть интерфейс программы (${INDEX_HTML}).\n` +
        'Если это копия для разработки, выполните «npm run build».\n\n' +
        (err instanceof Error ? err.message : String(err)),
    );
    app.quit();
  });
  return win;
}

function startApp(): void {
  // Every renderer sandboxed, even one a future change forgets to configure.
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId('ru.mcm.desktop');

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isOwnUrl));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());

  let core: CoreClient | null = null;
  let coreStopped = false;
  app.on('will-quit', (event) => {
    if (!core || coreStopped) return;
    // Let the core close the store (checkpointing the WAL) before the process goes away.
    event.preventDefault();
    void core.shutdown(SHUTDOWN_TIMEOUT_MS).finally(() => {
      coreStopped = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    const userData = app.getPath('userData');
    const toWindow = (name: string, payload: unknown): void => {
      const win = mainWindow;
      if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload);
    };
    const startLocal = (): CoreClient =>
      startCoreClient({
        entry: path.join(BUNDLE_DIR, 'coreHost.cjs'),
        dbPath: path.join(userData, 'mcm.sqlite'),
        osUser: osUserName(),
        appVersion: app.getVersion(),
        logFile: path.join(app.getPath('logs'), 'core.log'),
        onEvent: toWindow,
      });
    // Chromium's network stack: the company's proxy and the Windows certificate store (an internal CA) apply; a
    // certificate the user chose to trust (self-signed) is accepted by fingerprint in that server's own session.
    const serverSession = serverSessions((partition) => session.fromPartition(partition));
    const serverFetch = (url: string, certificate: string | undefined) => {
      const s = serverSession(url, certificate ?? null);
      return refusingFetch((u: string, init: RequestInit) => s.session.fetch(u, init), s.verifier);
    };
    // Настройки → Подключение: the local database (default) or a shared server; the renderer does not know which.
    const router = createCommandRouter({
      local: () => {
        const client = (core ??= startLocal());
        return (name, input, sessionToken, options) => client.invoke(name, input, sessionToken, options);
      },
      forwarder: (url, certificate) => serverForwarder({ url, fetch: serverFetch(url, certificate) }),
      watchEvents: (url, sessionToken, certificate) =>
        openServerEvents({ url, session: sessionToken, fetch: serverFetch(url, certificate), onEvent: toWindow }).stop,
      readConnection: () => readConnection(userData),
      writeConnection: (c) => writeConnection(userData, c),
    });
    ipcMain.handle(INVOKE_CHANNEL, (event, name: unknown, input: unknown, sessionToken: unknown, options: unknown) => {
      if (!isTrustedSender(event)) return FORBIDDEN;
      const args = parseInvokeArgs(name, sessionToken, options);
      if (!args) return BAD_REQUEST;
      // Progress of this call goes to the window that made it; `changed` and `inbox` go through toWindow.
      const caller = event.sender;
      return router.invoke(args.name, input, args.session, {
        requestId: args.requestId,
        background: args.background,
        onProgress: (p) => {
          if (!caller.isDestroyed()) caller.send(EVENT_CHANNEL, 'progress', p);
        },
      });
    });

    Menu.setApplicationMenu(buildAppMenu(!app.isPackaged, () => mainWindow));
    mainWindow = createWindow();
  });
}

// A second copy would open the same SQLite file from another process; hand focus to the first one instead.
if (app.requestSingleInstanceLock()) {
  startApp();
} else {
  app.quit();
}
