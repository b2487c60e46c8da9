// Fixed channel names shared by main and preload; the renderer never sees them.

/** Request/response channel: one command of the core per call. */
export const INVOKE_CHANNEL = 'mcm:invoke';
/** One-way channel for core events (progress of long imports). */
export const EVENT_CHANNEL = 'mcm:event';
