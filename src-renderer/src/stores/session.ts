import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';

/** The console host's logins: "log out all screens" (this one too). */
export const useSessionStore = defineStore('session', () => {
  const loggingOut = ref(false);

  async function logOutAllScreens(): Promise<void> {
    loggingOut.value = true;
    try {
      await api.logOutAllScreens();
      // The host closes this screen's socket too; the page then reloads to the login notice.
    } finally {
      loggingOut.value = false;
    }
  }

  return { loggingOut, logOutAllScreens };
});
