// The bot's presence in servers, for data retention: removed from a server (not an outage,
// which discord.js reports as unavailable instead) starts the retention period; joining one,
// or finding it at start, ends it.
import { Events, type Client } from 'discord.js';
import type { Logger } from '../logging/logger';
import type { RetentionService } from '../retention/service';

export function watchGuildPresence(client: Client, retention: Pick<RetentionService, 'left' | 'returned' | 'present'>, logger: Logger): void {
  client.on(Events.GuildDelete, (guild) => {
    retention.left(guild.id).then(
      ({ purgeAt }) => logger.info({ guildId: guild.id, purgeAt }, 'removed from a server: its data is kept until purgeAt'),
      (err: unknown) => logger.error({ err, guildId: guild.id }, 'could not record leaving a server'),
    );
  });
  client.on(Events.GuildCreate, (guild) => {
    retention.returned(guild.id).then(
      (back) => back && logger.info({ guildId: guild.id }, 'back in a server within the retention period: its data is restored'),
      (err: unknown) => logger.error({ err, guildId: guild.id }, 'could not record joining a server'),
    );
  });
  client.once(Events.ClientReady, (ready) => {
    retention.present([...ready.guilds.cache.keys()]).catch((err: unknown) => logger.error({ err }, 'could not check servers the bot came back to'));
  });
}
