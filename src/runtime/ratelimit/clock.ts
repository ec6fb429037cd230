/** A source of milliseconds; injected so tests drive time instead of sleeping. */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();
