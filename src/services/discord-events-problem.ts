// Why a server's Discord events are out of step with its reviews, as the sync records it and
// /settings show reports it.
export const DISCORD_EVENTS_PROBLEMS = [
  /** Discord refused: the bot may no longer create or edit events in the server. */
  'forbidden',
  /** Discord did not take the changes, and the retries are used up. */
  'failing',
] as const;

export type DiscordEventsProblem = (typeof DISCORD_EVENTS_PROBLEMS)[number];

export const isDiscordEventsProblem = (value: unknown): value is DiscordEventsProblem => (DISCORD_EVENTS_PROBLEMS as readonly unknown[]).includes(value);
