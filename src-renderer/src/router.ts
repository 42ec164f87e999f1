import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { DEFAULT_VIEW, VIEWS } from './views/registry';

/**
 * Hash routes, one per view (`#/video`, `#/wall`, `#/<view>/<param>`), so a view survives a reload
 * and a second screen can open one directly under `app://` and the console host alike.
 */
const routes: RouteRecordRaw[] = [
  ...VIEWS.map((v): RouteRecordRaw => ({ path: `/${v.id}/:param?`, name: v.id, component: v.load, meta: { view: v.id } })),
  { path: '/:rest(.*)*', redirect: `/${DEFAULT_VIEW}` },
];

export const router = createRouter({ history: createWebHashHistory(), routes });
