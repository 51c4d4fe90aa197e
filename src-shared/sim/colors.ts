/** Scenario colours shared by the app's charts and the reports, so screens and documents agree. */
export const SCENARIO_COLORS = { A: '#d9822b', B: '#1f77d0' } as const;
