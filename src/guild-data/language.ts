// The language a server's posts are written in, read where they are made (the scheduler, the
// follow notifier, the events sync, the calendar feed), and the record of each server's preferred
// locale those readers fall back on. Any process may post for any server (every shard runs the
// scheduler; the feed answers over HTTP), so the locale is read from the database, not from a
// gateway cache that holds only this process's servers.
import type { Db } from '../db/client';
import { postLanguage, type Lang } from '../i18n';

/** Each server's post language, for the servers asked (one query per table, in turn: callers may be inside a change's transaction). */
export async function postLanguages(db: Db, guildIds: readonly string[]): Promise<Map<string, Lang>> {
  const ids = [...new Set(guildIds)];
  if (!ids.length) return new Map();
  const settings = await db.guildSettings.findMany({ where: { guildId: { in: ids } }, select: { guildId: true, language: true } });
  const locale = await preferredLocales(db, ids);
  const setting = new Map(settings.map((s) => [s.guildId, s.language]));
  return new Map(ids.map((id) => [id, postLanguage(setting.get(id), locale.get(id))]));
}

/** The preferred locales Discord last reported for these servers (those the bot has seen). */
export async function preferredLocales(db: Db, guildIds: readonly string[]): Promise<Map<string, string>> {
  if (!guildIds.length) return new Map();
  const rows = await db.guildLocale.findMany({ where: { guildId: { in: [...guildIds] } }, select: { guildId: true, locale: true } });
  return new Map(rows.map((l) => [l.guildId, l.locale]));
}

/** One server's post language. */
export async function postLanguageOf(db: Db, guildId: string): Promise<Lang> {
  return (await postLanguages(db, [guildId])).get(guildId)!;
}

/** The preferred locale Discord last reported for a server, if the bot has seen it. */
export async function preferredLocaleOf(db: Db, guildId: string): Promise<string | null> {
  return (await db.guildLocale.findUnique({ where: { guildId }, select: { locale: true } }))?.locale ?? null;
}

/** Chunks that stay well within both engines' limits on bound parameters. */
const CHUNK = 500;

/**
 * Records what Discord reports as servers' preferred locales, writing only what differs from the
 * record (a start with thousands of servers reads them and writes nothing when none changed).
 */
export async function recordPreferredLocales(db: Db, reported: ReadonlyMap<string, string>): Promise<number> {
  let written = 0;
  const entries = [...reported];
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    const known = await db.guildLocale.findMany({ where: { guildId: { in: chunk.map(([id]) => id) } } });
    const was = new Map(known.map((k) => [k.guildId, k.locale]));
    const fresh = chunk.filter(([id]) => !was.has(id)).map(([guildId, locale]) => ({ guildId, locale }));
    const changed = chunk.filter(([id, locale]) => was.has(id) && was.get(id) !== locale);
    try {
      if (fresh.length) written += (await db.guildLocale.createMany({ data: fresh })).count;
    } catch {
      // Recorded meanwhile (by an interaction of the same server): row by row.
      changed.push(...fresh.map((f) => [f.guildId, f.locale] as [string, string]));
    }
    for (const [guildId, locale] of changed) {
      await db.guildLocale.upsert({ where: { guildId }, create: { guildId, locale }, update: { locale } });
      written++;
    }
  }
  return written;
}
