/** A per-module logger; the shell decides where lines go. */
export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export type LogSink = (level: 'info' | 'warn' | 'error', module: string, msg: string, data?: Record<string, unknown>) => void;

/** Writes JSON lines to stderr, so stdout stays free for CLI output. */
export const stderrSink: LogSink = (level, module, msg, data) => {
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level, module, msg, ...data }) + '\n');
};

/** Drops everything (tests). */
export const silentSink: LogSink = () => {};

/** Creates a logger for one module of the core. */
export function createLogger(module: string, sink: LogSink = stderrSink): Logger {
  return {
    info: (m, d) => sink('info', module, m, d),
    warn: (m, d) => sink('warn', module, m, d),
    error: (m, d) => sink('error', module, m, d),
  };
}
