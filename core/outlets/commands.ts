// Command table of the outlets domain (filled by the issue-3 work).
export const outletsCommands = {};
