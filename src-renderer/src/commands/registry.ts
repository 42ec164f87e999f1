import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CaseAction } from '@shared/domain/lifecycle';
import { VIEWS } from '../views/registry';
import { LAYER_GROUP_LIST } from '../map/layer-groups';
import { useCasesStore } from '../stores/cases';
import { useDutyAlertsStore } from '../stores/duty-alerts';
import { useIncidentsStore } from '../stores/incidents';
import { useIncidentListStore } from '../stores/incident-list';
import { useMapLayersStore } from '../stores/map-layers';
import { useRouteStore } from '../stores/route';
import { useTriageStore, type TriageAction } from '../stores/triage';
import { useVideoStore } from '../stores/video';

/** One thing a person can do: the palette lists it, the keyboard runs it, the help overlay shows it. */
export interface Command {
  id: string;
  /** What the palette and the help show (i18n key and its values). */
  label: { key: string; values?: Record<string, string | number> };
  /** Where the help lists it. */
  group: 'general' | 'alerts' | 'incidents' | 'triage' | 'views' | 'layers';
  /** Its key (see shortcut.ts): every command has one. */
  shortcut: string;
  run: () => void | Promise<void>;
}

/**
 * The one command registry: the palette (Ctrl+K), the shortcuts and the help overlay (?) all
 * read `commands`. Adding an action means adding it here.
 */
export const useCommandsStore = defineStore('commands', () => {
  const paletteOpen = ref(false);
  const helpOpen = ref(false);
  /** The last failure of a command, for the shell to show. */
  const failure = ref<string>();

  const route = useRouteStore();
  const incidents = useIncidentsStore();
  const cases = useCasesStore();
  const duty = useDutyAlertsStore();
  const layers = useMapLayersStore();

  /** Moves the selection along the incident list as shown (`step` 1: next, -1: previous). */
  function step(by: 1 | -1): void {
    const list = useIncidentListStore().ordered;
    if (list.length === 0) return;
    const at = list.findIndex((i) => i.id === incidents.selectedId);
    const next = list[at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + by))]!;
    if (route.view.id !== 'situation') route.go('situation');
    void incidents.select(next.id);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="incident-row"][data-id="${CSS.escape(next.id)}"]`)?.focus());
  }

  /** A case action on the selected incident, in the case view (which asks for a unit when one is needed). */
  async function caseAction(action: CaseAction): Promise<void> {
    const id = incidents.selectedId ?? cases.detail?.incident.id;
    if (!id) return;
    if (cases.detail?.incident.id !== id) await cases.open(id);
    route.go('cases');
    if (action === 'dispatch') {
      // The case view's dispatch form asks for the unit; its first field takes the keyboard.
      requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="action-dispatch"]')?.click()));
      return;
    }
    await cases.act(action);
  }

  function focusSearch(): void {
    route.go('cases');
    const focus = (): void => document.querySelector<HTMLInputElement>('[data-testid="case-search"] input')?.focus();
    requestAnimationFrame(() => requestAnimationFrame(focus));
    setTimeout(focus, 300);
  }

  async function nearestCameras(): Promise<void> {
    // In the case view, the open case; elsewhere the incident selected on the map or list.
    const i = (route.view.id === 'cases' ? cases.detail?.incident : undefined) ?? incidents.selected;
    if (!i) return;
    // The video store comes with its players: taken when first needed.
    if ((await useVideoStore().openNearby(i)) > 0) route.go('video');
  }

  /**
   * A batch action of the triage queue, in the case view: the queue asks for its one confirmation
   * (and the unit or the case to keep), whose first field takes the keyboard.
   */
  async function triage(action: TriageAction | 'selectAll' | 'nextTab'): Promise<void> {
    const queue = useTriageStore();
    route.go('cases');
    await queue.start();
    if (action === 'selectAll') queue.selectAll();
    else if (action === 'nextTab') await queue.cycleTab();
    else queue.request(action);
  }

  const commands = computed<Command[]>(() => [
    { id: 'palette', label: { key: 'commands.palette' }, group: 'general', shortcut: 'mod+k', run: () => void (paletteOpen.value = true) },
    { id: 'help', label: { key: 'commands.help' }, group: 'general', shortcut: '?', run: () => void (helpOpen.value = true) },
    { id: 'search', label: { key: 'commands.search' }, group: 'general', shortcut: '/', run: focusSearch },
    { id: 'alert.ack', label: { key: 'commands.ack' }, group: 'alerts', shortcut: 'a', run: () => duty.acknowledgeFirst() },
    { id: 'alert.ackAll', label: { key: 'commands.ackAll' }, group: 'alerts', shortcut: 'shift+a', run: () => duty.acknowledgeAll() },
    { id: 'incident.next', label: { key: 'commands.next' }, group: 'incidents', shortcut: 'j', run: () => step(1) },
    { id: 'incident.previous', label: { key: 'commands.previous' }, group: 'incidents', shortcut: 'k', run: () => step(-1) },
    { id: 'case.accept', label: { key: 'commands.accept' }, group: 'incidents', shortcut: 'r', run: () => caseAction('acknowledge') },
    { id: 'case.dispatch', label: { key: 'commands.dispatch' }, group: 'incidents', shortcut: 'd', run: () => caseAction('dispatch') },
    { id: 'cameras.nearest', label: { key: 'commands.nearestCameras' }, group: 'incidents', shortcut: 'c', run: nearestCameras },
    { id: 'triage.accept', label: { key: 'commands.triageAccept' }, group: 'triage', shortcut: 'shift+r', run: () => triage('acknowledge') },
    { id: 'triage.dispatch', label: { key: 'commands.triageDispatch' }, group: 'triage', shortcut: 'shift+d', run: () => triage('dispatch') },
    { id: 'triage.merge', label: { key: 'commands.triageMerge' }, group: 'triage', shortcut: 'shift+m', run: () => triage('merge') },
    { id: 'triage.selectAll', label: { key: 'commands.triageSelectAll' }, group: 'triage', shortcut: 'x', run: () => triage('selectAll') },
    { id: 'triage.nextTab', label: { key: 'commands.triageNextTab' }, group: 'triage', shortcut: 't', run: () => triage('nextTab') },
    ...VIEWS.filter((v) => !v.hidden).map<Command>((v, n) => ({
      id: `view.${v.id}`,
      label: { key: 'commands.view', values: { view: v.labelKey } },
      group: 'views',
      shortcut: String(n + 1),
      run: () => route.go(v.id),
    })),
    ...LAYER_GROUP_LIST.slice(0, 9).map<Command>((g, n) => ({
      id: `layer.${g.id}`,
      label: { key: 'commands.layer', values: { layer: `sitmap.layers.${g.id}` } },
      group: 'layers',
      shortcut: `shift+${n + 1}`,
      run: () => layers.toggle(g.id),
    })),
  ]);

  /** Runs a command, closing the palette first; a failure is kept for the shell to show. */
  async function run(c: Command): Promise<void> {
    paletteOpen.value = false;
    failure.value = undefined;
    try {
      await c.run();
    } catch (err) {
      failure.value = (err as Error).message;
    }
  }

  return { commands, paletteOpen, helpOpen, failure, run };
});
