/** The one source of "now", so tests can move time (token expiry, rate-limit windows). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const isoNow = (clock: Clock) => clock.now().toISOString();

export const isoAfter = (clock: Clock, ms: number) => new Date(clock.now().getTime() + ms).toISOString();
