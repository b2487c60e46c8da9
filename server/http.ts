import { timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallMeta, Core, Envelope } from '../core/index';
import { changedDomains, EventHub } from './events';
import { checkListen, isLoopback } from './listen';

export { startWorkerCore, type WorkerCore } from './workerCore';
export { checkListen, ListenError, parseListen } from './listen';

/** Team mode: many users over the network sign in with passwords; there is no launch token. */
export interface TeamOptions {
  host: string;
  /** PEM certificate and key; required for any host but loopback. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface ServerOptions {
  core: Core;
  /** Folder with the built renderer (vite build output). */
  staticDir: string;
  /** Per-launch secret every API call must carry in X-MCM-Token (local mode; unused in team mode). */
  token?: string;
  port?: number;
  /** Listen for a team instead of this computer's user only. */
  team?: TeamOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Live event streams (GET /api/events). */
  events: EventHub;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const MAX_BODY = 50 * 1024 * 1024;
const HOST = '127.0.0.1';
const LOGIN_CACHE = 10_000;

/** What every request handler needs: options, the event hub, who owns which session. */
interface ServerState {
  opts: ServerOptions;
  hub: EventHub;
  /** Session token → login, for the `by` of change events; filled lazily. */
  logins: Map<string, string>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  send(res, status, { ok: false, error: { code: status === 401 ? 'unauthenticated' : 'forbidden', message } });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const NO_LAUNCH_TOKEN = 'Нет ключа запуска: откройте адрес, который напечатала программа при запуске';

// In team mode users prove who they are with passwords; the launch token guards only the single-user local shell.
function launchTokenOk(opts: ServerOptions, token: unknown): boolean {
  if (opts.team) return true;
  return typeof token === 'string' && !!opts.token && sameSecret(token, opts.token);
}

async function loginOf(st: ServerState, session: string): Promise<string | null> {
  const known = st.logins.get(session);
  if (known) return known;
  const who = await st.opts.core.invoke('session.whoami', {}, { session, background: true });
  if (!who.ok) return null;
  const login = (who.data as { login: string }).login;
  if (st.logins.size >= LOGIN_CACHE) st.logins.clear();
  st.logins.set(session, login);
  return login;
}

/** After a successful mutation: tell every open stream which domains changed, and inboxes when approvals moved. */
async function announce(st: ServerState, name: string, envelope: Envelope, session: string | undefined): Promise<void> {
  if (!envelope.ok || !envelope.mutated) return;
  // A preview (import checked, nothing written) is audited like a mutation but changes nothing anyone sees.
  if ((envelope.data as { committed?: unknown } | null)?.committed === false) return;
  const domains = changedDomains(name);
  if (domains.length === 0 || st.hub.size === 0) return;
  const by = session ? await loginOf(st, session) : null;
  st.hub.broadcast('changed', { domains, command: name, by });
  if (domains.includes('approvals')) st.hub.broadcast('inbox', { command: name, by });
}

/** GET /api/events?token=…&session=…: EventSource cannot send headers, so both secrets come as query parameters. */
async function handleEvents(st: ServerState, url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.method !== 'GET') return refuse(res, 405, 'Только GET');
  if (!launchTokenOk(st.opts, url.searchParams.get('token'))) return refuse(res, 401, NO_LAUNCH_TOKEN);
  const session = url.searchParams.get('session') ?? '';
  // Always asked afresh (not the cache): a signed-out or expired session must not open a stream.
  st.logins.delete(session);
  const login = session ? await loginOf(st, session) : null;
  if (!login) return refuse(res, 401, 'Сессия истекла или вы не вошли в систему. Войдите снова.');
  st.hub.open(session, login, req, res);
}

async function handleApi(st: ServerState, req: http.IncomingMessage, res: http.ServerResponse, name: string) {
  const opts = st.opts;
  if (req.method !== 'POST') return refuse(res, 405, 'Только POST');
  if (!launchTokenOk(opts, req.headers['x-mcm-token'])) return refuse(res, 401, NO_LAUNCH_TOKEN);
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return refuse(res, 415, 'Ожидается application/json');
  }
  let input: unknown;
  try {
    const text = await readBody(req);
    input = text ? JSON.parse(text) : {};
  } catch {
    return send(res, 400, { ok: false, error: { code: 'validation', message: 'Неверный JSON в запросе' } });
  }
  const auth = req.headers.authorization;
  const session = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
  const meta: CallMeta = { session };
  // A grid refreshing itself after a live event is not the user at work: it must not hold off the idle timeout.
  if (req.headers['x-mcm-background'] === '1') meta.background = true;
  // The caller names its request so that progress events on its stream can be matched to it.
  const requestId = req.headers['x-mcm-request'];
  if (session && typeof requestId === 'string' && requestId.length <= 64) {
    meta.progress = (done, total, stage) => st.hub.toSession(session, 'progress', { requestId, command: name, done, total, stage });
  }
  const envelope = await opts.core.invoke(name, input, meta);
  send(res, 200, envelope);
  if (session && envelope.ok && name.startsWith('session.signOut')) {
    // Signing out ends that session's streams; "everywhere" variants end every stream of the user.
    const login = st.logins.get(session);
    if (name === 'session.signOut' || !login) st.hub.closeSession(session);
    else st.hub.closeLogin(login);
    st.logins.delete(session);
  }
  await announce(st, name, envelope, session);
}

function serveStatic(opts: ServerOptions, urlPath: string, res: http.ServerResponse): void {
  const root = path.resolve(opts.staticDir);
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = path.resolve(root, '.' + path.posix.normalize(rel));
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  // A symlink inside the folder may point anywhere: compare where it really leads, not only its name.
  if (fs.existsSync(file)) {
    const real = fs.realpathSync(file);
    const realRoot = fs.realpathSync(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      res.writeHead(403).end();
      return;
    }
  }
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Интерфейс не собран: выполните npm run build');
    return;
  }
  const isIndex = path.basename(file) === 'index.html';
  res.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  fs.createReadStream(file).pipe(res);
}

/**
 * Starts the browser shell: the built renderer, POST /api/<command> and GET /api/events. Local mode listens on
 * 127.0.0.1 and requires the launch token; team mode listens where told (loopback, or anywhere with TLS).
 */
export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const team = opts.team;
  if (team) checkListen({ host: team.host, port: opts.port ?? 0 }, !!team.tls);
  else if (!opts.token) throw new Error('startServer: a launch token is required outside team mode');
  const listenHost = team?.host ?? HOST;
  const scheme = team?.tls ? 'https' : 'http';
  // On loopback the Host check is what stops DNS-rebinding pages; over TLS a rebinding page fails the certificate.
  const checkHost = isLoopback(listenHost);
  const st: ServerState = { opts, hub: new EventHub(), logins: new Map() };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const port = (server.address() as { port: number }).port;
    const host = String(req.headers.host ?? '');
    const allowedHosts = [`${HOST}:${port}`, `localhost:${port}`, `[::1]:${port}`];
    if (checkHost && !allowedHosts.includes(host)) return refuse(res, 403, 'Недопустимый адрес хоста');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `${scheme}://${host}`) return refuse(res, 403, 'Запросы с других сайтов запрещены');
    const url = new URL(req.url ?? '/', `${scheme}://${HOST}`);
    const fail = () => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: 'Ошибка сервера' } });
    };
    if (url.pathname === '/api/events') {
      handleEvents(st, url, req, res).catch(fail);
      return;
    }
    const api = /^\/api\/([a-z]+\.[A-Za-z]+)$/.exec(url.pathname);
    if (api) {
      handleApi(st, req, res, api[1]).catch(fail);
      return;
    }
    if (url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: { code: 'unknown_command', message: 'Неизвестная команда' } });
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Метод не поддерживается');
    serveStatic(opts, url.pathname, res);
  };
  const server = team?.tls ? https.createServer({ cert: team.tls.cert, key: team.tls.key }, handler) : http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, listenHost, () => {
      const port = (server.address() as { port: number }).port;
      const shownHost = !team ? HOST : listenHost === '0.0.0.0' || listenHost === '::' ? os.hostname() : listenHost;
      const hostPart = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
      resolve({
        port,
        url: team ? `${scheme}://${hostPart}:${port}/` : `http://${HOST}:${port}/#token=${opts.token}`,
        events: st.hub,
        close: () =>
          new Promise((r) => {
            // Event streams never end by themselves; close them so server.close() can finish.
            st.hub.close();
            server.close(() => r());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
