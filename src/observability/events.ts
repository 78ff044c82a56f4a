// What the running bot reports about itself, as plain callbacks: the scheduler and the
// interaction router call these, and whoever watches (metrics, tests) implements them. Neither
// side knows the other, so the scheduler and router stay free of any metrics library.
export interface SchedulerObserver {
  /** One reminder (or digest) posted; `late` when it went out after its planned time. */
  posted(info: { late: boolean; kind: string }): void;
  /** Marked failed for good (permanent error, or attempts exhausted). */
  failed(info: { kind: string; reason: string }): void;
  /** A transient failure; the reminder will be tried again later. */
  retried(info: { kind: string }): void;
  /** One scheduler tick finished; `backlog` is the due rows still waiting after it. */
  tick(info: { durationMs: number; backlog: number }): void;
}

export interface CommandObserver {
  /** One slash command, component or autocomplete handled; outcome says how it ended. */
  handled(info: { command: string; kind: 'command' | 'autocomplete' | 'component'; outcome: 'ok' | 'refused' | 'error'; durationMs: number }): void;
}

export interface DiscordEventsObserver {
  /**
   * One run of the background sync of a server's Discord events after a change: `ok`; `retrying`
   * (it failed and will be tried again); `given-up` (it failed and waits for the next change);
   * `forbidden` (the bot may no longer manage events there).
   */
  reconciled(info: { outcome: 'ok' | 'retrying' | 'given-up' | 'forbidden' }): void;
}

export const noSchedulerObserver: SchedulerObserver = { posted() {}, failed() {}, retried() {}, tick() {} };
export const noCommandObserver: CommandObserver = { handled() {} };
export const noDiscordEventsObserver: DiscordEventsObserver = { reconciled() {} };
