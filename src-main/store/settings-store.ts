import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '@shared/contract';
import type { Db } from './database';

/** Settings kept as one JSON document in the `settings` table; unknown or invalid values fall back to defaults. */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'user'").get() as { value: string } | undefined;
    if (!row) return { ...DEFAULT_SETTINGS };
    let stored: unknown;
    try {
      stored = JSON.parse(row.value);
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
    const parsed = SettingsSchema.partial().safeParse(stored);
    return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
  }

  /** Applies a validated patch and returns the full settings. */
  set(patch: SettingsPatch): Settings {
    const next = SettingsSchema.parse({ ...this.get(), ...patch });
    this.db
      .prepare("INSERT INTO settings (key, value) VALUES ('user', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify(next));
    return next;
  }
}
