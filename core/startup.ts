// The second door of the core, for a shell's own start: where the store lives, a scheduled restore before it is
// opened and the day's backup beside a running server. Light on purpose: `mcm serve` runs the core in worker threads
// and loads only this on its main thread, not the whole core behind core/index.ts.
export { defaultDataDir, defaultDbPath } from './paths';
export { applyScheduledRestore, restoreFromFile, takeDailyBackup, type BackupResult } from './backup/backup';
export { copyStoreOffThread } from './backup/offThread';
