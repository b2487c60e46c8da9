import type Database from 'better-sqlite3';

declare const readable: unique symbol;
declare const writable: unique symbol;

/** A connection handed to queries: by convention they only read. */
export type ReadableDb = Database.Database & { readonly [readable]: true };
/** A connection handed to mutations, inside their transaction. */
export type WritableDb = ReadableDb & { readonly [writable]: true };
