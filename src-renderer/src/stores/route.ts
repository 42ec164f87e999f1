import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { DEFAULT_VIEW, VIEWS } from '../views/registry';

/** The current view, kept in the URL hash (`#/video`, `#/wall`…) so it survives reloads and can be linked. */
export const useRouteStore = defineStore('route', () => {
  const parse = (): { view: string; param?: string } => {
    const [, view, param] = /^#\/([\w-]+)(?:\/([\w.-]+))?/.exec(location.hash) ?? [];
    return { view: view && VIEWS.some((v) => v.id === view) ? view : DEFAULT_VIEW, param };
  };
  const current = ref(parse());
  window.addEventListener('hashchange', () => (current.value = parse()));

  const view = computed(() => VIEWS.find((v) => v.id === current.value.view) ?? VIEWS[0]!);

  function go(id: string, param?: string): void {
    location.hash = param ? `#/${id}/${param}` : `#/${id}`;
  }

  return { current, view, go };
});
