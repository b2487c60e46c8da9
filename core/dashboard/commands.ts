// Management dashboard: KPIs, charts, timelines and what-if (issue 8).
export const dashboardCommands = {};
