import { useSyncExternalStore } from 'react';

// One shared clock for every relative time on screen, ticking once a minute.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    // Idle since the last tick: catch up now; React re-reads the snapshot right after subscribing.
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 60_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, refreshed every minute, so "2 min ago" stays true while a page is open. */
export function useNow(): Date {
  const value = useSyncExternalStore(subscribe, () => now);
  return new Date(value);
}
