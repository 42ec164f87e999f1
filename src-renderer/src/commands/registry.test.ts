import { createPinia, setActivePinia } from 'pinia';
import { ref } from 'vue';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../i18n/en';
import zh from '../i18n/zh-CN';

const push = vi.hoisted(() => vi.fn());
vi.mock('../api/client', () => ({ api: new Proxy({}, { get: (_t, name) => (name === 'on' ? () => () => undefined : async () => undefined) }) }));
vi.mock('../router', () => ({ router: { currentRoute: ref({ meta: { view: 'situation' }, params: {} }), push } }));

const { useCommandsStore } = await import('./registry');
const { VIEWS } = await import('../views/registry');
const { LAYER_GROUP_LIST: VISIBILITY_GROUPS } = await import('../map/layer-groups');
const { useMapLayersStore } = await import('../stores/map-layers');

const lookup = (messages: object, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages);

describe('the command registry', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('gives every action, view and map layer its own shortcut and a label in both languages', () => {
    const commands = useCommandsStore().commands;
    const shortcuts = commands.map((c) => c.shortcut);
    expect(new Set(shortcuts).size).toBe(shortcuts.length);
    for (const id of ['palette', 'help', 'search', 'alert.ack', 'incident.next', 'incident.previous', 'case.accept', 'case.dispatch', 'cameras.nearest', 'triage.accept', 'triage.dispatch', 'triage.merge', 'triage.selectAll', 'triage.nextTab']) {
      expect(commands.some((c) => c.id === id), id).toBe(true);
    }
    expect(commands.filter((c) => c.group === 'views')).toHaveLength(VIEWS.filter((v) => !v.hidden).length);
    expect(commands.filter((c) => c.group === 'layers')).toHaveLength(Math.min(9, VISIBILITY_GROUPS.length));
    for (const c of commands) {
      for (const messages of [zh, en]) {
        expect(typeof lookup(messages, c.label.key), c.label.key).toBe('string');
        for (const v of Object.values(c.label.values ?? {})) if (typeof v === 'string') expect(typeof lookup(messages, v), v).toBe('string');
      }
    }
  });

  it('runs a view switch and a layer toggle, closing the palette', async () => {
    const registry = useCommandsStore();
    registry.paletteOpen = true;
    await registry.run(registry.commands.find((c) => c.id === 'view.cases')!);
    expect(push).toHaveBeenCalledWith('/cases');
    expect(registry.paletteOpen).toBe(false);
    const layers = useMapLayersStore();
    const group = VISIBILITY_GROUPS[0]!.id;
    const before = layers.visible[group];
    await registry.run(registry.commands.find((c) => c.id === `layer.${group}`)!);
    expect(layers.visible[group]).toBe(!before);
  });
});
