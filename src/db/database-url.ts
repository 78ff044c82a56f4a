// Which engine a DATABASE_URL selects. SQLite is the embedded default; PostgreSQL serves
// deployments with several bot processes or machines.
import { isAbsolute, resolve } from 'node:path';

export type DatabaseTarget =
  | { provider: 'sqlite'; url: string; file: string }
  | { provider: 'postgresql'; url: string };

export const DEFAULT_DATABASE_URL = 'file:./data/upr-bot.db';

export class DatabaseUrlError extends Error {}

/** Parses DATABASE_URL; relative SQLite paths are taken from the working directory. */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { provider: 'postgresql', url: trimmed };
  const sqlite = /^(?:file|sqlite):(?:\/\/)?(.+)$/i.exec(trimmed);
  if (sqlite?.[1]) {
    const path = sqlite[1].split('?')[0]!;
    return { provider: 'sqlite', url: trimmed, file: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  throw new DatabaseUrlError(
    `expected a SQLite URL such as "file:./data/upr-bot.db" or a PostgreSQL URL such as "postgresql://user:pass@host:5432/db", got "${redactUrl(trimmed)}"`,
  );
}

/** A URL safe to print: the password is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
