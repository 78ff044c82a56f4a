// Records each server's preferred locale (the language of its posts unless /settings language says
// otherwise) whenever Discord reports it: the servers found at start, servers joined or back from
// an outage, server updates, and every interaction (which carries it too, so a change missed while
// the gateway was away is caught at the next command, before anything can be posted). Posts are
// made by whichever process claims them, so they read the record, not this process's cache.
import { Events, type Client, type Guild } from 'discord.js';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../services/settings';

// At start Discord makes every server available one gateway event at a time: those reported
// within this window are written together (one read and one write per 500 servers), not one by
// one; READY, a change and an interaction are written at once.
const BATCH_MS = 500;

export function watchGuildLocales(client: Client, settings: Pick<SettingsService, 'recordPreferredLocales'>, logger: Logger): void {
  // What this process recorded or found recorded: unchanged locales cost no query.
  const known = new Map<string, string>();
  const pending = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  // One write at a time, in the order Discord reported them: two at once could land in the other
  // order, and an older locale would overwrite the newer one that `known` already holds.
  let writing = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const batch = new Map(pending);
    pending.clear();
    writing = writing.then(() =>
      settings.recordPreferredLocales(batch).then(
        () => undefined,
        (err: unknown) => {
          for (const guildId of batch.keys()) known.delete(guildId);
          logger.warn({ err, guilds: batch.size }, 'could not record servers’ preferred locales');
        },
      ),
    );
  };
  /** `gather`: wait a moment for more of the same (the start's flood); otherwise write now. */
  const record = (reported: Array<[string, string | null | undefined]>, gather = false) => {
    for (const [guildId, locale] of reported) {
      if (!locale || known.get(guildId) === locale) continue;
      known.set(guildId, locale);
      pending.set(guildId, locale);
    }
    if (!pending.size) return;
    if (!gather) {
      clearTimeout(timer);
      flush();
    } else if (!timer) timer = setTimeout(flush, BATCH_MS).unref();
  };
  const seen = (guild: Guild) => record([[guild.id, guild.preferredLocale]]);
  client.once(Events.ClientReady, (ready) => record([...ready.guilds.cache.values()].map((g) => [g.id, g.preferredLocale])));
  client.on(Events.GuildAvailable, (guild) => record([[guild.id, guild.preferredLocale]], true));
  client.on(Events.GuildCreate, seen);
  client.on(Events.GuildUpdate, (_old, guild) => seen(guild));
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.guildId) record([[interaction.guildId, interaction.guildLocale]]);
  });
}
