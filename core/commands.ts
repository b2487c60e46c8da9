import type { AnyCommand } from './command';
import { auditCommands } from './audit/commands';
import { demoCommands } from './demo/commands';
import { referenceCommands } from './reference/commands';
import { sessionCommands } from './session/commands';
import { settingsCommands } from './settings/commands';
import { usersCommands } from './users/commands';
import { counterpartiesCommands } from './counterparties/commands';
import { outletsCommands } from './outlets/commands';
import { contractsCommands } from './contracts/commands';
import { approvalsCommands } from './approvals/commands';
import { penaltiesCommands } from './penalties/commands';
import { signalsCommands } from './signals/commands';
import { amnestyCommands } from './amnesty/commands';
import { paymentsCommands } from './payments/commands';
import { documentsCommands } from './documents/commands';
import { dashboardCommands } from './dashboard/commands';
import { backupCommands } from './backup/commands';
import { budgetCommands } from './budget/commands';

/** Merges per-domain tables into one; a name defined twice is a programming error caught at start. */
export function mergeCommands<T extends Record<string, AnyCommand>[]>(...tables: T): Record<string, AnyCommand> {
  const out: Record<string, AnyCommand> = {};
  for (const t of tables) {
    for (const [name, def] of Object.entries(t)) {
      if (Object.hasOwn(out, name)) throw new Error(`Duplicate command name: ${name}`);
      if (!/^[a-z]+\.[a-z][A-Za-z]+$/.test(name)) throw new Error(`Command name must be domain.verbNoun: ${name}`);
      out[name] = def;
    }
  }
  return out;
}

/** The typed table of every command: the one door into the core. */
export type Commands = typeof sessionCommands &
  typeof usersCommands &
  typeof referenceCommands &
  typeof settingsCommands &
  typeof auditCommands &
  typeof demoCommands &
  typeof counterpartiesCommands &
  typeof outletsCommands &
  typeof contractsCommands &
  typeof approvalsCommands &
  typeof penaltiesCommands &
  typeof signalsCommands &
  typeof amnestyCommands &
  typeof paymentsCommands &
  typeof documentsCommands &
  typeof dashboardCommands &
  typeof backupCommands &
  typeof budgetCommands;
export type CommandName = keyof Commands;

export const commandTable = mergeCommands(
  sessionCommands,
  usersCommands,
  referenceCommands,
  settingsCommands,
  auditCommands,
  demoCommands,
  counterpartiesCommands,
  outletsCommands,
  contractsCommands,
  approvalsCommands,
  penaltiesCommands,
  signalsCommands,
  amnestyCommands,
  paymentsCommands,
  documentsCommands,
  dashboardCommands,
  backupCommands,
  budgetCommands,
);
