// Delegation: a user names a substitute for a date range, who may then decide approval steps on their behalf.
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';

/** One delegation as listed. */
export interface Delegation {
  id: number;
  fromUserId: number;
  fromUserName: string;
  toUserId: number;
  toUserName: string;
  dateFrom: string;
  dateTo: string;
  createdAt: string;
  revokedAt: string | null;
  /** Not revoked and the range covers today. */
  isActive: boolean;
}

interface DelegationRow {
  id: number;
  from_user_id: number;
  from_name: string;
  to_user_id: number;
  to_name: string;
  date_from: string;
  date_to: string;
  created_at: string;
  revoked_at: string | null;
}

const SELECT = `SELECT d.*, f.full_name AS from_name, t.full_name AS to_name FROM delegations d
  JOIN users f ON f.id = d.from_user_id JOIN users t ON t.id = d.to_user_id`;

const ru = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

function fromRow(r: DelegationRow, today: string): Delegation {
  return {
    id: r.id,
    fromUserId: r.from_user_id,
    fromUserName: r.from_name,
    toUserId: r.to_user_id,
    toUserName: r.to_name,
    dateFrom: r.date_from,
    dateTo: r.date_to,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    isActive: r.revoked_at === null && r.date_from <= today && today <= r.date_to,
  };
}

/** Loads one delegation or refuses with not_found. */
export function getDelegation(db: ReadableDb, id: number, today: string): Delegation {
  const row = db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as DelegationRow | undefined;
  if (!row) throw new DomainError('not_found', `Замещение №${id} не найдено`, { id });
  return fromRow(row, today);
}

/** The user's delegations: those they gave and those they received, newest first. */
export function listDelegations(db: ReadableDb, userId: number, today: string): { given: Delegation[]; received: Delegation[] } {
  const given = db.prepare(`${SELECT} WHERE d.from_user_id = ? ORDER BY d.date_from DESC, d.id DESC`).all(userId) as DelegationRow[];
  const received = db.prepare(`${SELECT} WHERE d.to_user_id = ? ORDER BY d.date_from DESC, d.id DESC`).all(userId) as DelegationRow[];
  return { given: given.map((r) => fromRow(r, today)), received: received.map((r) => fromRow(r, today)) };
}

/** Creates a delegation from `fromUserId`; refuses self, unknown or disabled substitutes, past or overlapping ranges. */
export function createDelegation(
  db: WritableDb,
  d: { fromUserId: number; toUserId: number; dateFrom: string; dateTo: string },
  today: string,
  nowIso: string,
): Delegation {
  if (d.toUserId === d.fromUserId) {
    throw new DomainError('validation', 'Нельзя назначить замещающим самого себя', { field: 'toUserId' });
  }
  const to = db.prepare("SELECT id FROM users WHERE id = ? AND is_active = 1 AND login <> 'system'").get(d.toUserId);
  if (!to) throw new DomainError('validation', 'Замещающий сотрудник не найден или отключён', { field: 'toUserId' });
  if (d.dateTo < d.dateFrom) {
    throw new DomainError('validation', `Дата окончания ${ru(d.dateTo)} раньше даты начала ${ru(d.dateFrom)}`, { field: 'dateTo' });
  }
  if (d.dateTo < today) {
    throw new DomainError('validation', `Период замещения уже прошёл (окончание ${ru(d.dateTo)})`, { field: 'dateTo' });
  }
  const clash = db
    .prepare(
      `SELECT date_from, date_to FROM delegations
       WHERE from_user_id = ? AND to_user_id = ? AND revoked_at IS NULL AND date_from <= ? AND date_to >= ?`,
    )
    .get(d.fromUserId, d.toUserId, d.dateTo, d.dateFrom) as { date_from: string; date_to: string } | undefined;
  if (clash) {
    throw new DomainError(
      'conflict',
      `Этому сотруднику уже назначено замещение на ${ru(clash.date_from)}–${ru(clash.date_to)}, пересекающееся с выбранными датами`,
      { field: 'dateFrom' },
    );
  }
  const id = Number(
    db
      .prepare('INSERT INTO delegations (from_user_id, to_user_id, date_from, date_to, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(d.fromUserId, d.toUserId, d.dateFrom, d.dateTo, nowIso).lastInsertRowid,
  );
  return getDelegation(db, id, today);
}

/** Revokes a delegation the user gave; refuses someone else's or an already revoked one. */
export function revokeDelegation(db: WritableDb, id: number, userId: number, today: string, nowIso: string): { before: Delegation; after: Delegation } {
  const before = getDelegation(db, id, today);
  if (before.fromUserId !== userId) {
    throw new DomainError('forbidden', 'Отменить можно только своё замещение', { id });
  }
  if (before.revokedAt !== null) throw new DomainError('conflict', 'Замещение уже отменено', { id });
  db.prepare('UPDATE delegations SET revoked_at = ? WHERE id = ?').run(nowIso, id);
  return { before, after: getDelegation(db, id, today) };
}
