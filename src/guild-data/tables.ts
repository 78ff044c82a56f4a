// The tables that hold one server's data, in the order a restore writes them (parents first).
// One list for export, restore and purge: a table added to the schema with a guildId column
// must be added here (a test compares this list with the schema).
export const GUILD_TABLES = ['GuildSettings', 'Review', 'Letter', 'Intervention', 'Recommendation', 'Reminder', 'AuditEntry'] as const;

/** Rows without their own guildId column, scoped through their recommendation. */
export const RECOMMENDATION_CHILDREN = ['RecommendationState', 'RecommendationTheme'] as const;

/**
 * Bookkeeping about the server's presence, not its data: neither exported nor restored, but purged
 * once the bot has left (the preferred locale is Discord's fact about a server the bot is in, so
 * deleting the data at the server's request keeps it).
 */
export const PRESENCE_TABLES = ['GuildDeparture', 'GuildLocale'] as const;

/**
 * Held by this deployment for the server but tied to it alone: a calendar feed's secret, the
 * Discord scheduled events it mirrors, members' personal follows and what they were sent. Not
 * exported (a secret or another deployment's Discord objects would mean nothing, or too much,
 * elsewhere), but purged with the server.
 */
export const LOCAL_TABLES = ['CalendarFeed', 'DiscordEventsSync', 'ScheduledEventLink', 'Follow', 'FollowPause', 'FollowNotice'] as const;

export type GuildTable = (typeof GUILD_TABLES)[number];
