/** Roles of DOMAIN.md, in the order the UI lists them. */
export const ROLES = ['assistant', 'manager', 'legal', 'finance', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES_RU: Record<Role, string> = {
  assistant: 'Ассистент',
  manager: 'Менеджер',
  legal: 'Юрист',
  finance: 'Финансист',
  director: 'Руководитель',
  admin: 'Администратор',
};

/** Everything a command can require; checked in the core on every call. */
export const PERMISSIONS = [
  'reference.read',
  'reference.write',
  'users.read',
  'users.manage',
  'audit.read',
  'settings.read',
  'settings.write',
  'demo.load',
  'counterparties.read',
  'counterparties.write',
  'outlets.read',
  'outlets.write',
  'contracts.read',
  'contracts.write',
  'contracts.submit',
  'contracts.sign',
  'contracts.supplement',
  'contracts.bulkChange',
  'contracts.importSigned',
  'import.masterData',
  'approvals.act',
  'approvals.delegate',
  'approvals.manageRoutes',
  'signals.read',
  'signals.import',
  'signals.rollback',
  'penalties.read',
  'penalties.manageRules',
  'amnesty.read',
  'amnesty.grant',
  'amnesty.confirm',
  'amnesty.revoke',
  'payments.read',
  'payments.build',
  'payments.approve',
  'payments.export',
  'payments.markPaid',
  'payments.confirmBankDetails',
  'budget.read',
  'budget.import',
  'documents.read',
  'documents.generate',
  'dashboard.read',
  'backup.create',
  'backup.restore',
  'audit.verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL_ROLES: readonly Role[] = ROLES;

const GRANTS: Record<Permission, readonly Role[]> = {
  'reference.read': ALL_ROLES,
  'reference.write': ['admin'],
  'users.read': ALL_ROLES,
  'users.manage': ['admin'],
  'audit.read': ['admin', 'director', 'legal', 'finance'],
  'settings.read': ALL_ROLES,
  'settings.write': ['admin'],
  'demo.load': ['admin'],
  'counterparties.read': ALL_ROLES,
  'counterparties.write': ['assistant', 'manager', 'legal', 'admin'],
  'outlets.read': ALL_ROLES,
  'outlets.write': ['assistant', 'manager', 'admin'],
  'contracts.read': ALL_ROLES,
  'contracts.write': ['assistant', 'manager', 'legal', 'admin'],
  'contracts.submit': ['assistant', 'manager', 'admin'],
  'contracts.sign': ['legal', 'admin'],
  'contracts.supplement': ['legal', 'admin'],
  'contracts.bulkChange': ['legal', 'admin'],
  // Migrating contracts signed elsewhere skips the approval route, so only an administrator may do it.
  'contracts.importSigned': ['admin'],
  'import.masterData': ['assistant', 'manager', 'admin'],
  'approvals.act': ALL_ROLES,
  'approvals.delegate': ALL_ROLES,
  'approvals.manageRoutes': ['admin'],
  'signals.read': ALL_ROLES,
  'signals.import': ['assistant', 'admin'],
  // Finance may undo a wrong daily file while the period is still open.
  'signals.rollback': ['assistant', 'finance', 'admin'],
  'penalties.read': ALL_ROLES,
  'penalties.manageRules': ['admin'],
  'amnesty.read': ALL_ROLES,
  'amnesty.grant': ['legal', 'admin'],
  // The second pair of eyes on a large amnesty: a lawyer or a director (never the grantor: checked in the command).
  'amnesty.confirm': ['legal', 'director', 'admin'],
  'amnesty.revoke': ['legal', 'admin'],
  'payments.read': ['finance', 'director', 'legal', 'admin'],
  'payments.build': ['finance', 'admin'],
  // Money leaves the company on these: finance only (DOMAIN.md "Payments": approved (finance)).
  'payments.approve': ['finance'],
  'payments.export': ['finance'],
  'payments.markPaid': ['finance'],
  // The second person who confirms a changed bank account (never the one who changed it: checked in the command).
  'payments.confirmBankDetails': ['finance', 'director'],
  'budget.read': ['finance', 'director', 'admin', 'manager'],
  'budget.import': ['finance', 'admin'],
  'documents.read': ['finance', 'legal', 'director', 'admin'],
  'documents.generate': ['finance', 'legal', 'admin'],
  'dashboard.read': ALL_ROLES,
  'backup.create': ['admin'],
  'backup.restore': ['admin'],
  'audit.verify': ['admin', 'director'],
};

/** True when any of the roles grants the permission. */
export function rolesGrant(roles: readonly Role[], permission: Permission): boolean {
  const allowed = GRANTS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** The permissions a set of roles holds, for the UI to hide what the core would refuse anyway. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((p) => rolesGrant(roles, p));
}
