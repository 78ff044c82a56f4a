// What to do with claimed reminder rows, decided right before posting from the items as they
// are now: post (where, what), skip (the event passed, the item is gone or done), fail (no
// channel), or give back (the server paused its reminders after the claim).
import type { Db, Models } from '../db/client';
import { preferredLocales } from '../guild-data/language';
import { postLanguage } from '../i18n';
import { leadFromKey } from '../dates/lead-times';
import { gatherDigest } from './digest';
import { milestoneOf } from './keys';
import { milestoneByKey, milestoneApplies, reviewIsUpcoming } from '../calendar/milestones';
import { renderDigest, renderReminder, type RenderedMessage } from './render';

type Reminder = Models.Reminder;

export type Prepared =
  | { action: 'post'; channelId: string; message: RenderedMessage; late: boolean }
  | { action: 'skip'; reason: string }
  | { action: 'fail'; reason: string }
  | { action: 'release'; reason: string };

/** A reminder "on the day" (due at the event itself) stays useful this long after it. */
export const ON_THE_DAY_GRACE_MS = 12 * 3_600_000;
/** Posted more than this after it was due to run: it is marked late (the bot was down). */
export const DEFAULT_LATE_AFTER_MS = 2 * 60_000;
export const NO_CHANNEL = 'no reminder channel set: use /settings channel';

/** Past this instant a reminder is no longer worth posting: the event has happened. */
export function usefulUntil(row: Pick<Reminder, 'eventAt' | 'dueAt'>): Date {
  return row.eventAt > row.dueAt ? row.eventAt : new Date(row.dueAt.getTime() + ON_THE_DAY_GRACE_MS);
}

/** Whether a post at `now` counts as late (its planned run was missed by more than `lateAfterMs`). */
export const isLate = (row: Pick<Reminder, 'runAt' | 'late'>, now: Date, lateAfterMs: number): boolean =>
  row.late || now.getTime() - row.runAt.getTime() > lateAfterMs;

/**
 * What deciding about claimed rows reads besides the rows: their servers' settings and preferred
 * locales, and the reviews and letters they are about.
 */
export interface PostingContext {
  settings: readonly Models.GuildSettings[];
  locales: ReadonlyMap<string, string>;
  reviews: readonly Models.Review[];
  letters: readonly (Models.Letter & { review: Models.Review })[];
}

/** Reads the context of claimed rows (in parallel: one round trip's wait). */
export async function loadPostingContext(db: Db, rows: readonly Reminder[]): Promise<PostingContext> {
  const guildIds = [...new Set(rows.map((r) => r.guildId))];
  const reviewIds = [...new Set(rows.filter((r) => r.kind !== 'letter' && r.reviewId !== null).map((r) => r.reviewId!))];
  const letterIds = [...new Set(rows.filter((r) => r.letterId !== null).map((r) => r.letterId!))];
  const [settings, locales, reviews, letters] = await Promise.all([
    db.guildSettings.findMany({ where: { guildId: { in: guildIds } } }),
    preferredLocales(db, guildIds),
    reviewIds.length ? db.review.findMany({ where: { id: { in: reviewIds } } }) : Promise.resolve([]),
    letterIds.length ? db.letter.findMany({ where: { id: { in: letterIds } }, include: { review: true } }) : Promise.resolve([]),
  ]);
  return { settings, locales, reviews, letters };
}

export async function prepareReminders(
  db: Db,
  rows: readonly Reminder[],
  now: Date,
  opts: { lateAfterMs?: number; /** Read with the claim already; otherwise read here. */ context?: PostingContext } = {},
): Promise<Map<number, Prepared>> {
  const lateAfterMs = opts.lateAfterMs ?? DEFAULT_LATE_AFTER_MS;
  const { settings: settingsList, locales, reviews, letters } = opts.context ?? (await loadPostingContext(db, rows));
  const settings = new Map(settingsList.map((s) => [s.guildId, s]));
  const reviewById = new Map(reviews.map((r) => [r.id, r]));
  const letterById = new Map(letters.map((l) => [l.id, l]));

  const out = new Map<number, Prepared>();
  for (const row of rows) {
    const s = settings.get(row.guildId);
    if (s?.paused) {
      out.set(row.id, { action: 'release', reason: 'reminders are paused in this server' });
      continue;
    }
    if (now >= usefulUntil(row)) {
      out.set(row.id, { action: 'skip', reason: 'the event had already passed when the bot could post it' });
      continue;
    }
    const late = isLate(row, now, lateAfterMs);
    const pingRoleId = s?.pingRoleId ?? null;
    let message: RenderedMessage | undefined;
    let skip: string | undefined;
    const lead = leadFromKey(row.leadKey);
    const lang = postLanguage(settings.get(row.guildId)?.language, locales.get(row.guildId));
    const common = { lead, late, dueAt: row.dueAt, pingRoleId, lang };
    switch (row.kind) {
      case 'review': {
        const r = row.reviewId !== null ? reviewById.get(row.reviewId) : undefined;
        if (!r || r.guildId !== row.guildId) skip = 'the review was removed';
        else if (!reviewIsUpcoming(r.status)) skip = `the review is ${r.status.replace('_', ' ')}`;
        else if (!r.reviewAt) skip = 'the review has no date';
        else message = renderReminder({ kind: 'review', review: { ...r, reviewAt: r.reviewAt } }, common);
        break;
      }
      case 'milestone': {
        const r = row.reviewId !== null ? reviewById.get(row.reviewId) : undefined;
        const m = milestoneByKey(milestoneOf(row.itemKey) ?? '');
        const at = r && m ? r[m.field] : null;
        if (!r || r.guildId !== row.guildId) skip = 'the review was removed';
        else if (!m || !at) skip = 'the milestone has no date';
        else if (!milestoneApplies(m, r.status)) skip = `the review is ${r.status.replace('_', ' ')}`;
        else message = renderReminder({ kind: 'milestone', milestone: m, at, review: r }, common);
        break;
      }
      case 'letter': {
        const l = row.letterId !== null ? letterById.get(row.letterId) : undefined;
        if (!l || l.guildId !== row.guildId) skip = 'the letter was removed';
        else if (l.status !== 'planned') skip = `the letter is ${l.status}`;
        else message = renderReminder({ kind: 'letter', letter: l, review: l.review }, common);
        break;
      }
      case 'digest': {
        const content = await gatherDigest(db, row.guildId, now);
        message = renderDigest(content, { late, dueAt: row.dueAt, pingRoleId, lang });
        break;
      }
      default:
        skip = `unknown reminder kind "${row.kind}"`;
    }
    if (skip !== undefined || !message) {
      out.set(row.id, { action: 'skip', reason: skip ?? 'nothing to post' });
      continue;
    }
    const channelId = row.channelId ?? s?.reminderChannelId ?? null;
    if (!channelId) {
      out.set(row.id, { action: 'fail', reason: NO_CHANNEL });
      continue;
    }
    out.set(row.id, { action: 'post', channelId, message, late });
  }
  return out;
}
