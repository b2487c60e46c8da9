import { timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Core } from '../core/index';

export interface ServerOptions {
  core: Core;
  /** Folder with the built renderer (vite build output). */
  staticDir: string;
  /** Per-launch secret every API call must carry in X-MCM-Token. */
  token: string;
  port?: number;
}

export interface RunningServer {
  url: string;
  port: number;
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

async function handleApi(opts: ServerOptions, req: http.IncomingMessage, res: http.ServerResponse, name: string) {
  if (req.method !== 'POST') return refuse(res, 405, 'Только POST');
  const token = req.headers['x-mcm-token'];
  if (typeof token !== 'string' || !sameSecret(token, opts.token)) {
    return refuse(res, 401, 'Нет ключа запуска: откройте адрес, который напечатала программа при запуске');
  }
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
  const envelope = await opts.core.invoke(name, input, { session });
  send(res, 200, envelope);
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

/** Starts the browser shell on 127.0.0.1: the built renderer plus POST /api/<command>. */
export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    const port = (server.address() as { port: number }).port;
    // Refusing foreign Host headers blocks DNS-rebinding pages from reaching the API.
    const allowedHosts = [`${HOST}:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(String(req.headers.host ?? ''))) return refuse(res, 403, 'Недопустимый адрес хоста');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
      return refuse(res, 403, 'Запросы с других сайтов запрещены');
    }
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const api = /^\/api\/([a-z]+\.[A-Za-z]+)$/.exec(url.pathname);
    if (api) {
      handleApi(opts, req, res, api[1]).catch(() => {
        if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: 'Ошибка сервера' } });
      });
      return;
    }
    if (url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: { code: 'unknown_command', message: 'Неизвестная команда' } });
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Метод не поддерживается');
    serveStatic(opts, url.pathname, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        port,
        url: `http://${HOST}:${port}/#token=${opts.token}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
