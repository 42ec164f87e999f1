import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo, Settings, SettingsPatch } from '@shared/contract';
import { DEFAULT_SETTINGS } from '@shared/settings-defaults';
import { api } from '../api/client';
import { setLocale } from '../i18n';

/** Settings and application info, shared by every view. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>({ ...DEFAULT_SETTINGS });
  const info = ref<AppInfo>();

  let unsubscribe: (() => void) | undefined;
  async function load(): Promise<void> {
    const [s, i] = await Promise.all([api.getSettings(), api.appInfo()]);
    apply(s);
    info.value = i;
    unsubscribe ??= api.on('settingsChanged', apply);
  }

  function apply(s: Settings): void {
    settings.value = s;
    void setLocale(s.locale);
  }

  async function toggleLocale(): Promise<void> {
    const locale = settings.value.locale === 'zh-CN' ? 'en' : 'zh-CN';
    void setLocale(locale); // at once; the host confirms and other windows follow
    apply(await api.setSettings({ locale }));
  }

  /** Changes some settings (the host confirms; other windows follow). */
  async function patch(p: SettingsPatch): Promise<void> {
    settings.value = { ...settings.value, ...p };
    apply(await api.setSettings(p));
  }

  return { settings, info, load, toggleLocale, patch };
});
