/**
 * Discord's permission bits (discord.js's `PermissionFlagsBits`, so they are never retyped), the
 * sets a new server and a newly invited bot start with, and reading permissions given by name.
 */
import { PermissionFlagsBits } from 'discord.js';

export const Permission = PermissionFlagsBits;

export type PermissionName = keyof typeof PermissionFlagsBits;

/** Every permission bit Discord defines (what an owner or administrator has). */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What @everyone gets in a freshly created server. */
export const EVERYONE_DEFAULT =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.Stream |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.Connect |
  Permission.Speak |
  Permission.UseVAD |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.UseExternalStickers |
  Permission.SendMessagesInThreads |
  Permission.UseEmbeddedActivities;

/** What the bot's managed role is granted when it is invited. */
export const BOT_ROLE_DEFAULT =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.AddReactions |
  Permission.UseApplicationCommands;

/**
 * Parses permissions given as a bitfield (number or decimal string) or as a list of names
 * (`['ManageGuild']`).
 */
export function parsePermissions(value: unknown): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return BigInt(value);
    return parsePermissions(value.split(/[\s,|]+/).filter(Boolean));
  }
  if (Array.isArray(value)) {
    let bits = 0n;
    for (const name of value) {
      if (typeof name !== 'string') throw new Error(`permission names must be strings, got ${JSON.stringify(name)}`);
      if (!Object.hasOwn(PermissionFlagsBits, name)) {
        throw new Error(`unknown permission "${name}" (known: ${Object.keys(PermissionFlagsBits).join(', ')})`);
      }
      bits |= PermissionFlagsBits[name as PermissionName];
    }
    return bits;
  }
  throw new Error(`cannot read permissions from ${JSON.stringify(value)}`);
}
