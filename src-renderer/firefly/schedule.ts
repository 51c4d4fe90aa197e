import type { Settings } from '../../src-shared/api';

/** The Firefly sync schedules as Settings lists them (and the Firefly section names the current one). */
export const SCHEDULE_LABELS: Record<Settings['fireflySchedule'], string> = { off: 'Off (sync by hand)', hourly: 'Hourly', daily: 'Daily', weekly: 'Weekly' };
