/**
 * Where the backend reads the time. Every timestamp the plugin writes comes from one injected
 * clock, so that a test which fixes it sees no real time anywhere, and reviews can be made to
 * fall due by moving it.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock, for production. */
export const systemClock: Clock = { now: () => new Date() };
