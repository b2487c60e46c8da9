// Type-only view of the command table for shells and the renderer: importing it pulls in no runtime code.
import type { Commands, CommandName } from './commands';
import type { InputOf, OutputOf } from './command';

export type { CommandName, Commands };
/** Input a caller passes to a command. */
export type CommandInput<N extends CommandName> = InputOf<Commands[N]>;
/** Data a command returns inside `{ok: true, data}`. */
export type CommandOutput<N extends CommandName> = OutputOf<Commands[N]>;
export type { Envelope, ErrorCode } from './errors';
