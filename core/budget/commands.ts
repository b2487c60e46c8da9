// The payout budget: plan per federal district and month (imported), fact from registries, forecast (issue 6).
export const budgetCommands = {};
