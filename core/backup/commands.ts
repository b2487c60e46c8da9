// Backups and restore of the database (issue 10).
export const backupCommands = {};
