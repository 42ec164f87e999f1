import { defineStore } from 'pinia';
import { computed } from 'vue';
import { router } from '../router';
import { DEFAULT_VIEW, VIEWS } from '../views/registry';

/** The current view, kept in the URL hash (`#/video`, `#/wall`…) so it survives reloads and can be linked. */
export const useRouteStore = defineStore('route', () => {
  const current = computed(() => {
    const r = router.currentRoute.value;
    const param = typeof r.params.param === 'string' && r.params.param ? r.params.param : undefined;
    return { view: typeof r.meta.view === 'string' ? r.meta.view : DEFAULT_VIEW, param };
  });

  const view = computed(() => VIEWS.find((v) => v.id === current.value.view) ?? VIEWS[0]!);

  function go(id: string, param?: string): void {
    void router.push(param ? `/${id}/${param}` : `/${id}`);
  }

  return { current, view, go };
});
