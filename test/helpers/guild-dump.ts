// Everything one server holds, with database ids replaced by each row's rank in its table, so
// two servers' data compare equal when they hold the same things (ids aside).
import type { Db } from '../../src/db/client';

type Row = Record<string, unknown>;
type Loose = Record<string, unknown>;

const without = (row: Row, ...keys: string[]): Row => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));
const blank = (row: Row, keys: string[]): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, keys.includes(k) ? null : v]));

/** Discord channel and role ids: they belong to one server, so a restore elsewhere leaves them out. */
const DISCORD_IDS = ['reminderChannelId', 'coordinatorRoleId', 'pingRoleId', 'channelId'];

export async function guildDump(db: Db, guildId: string, opts: { skipActions?: string[]; withoutDiscordIds?: boolean } = {}) {
  const settings = await db.guildSettings.findUnique({ where: { guildId } });
  const reviews = await db.review.findMany({ where: { guildId }, orderBy: { id: 'asc' } });
  const letters = await db.letter.findMany({ where: { guildId }, orderBy: { id: 'asc' } });
  const interventions = await db.intervention.findMany({ where: { guildId }, orderBy: { id: 'asc' } });
  const recommendations = await db.recommendation.findMany({ where: { guildId }, orderBy: { id: 'asc' }, include: { states: { orderBy: { stateCode: 'asc' } }, themes: { orderBy: { theme: 'asc' } } } });
  const reminders = await db.reminder.findMany({ where: { guildId }, orderBy: { id: 'asc' } });
  const audit = (await db.auditEntry.findMany({ where: { guildId }, orderBy: { id: 'asc' } })).filter((a) => !opts.skipActions?.includes(a.action));
  const rank = (rows: Array<{ id: number }>) => new Map(rows.map((r, i) => [r.id, i + 1]));
  const [rv, lt, au] = [rank(reviews), rank(letters), rank(audit)];
  // A reference to a row that no longer exists (a removed letter's cancelled reminders) is no reference.
  const ref = (map: Map<number, number>, id: number | null) => (id === null ? null : (map.get(id) ?? null));
  const ids = opts.withoutDiscordIds ? DISCORD_IDS : [];
  const dump = {
    settings: settings ? without(settings, 'guildId') : null,
    reviews: reviews.map((r) => without(r, 'id', 'guildId')),
    letters: letters.map((l) => ({ ...without(l, 'id', 'guildId'), reviewId: ref(rv, l.reviewId) })),
    interventions: interventions.map((i) => ({ ...without(i, 'id', 'guildId'), reviewId: ref(rv, i.reviewId) })),
    recommendations: recommendations.map((r) => ({ ...without(r, 'id', 'guildId', 'states', 'themes'), reviewId: ref(rv, r.reviewId), states: r.states.map((s) => s.stateCode), themes: r.themes.map((t) => t.theme) })),
    reminders: reminders.map((m): Loose => ({
      ...without(m, 'id', 'guildId', 'leaseOwner', 'leaseUntil'),
      reviewId: ref(rv, m.reviewId),
      letterId: ref(lt, m.letterId),
      itemKey: m.itemKey.replace(/^(review|letter):(gone-)?(\d+)/, (_w, k: string, gone: string | undefined, id: string) => `${k}:#${gone ? 'gone' : String(ref(k === 'review' ? rv : lt, Number(id)) ?? 'gone')}`),
    })),
    audit: audit.map((a) => ({ ...without(a, 'id', 'guildId', 'restored'), undoOf: ref(au, a.undoOf), undoneById: ref(au, a.undoneById) })),
  };
  return {
    ...dump,
    settings: dump.settings && blank(dump.settings, ids),
    reviews: dump.reviews.map((r) => blank(r, ids)),
    letters: dump.letters.map((r) => blank(r, ids)),
    reminders: dump.reminders.map((r) => blank(r, ids)),
  };
}
