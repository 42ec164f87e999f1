import { defineAsyncComponent } from 'vue';

/**
 * Parts of a view that most visits never show, loaded the first time they are: they stay out of the
 * first view's JavaScript (docs/BENCHMARKS.md, renderer chunks).
 */
export const LazyDateRangePicker = defineAsyncComponent(() => import('./DateRangePicker.vue'));
export const LazyAlertSettingsForm = defineAsyncComponent(() => import('./AlertSettingsForm.vue'));
export const LazyImportModal = defineAsyncComponent(() => import('./ImportModal.vue'));
