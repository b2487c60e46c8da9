// Pure (zod only): validates what a renderer passes to `mcm:invoke` before it reaches the core process.
import { z } from 'zod';

const argsSchema = z.object({
  // Same shape the command table enforces (`domain.verbNoun`); the length cap keeps junk out of logs.
  name: z.string().max(100).regex(/^[a-z]+\.[a-zA-Z]+$/),
  session: z.string().max(512).optional(),
});

export type InvokeArgs = z.infer<typeof argsSchema>;

/** Checks the command name and session token of one IPC call; returns null when either is malformed. */
export function parseInvokeArgs(name: unknown, session: unknown): InvokeArgs | null {
  // null is how a renderer that stored "no session" tends to send it; treat it as absent.
  const parsed = argsSchema.safeParse({ name, session: session === null ? undefined : session });
  return parsed.success ? parsed.data : null;
}
