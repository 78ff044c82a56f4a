// Deletes everything the bot holds about one server, in one transaction the caller gives.
import type { Db } from '../db/client';
import { msg, type Message } from '../domain-error';
import type { Tx } from '../audit/unit';

export interface PurgeCounts {
  settings: number;
  reviews: number;
  letters: number;
  interventions: number;
  recommendations: number;
  reminders: number;
  auditEntries: number;
}

export async function purgeGuild(tx: Tx | Db, guildId: string): Promise<PurgeCounts> {
  // Children first, so nothing depends on the database's cascades.
  await tx.recommendationState.deleteMany({ where: { recommendation: { guildId } } });
  await tx.recommendationTheme.deleteMany({ where: { recommendation: { guildId } } });
  const recommendations = await tx.recommendation.deleteMany({ where: { guildId } });
  const interventions = await tx.intervention.deleteMany({ where: { guildId } });
  const letters = await tx.letter.deleteMany({ where: { guildId } });
  const reviews = await tx.review.deleteMany({ where: { guildId } });
  const reminders = await tx.reminder.deleteMany({ where: { guildId } });
  const auditEntries = await tx.auditEntry.deleteMany({ where: { guildId } });
  const settings = await tx.guildSettings.deleteMany({ where: { guildId } });
  // What only this deployment holds for the server (LOCAL_TABLES): purged, never exported.
  await tx.calendarFeed.deleteMany({ where: { guildId } });
  await tx.discordEventsSync.deleteMany({ where: { guildId } });
  await tx.scheduledEventLink.deleteMany({ where: { guildId } });
  await tx.follow.deleteMany({ where: { guildId } });
  await tx.followPause.deleteMany({ where: { guildId } });
  await tx.followNotice.deleteMany({ where: { guildId } });
  return {
    settings: settings.count,
    reviews: reviews.count,
    letters: letters.count,
    interventions: interventions.count,
    recommendations: recommendations.count,
    reminders: reminders.count,
    auditEntries: auditEntries.count,
  };
}

/** How much the server holds (what a purge or a replace would delete). */
export async function guildCounts(db: Tx | Db, guildId: string): Promise<PurgeCounts> {
  const [settings, reviews, letters, interventions, recommendations, reminders, auditEntries] = await Promise.all([
    db.guildSettings.count({ where: { guildId } }),
    db.review.count({ where: { guildId } }),
    db.letter.count({ where: { guildId } }),
    db.intervention.count({ where: { guildId } }),
    db.recommendation.count({ where: { guildId } }),
    db.reminder.count({ where: { guildId } }),
    db.auditEntry.count({ where: { guildId } }),
  ]);
  return { settings, reviews, letters, interventions, recommendations, reminders, auditEntries };
}

export const isEmpty = (c: PurgeCounts): boolean => Object.values(c).every((n) => n === 0);

/** "3 reviews, 2 letters and the settings" (or "nothing"), as a catalog message. */
export function describeGuildCounts(c: PurgeCounts): Message {
  const parts = [
    ['reviews', c.reviews],
    ['letters', c.letters],
    ['interventions', c.interventions],
    ['recommendations', c.recommendations],
    ['reminders', c.reminders],
    ['auditEntries', c.auditEntries],
  ] as const;
  const items = parts.filter(([, n]) => n).map(([what, n]) => msg(`data:counts.${what}`, { count: n }));
  if (c.settings) items.push(msg('data:counts.settings'));
  return items.length ? msg('data:counts.list', { items }) : msg('data:counts.nothing');
}
