// Command table of the contracts domain (filled by the issue-3 work).
export const contractsCommands = {};
