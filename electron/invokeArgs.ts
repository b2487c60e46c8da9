// Pure (zod only): validates what a renderer passes to `mcm:invoke` before it reaches the core process.
import { z } from 'zod';

// The per-call flags (bridgeTypes.ts BridgeCallOptions); an unknown key is refused rather than ignored, so a typo in
// the renderer shows up at once instead of silently keeping idle sessions alive.
const optionsSchema = z.strictObject({
  // The browser shell's server takes request names of at most 64 characters (server/http.ts); so does the desktop.
  requestId: z.string().min(1).max(64).optional(),
  background: z.boolean().optional(),
});

const argsSchema = z.object({
  // Same shape the command table enforces (`domain.verbNoun`); the length cap keeps junk out of logs.
  name: z.string().max(100).regex(/^[a-z]+\.[a-zA-Z]+$/),
  session: z.string().max(512).optional(),
  options: optionsSchema.optional(),
});

/** A checked IPC call: the command, the session token and the per-call flags, each absent when not given. */
export interface InvokeArgs {
  name: string;
  session?: string;
  requestId?: string;
  background?: boolean;
}

/** Checks the command name, session token and per-call options of one IPC call; returns null when any is malformed. */
export function parseInvokeArgs(name: unknown, session: unknown, options?: unknown): InvokeArgs | null {
  // null is how a renderer that stored "no session" tends to send it; treat it as absent (the options likewise).
  const parsed = argsSchema.safeParse({
    name,
    session: session === null ? undefined : session,
    options: options === null ? undefined : options,
  });
  if (!parsed.success) return null;
  const { options: o, ...args } = parsed.data;
  return {
    ...args,
    ...(o?.requestId !== undefined ? { requestId: o.requestId } : {}),
    ...(o?.background ? { background: true } : {}),
  };
}
