// Turns a refused save into what a form shows: the core's message on top and each issue next to its field.
import { ApiError } from '../../api/client';

/** Errors of one form submit: a summary line and messages by form field. */
export interface FormErrors {
  summary: string;
  /** Issues the form has no field for; listed under the summary so none is lost. */
  other: string[];
  fields: Record<string, string>;
}

/**
 * Maps `details.issues[].path` (or `details.field` for a single conflict such as a duplicate INN) to form fields.
 * `fieldOf` translates a core path to the form's field name (e.g. `counterpartyInn` → `counterparty`); a path it
 * does not know goes to `other`.
 */
export function toFormErrors(e: unknown, fieldOf: (path: string) => string | null): FormErrors {
  if (!(e instanceof ApiError)) return { summary: e instanceof Error ? e.message : String(e), other: [], fields: {} };
  const fields: Record<string, string> = {};
  const other: string[] = [];
  const issues = Array.isArray(e.details?.issues) ? (e.details.issues as { path?: unknown; message?: unknown }[]) : [];
  for (const i of issues) {
    const message = String(i.message ?? '');
    // Zod paths come joined with dots; the first segment names the input field.
    const field = typeof i.path === 'string' && i.path ? fieldOf(i.path.split('.')[0]) : null;
    if (field && !fields[field]) fields[field] = message;
    else if (!field) other.push(message);
  }
  const single = typeof e.details?.field === 'string' ? fieldOf(e.details.field) : null;
  if (issues.length === 0 && single) fields[single] = e.message;
  return { summary: e.message, other, fields };
}

/** True when a save was refused because someone else changed the record since the form was opened. */
export function isStaleSave(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'conflict' && typeof e.details?.version === 'number';
}

/** Empty text → null, so optional fields reach the core as "not given". */
export function orNull(s: string): string | null {
  const t = s.trim();
  return t === '' ? null : t;
}
