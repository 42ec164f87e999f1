import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { VIEWS } from './views/registry';
import { useFeedsStore } from './stores/feeds';
import { useIncidentsStore } from './stores/incidents';
import { useSettingsStore } from './stores/settings';
import { useAlertsStore } from './stores/alerts';
import { useVehiclesStore } from './stores/vehicles';
import { useDutyAlertsStore } from './stores/duty-alerts';
import { prefetchWhenIdle } from './prefetch';
import './styles/fonts';
import './styles/global.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);
// The first view is resolved before mounting, so a chromeless view (#/wall) never flashes the header.
void router.isReady().then(() => app.mount('#app'));

// Settings first (the language), then the live picture (not for a print page, which loads its own data).
void (async () => {
  await useSettingsStore()
    .load()
    .catch((err: unknown) => console.error('settings', err));
  await router.isReady();
  if (VIEWS.find((v) => v.id === router.currentRoute.value.name)?.printPage) {
    document.documentElement.dataset.ready = 'true';
    return;
  }
  await Promise.all([useIncidentsStore().load(), useFeedsStore().load()]).catch((err: unknown) => console.error('load', err));
  await Promise.all([useAlertsStore().load(), useVehiclesStore().load()]).catch((err: unknown) => console.error('load', err));
  // Alerts from here on: what is already on screen raises none.
  useDutyAlertsStore().start();
  document.documentElement.dataset.ready = 'true';
  // The video view and the camera catalogue, so the first "open nearby cameras" does not wait for them.
  prefetchWhenIdle();
})();
