// Restores waiting for a "replace" confirmation: the downloaded files, kept in this process for
// a few minutes under a random token (the button's custom id carries the token; a server's
// interactions reach the process that owns its shard).
import { randomBytes } from 'node:crypto';

const TTL_MS = 10 * 60_000;
const pending = new Map<string, { guildId: string; files: Buffer[]; until: number }>();

export function holdRestore(guildId: string, files: Buffer[], now: number): string {
  for (const [k, v] of pending) if (v.until < now) pending.delete(k);
  const token = randomBytes(9).toString('base64url');
  pending.set(token, { guildId, files, until: now + TTL_MS });
  return token;
}

/** The files held under the token for this server, once; undefined when expired or unknown. */
export function takeRestore(token: string, guildId: string, now: number): Buffer[] | undefined {
  const held = pending.get(token);
  if (!held || held.guildId !== guildId) return undefined;
  pending.delete(token);
  return held.until >= now ? held.files : undefined;
}
