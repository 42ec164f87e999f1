import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { EscalationRuleInput, RuleSetVersion, RulesState } from '@shared/rules/escalation-rules';
import { api } from '../api/client';

/**
 * Escalation rules: the set in force and its saved versions (pushed when any screen saves), an
 * older version to look at, and saving an edited set as the next version.
 */
export const useRulesStore = defineStore('rules', () => {
  const state = shallowRef<RulesState>({ current: null, versions: [] });
  const viewing = shallowRef<RuleSetVersion>();
  const busy = ref(false);
  const error = ref<string>();

  let unsubscribe: (() => void) | undefined;
  async function load(): Promise<void> {
    unsubscribe ??= api.on('rulesChanged', (s) => (state.value = s));
    state.value = await api.getRules();
  }

  async function view(version: number | undefined): Promise<void> {
    viewing.value = version === undefined ? undefined : await api.getRulesVersion({ version });
  }

  /** Saves the set as a new version; a refusal (validation) is kept in `error` and nothing changes. */
  async function save(rules: EscalationRuleInput[], note: string): Promise<RuleSetVersion | undefined> {
    busy.value = true;
    error.value = undefined;
    try {
      const saved = await api.saveRules({ rules, note });
      state.value = await api.getRules();
      return saved;
    } catch (err) {
      error.value = (err as Error).message;
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { state, viewing, busy, error, load, view, save };
});
