// Process entry: `npm run deploy-commands`. Registers the bot's slash commands in the guild named
// by GUILD_ID (instantly) or globally, sending them only when they changed.
import { REST } from 'discord.js';
import { commandDefinitions } from '../commands';
import { ConfigError, loadDotenv, readConfig } from './config/env';
import { deployCommands } from './discord/deploy-commands';

async function main(): Promise<void> {
  loadDotenv();
  let config;
  try {
    config = readConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const rest = new REST({ version: '10', ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}) }).setToken(config.discordToken);
  const definitions = commandDefinitions();
  const where = config.guildId ? `guild ${config.guildId}` : 'globally (may take up to an hour to appear)';
  const sent = await deployCommands({ rest, applicationId: config.applicationId, guildId: config.guildId, definitions });
  console.log(sent ? `Registered ${definitions.length} commands ${where}.` : `Commands ${where} are already up to date; nothing sent.`);
}

main().catch((err: unknown) => {
  const e = err as { message?: string };
  console.error(`deploy-commands failed: ${e.message ?? String(err)}`);
  process.exit(1);
});
