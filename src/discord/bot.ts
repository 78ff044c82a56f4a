// The discord.js client: Guilds intent only (slash commands need no privileged intents), REST
// pointed at DISCORD_API_URL when set (the local sandbox, a proxy), interactions routed to the
// command modules.
import { Client, Events, GatewayIntentBits, Options, type Interaction } from 'discord.js';
import type { Clock } from '../clock';
import type { Config } from '../config/env';
import type { Logger } from '../logging/logger';
import type { CommandObserver } from '../observability/events';
import type { Services } from '../services';
import type { CommandModule } from './framework';
import { watchGuildLocales } from './guild-locale';
import { watchGuildPresence } from './guild-presence';
import { createRouter, type RouterDeps } from './router';

export interface Bot {
  client: Client;
  /** Logs in and resolves once the client is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createBot(deps: {
  config: Pick<Config, 'discordToken' | 'discordApiUrl' | 'discordGlobalRps'>;
  /** The slash commands to serve, handed in by the composition root. */
  commands: readonly CommandModule[];
  services: Services;
  clock: Clock;
  logger: Logger;
  fetchFile?: RouterDeps['fetchFile'];
  observer?: CommandObserver;
}): Bot {
  const { config, logger } = deps;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      globalRequestsPerSecond: config.discordGlobalRps,
      // Every interaction's token gets a request handler of its own; idle ones are dropped each
      // minute instead of each hour, so they do not pile up under a stream of commands.
      handlerSweepInterval: 60_000,
      ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}),
    },
    allowedMentions: { parse: [] },
    // The bot reads interactions (which carry the member and its permissions) and posts by channel
    // id: it needs guilds, channels and roles cached, not members, users, messages or emojis. With
    // thousands of servers this is most of the client's memory.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      VoiceStateManager: 0,
      ThreadManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
    }),
  });
  const router = createRouter({ commands: deps.commands, services: deps.services, clock: deps.clock, logger, fetchFile: deps.fetchFile, observer: deps.observer });
  const pending = new Set<Promise<void>>();
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    const p = router.handle(interaction).finally(() => pending.delete(p));
    pending.add(p);
  });
  watchGuildPresence(client, deps.services.retention, logger);
  watchGuildLocales(client, deps.services.settings, logger);
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));

  return {
    client,
    async start() {
      const ready = new Promise<void>((resolve, reject) => {
        client.once(Events.ClientReady, () => resolve());
        client.once(Events.Error, reject);
      });
      await client.login(config.discordToken);
      await ready;
      logger.info({ user: client.user?.tag }, 'discord client ready');
    },
    async stop() {
      // Let interactions in flight finish (bounded), then close the gateway.
      await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 5_000).unref())]);
      await client.destroy();
    },
  };
}
