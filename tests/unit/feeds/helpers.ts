/** Waits until `cond` holds, polling; fails with a clear message after `ms`. */
export async function until(cond: () => boolean, ms = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} not met in time`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const noEvents = { incidents: () => {}, alerts: () => {}, vehicles: () => {}, status: () => {} };
