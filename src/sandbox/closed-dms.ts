/**
 * Users who do not accept direct messages from the bot (privacy settings, or no shared server
 * allowing it): Discord opens the DM channel but refuses each message with 50007. Switched per
 * user through the control API (POST /_sandbox/users/:user/dms { open }).
 */
import { DiscordHttpError } from './errors.js';
import type { SandboxState } from './state.js';
import type { ChannelRecord } from './world-store.js';

const closed = new WeakMap<SandboxState, Set<string>>();

const setOf = (state: SandboxState): Set<string> => {
  let s = closed.get(state);
  if (!s) closed.set(state, (s = new Set()));
  return s;
};

export function setDmsOpen(state: SandboxState, userId: string, open: boolean): void {
  if (open) setOf(state).delete(userId);
  else setOf(state).add(userId);
}

/** Throws Discord's 50007 when the channel is a DM with a user whose DMs are closed. */
export function refuseClosedDm(state: SandboxState, channel: ChannelRecord): void {
  if (channel.guildId === null && channel.recipientId && setOf(state).has(channel.recipientId)) {
    throw new DiscordHttpError(403, { message: 'Cannot send messages to this user', code: 50007 });
  }
}
