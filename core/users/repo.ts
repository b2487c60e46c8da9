import type { ReadableDb, WritableDb } from '../db/types';
import { ROLES, type Role } from './roles';

export interface UserRow {
  id: number;
  login: string;
  full_name: string;
  password_hash: string;
  is_active: number;
  region_code: string | null;
  created_at: string;
}

export interface User {
  id: number;
  login: string;
  fullName: string;
  isActive: boolean;
  regionCode: string | null;
  roles: Role[];
  createdAt: string;
}

function rolesOf(db: ReadableDb, userId: number): Role[] {
  const rows = db.prepare('SELECT role FROM user_roles WHERE user_id = ?').pluck().all(userId) as Role[];
  return ROLES.filter((r) => rows.includes(r));
}

function fromRow(db: ReadableDb, row: UserRow): User {
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    isActive: row.is_active === 1,
    regionCode: row.region_code,
    roles: rolesOf(db, row.id),
    createdAt: row.created_at,
  };
}

/** Finds a user row by login, case-insensitively. */
export function findUserRowByLogin(db: ReadableDb, login: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE login = ?').get(login.trim()) as UserRow | undefined;
}

/** Loads one user with roles. */
export function getUser(db: ReadableDb, id: number): User | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row && fromRow(db, row);
}

/** Lists every user with roles, by full name. */
export function listUsers(db: ReadableDb): User[] {
  const rows = db.prepare("SELECT * FROM users WHERE login <> 'system' ORDER BY full_name").all() as UserRow[];
  return rows.map((r) => fromRow(db, r));
}

/** Counts people (not the built-in CLI account); zero means a fresh database awaiting its first setup. */
export function countUsers(db: ReadableDb): number {
  return db.prepare("SELECT count(*) FROM users WHERE login <> 'system'").pluck().get() as number;
}

export interface NewUser {
  login: string;
  fullName: string;
  passwordHash: string;
  roles: readonly Role[];
  regionCode?: string | null;
}

/** Inserts a user and its roles. */
export function insertUser(db: WritableDb, u: NewUser, nowIso: string): number {
  const id = Number(
    db
      .prepare('INSERT INTO users (login, full_name, password_hash, region_code, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(u.login.trim(), u.fullName.trim(), u.passwordHash, u.regionCode ?? null, nowIso).lastInsertRowid,
  );
  const addRole = db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  for (const r of new Set(u.roles)) addRole.run(id, r);
  return id;
}
