/** Discord permission bits the sandbox computes with (a subset of Discord's table). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  Stream: 1n << 9n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  UseVAD: 1n << 25n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  UseExternalStickers: 1n << 37n,
  SendMessagesInThreads: 1n << 38n,
  UseEmbeddedActivities: 1n << 39n,
} as const;

export type PermissionName = keyof typeof Permission;

/** Every permission bit Discord defines today (what an owner or administrator has). */
export const ALL_PERMISSIONS = (1n << 53n) - 1n;

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
      const bit = Permission[name as PermissionName];
      if (bit === undefined) throw new Error(`unknown permission "${name}" (known: ${Object.keys(Permission).join(', ')})`);
      bits |= bit;
    }
    return bits;
  }
  throw new Error(`cannot read permissions from ${JSON.stringify(value)}`);
}

export function has(bits: bigint, permission: bigint): boolean {
  return (bits & Permission.Administrator) === Permission.Administrator || (bits & permission) === permission;
}
