// `npm run deploy-commands`: registers the slash commands in GUILD_ID (instantly) or globally,
// sending them only when they differ from what Discord already has.
import { REST } from 'discord.js';
import { ConfigError, loadDotenv, readConfig } from '../config/env';
import { commandDefinitions } from '../discord/commands';
import { deployCommands } from '../discord/deploy-commands';

loadDotenv();
try {
  const config = readConfig(process.env);
  const rest = new REST({ version: '10', ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}) }).setToken(config.discordToken);
  const definitions = commandDefinitions();
  const where = config.guildId ? `guild ${config.guildId}` : 'globally (may take up to an hour to appear)';
  const sent = await deployCommands({ rest, applicationId: config.applicationId, guildId: config.guildId, definitions });
  console.log(sent ? `Registered ${definitions.length} commands ${where}.` : `Commands ${where} are already up to date; nothing sent.`);
  process.exit(0);
} catch (err) {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else console.error(`deploy-commands failed: ${(err as Error).message ?? String(err)}`);
  process.exit(1);
}
