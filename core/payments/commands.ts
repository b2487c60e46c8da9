// Payment registries, checks, 1C export, payment confirmations and the budget (issue 6).
export const paymentsCommands = {};
