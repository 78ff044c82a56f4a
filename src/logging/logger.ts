// Structured logs (JSON lines) through pino. Never log the bot token: it is redacted wherever it
// could appear.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info', bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { pid: process.pid, ...bindings },
    redact: { paths: ['token', 'discordToken', '*.token', '*.discordToken', 'headers.authorization', 'config.discordToken'], censor: '[redacted]' },
  });
}

/** For tests and library use: a logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
