// Command table of the counterparties domain (filled by the issue-3 work).
export const counterpartiesCommands = {};
