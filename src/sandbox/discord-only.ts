// `npm run sandbox -- --discord-only`: the Discord stand-in alone, for running the bot as its own
// process against it, as in production (in one process, a blocked event loop would stall the
// sandbox too and hide itself). Prints what the bot needs as KEY=value lines.
import { startSandbox } from './server';

export async function runDiscordOnly(port: number): Promise<never> {
  const sandbox = await startSandbox({ port });
  process.stdout.write(
    [`SANDBOX_URL=${sandbox.url}`, `DISCORD_API_URL=${sandbox.apiUrl}`, `DISCORD_TOKEN=${sandbox.token}`, `DISCORD_APPLICATION_ID=${sandbox.applicationId}`, ''].join('\n'),
  );
  const stop = () => void sandbox.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<never>(() => {});
}
