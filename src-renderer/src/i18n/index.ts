import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';

export type Locale = 'zh-CN' | 'en';

/**
 * zh-CN first; English for visitors and the English-speaking analysts. The English messages load
 * the first time English is chosen (they are ≈ 23 kB the console's first view does not need).
 */
export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  // Typed as both locales (the English ones arrive by setLocaleMessage below).
  messages: { 'zh-CN': zhCN } as Record<Locale, typeof zhCN>,
});

/** The locale last asked for: a slower load of an earlier choice does not override it. */
let wanted: Locale = 'zh-CN';

export async function setLocale(locale: Locale): Promise<void> {
  wanted = locale;
  if (!i18n.global.availableLocales.includes(locale)) {
    const { default: messages } = await import('./en');
    i18n.global.setLocaleMessage('en', messages);
  }
  if (wanted !== locale) return;
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}
