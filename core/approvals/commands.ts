// Command table of the approvals domain (filled by the issue-3 work).
export const approvalsCommands = {};
