// Runs bench tasks in child processes (each with its own peak RSS) and measures the browser shell's cold start.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
const TASKS = path.join(HERE, 'tasks.ts');

/** Extra node flags for every task, e.g. MCM_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
function extraFlags(): string[] {
  return (process.env.MCM_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/** Runs one task of bench/support/tasks.ts to completion and returns its result (with `maxRssMb`). */
export function runTask<T = Record<string, unknown>>(task: string, args: Record<string, unknown>): T & { maxRssMb: number } {
  const r = spawnSync(process.execPath, [...extraFlags(), '--import', 'tsx', TASKS, task, JSON.stringify(args)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('@@result '));
  if (r.status !== 0 || !line) {
    throw new Error(`bench task ${task} failed (exit ${r.status}):\n${r.stderr?.slice(-4000)}`);
  }
  return JSON.parse(line.slice('@@result '.length)) as T & { maxRssMb: number };
}

/** CPU milliseconds (user + system, all threads) a running process has used so far, from /proc; null elsewhere. */
function cpuOf(pid: number | undefined): number | null {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks (100 a second).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Cold start of the browser shell: spawns `mcm serve` on the database and polls a command until the first answer;
 * returns the wall time from spawn to that answer and the CPU time the server process had used by then.
 */
export async function coldStart(dbPath: string): Promise<{ ms: number; cpuMs: number }> {
  // Users start the bundled CLI (npm start builds it), so measure that, not tsx compiling sources; untimed.
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs'), '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-server failed (exit ${built.status}):\n${built.stderr?.slice(-2000)}`);
  const token = 'bench-cold-start';
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'mcm.mjs'), '--db', dbPath, 'serve', '--port', '0', '--token', token], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let timer: NodeJS.Timeout | undefined;
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.once('exit', (code) => reject(new Error(`mcm serve exited with ${code}: ${err.slice(-300)}`)));
      timer = setTimeout(() => reject(new Error('mcm serve printed no address in 60 s')), 60_000);
    }).finally(() => clearTimeout(timer));
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/session.info`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-mcm-token': token },
          body: '{}',
        });
        const body = (await res.json()) as { ok: boolean };
        if (body.ok) {
          const ms = Math.round(performance.now() - started);
          return { ms, cpuMs: cpuOf(child.pid) ?? ms };
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
}
