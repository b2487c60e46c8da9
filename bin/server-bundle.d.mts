// Types of bin/server-bundle.mjs for the TypeScript tests.
export interface SourceEntry {
  rel: string;
  mtimeMs: number;
  size: number;
}
export interface BundleStamp {
  fingerprint: string;
  builtAt?: string;
}
export interface RunnerChoice {
  runner: 'bundle' | 'tsx';
  reason: string;
}
export declare const SOURCE_DIRS: string[];
export declare const SOURCE_FILES: string[];
export declare const BUNDLE_DIR: string;
export declare const STAMP_FILE: string;
export declare const ENTRY_FILES: { cli: string; worker: string };
export declare function fingerprint(entries: SourceEntry[]): string;
export declare function chooseRunner(args: { noBundle: boolean; bundleExists: boolean; stamp: BundleStamp | null; current: string }): RunnerChoice;
export declare function sourceEntries(root: string): SourceEntry[];
export declare function readStamp(root: string): BundleStamp | null;
export declare function bundleChoice(root: string, env?: Record<string, string | undefined>): RunnerChoice;
