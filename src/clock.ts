// The one source of "now" for the bot. Production uses the system clock; tests and the local
// sandbox move a settable one, so scheduling can be exercised without waiting.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs with real time from a chosen instant and can be set or advanced. */
export class AdjustableClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  /** How far this clock is from real time. */
  get offsetMs(): number {
    return this.offset;
  }
  set(instant: Date): void {
    this.offset = instant.getTime() - Date.now();
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
