import { Settings, SettingsPatch } from '../../src-shared/api';
import type { Db } from './db';

/**
 * Settings are stored one key per row as JSON. Reading back goes through zod: a row that no
 * longer validates (hand-edited, older app) falls back to its default instead of breaking start-up.
 */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const raw: Record<string, unknown> = {};
    const shape = Settings.shape as Record<string, unknown>;
    for (const r of rows) {
      if (!(r.key in shape)) continue;
      try {
        raw[r.key] = JSON.parse(r.value);
      } catch {
        /* ignore an unreadable row: the default applies */
      }
    }
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Drop only the offending keys.
    for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
    return Settings.parse(raw);
  }

  set(patch: unknown): Settings {
    const valid = SettingsPatch.parse(patch);
    const upsert = this.db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(valid)) if (v !== undefined) upsert.run(k, JSON.stringify(v));
    })();
    return this.get();
  }
}
