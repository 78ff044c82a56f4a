// What `/reminders list|test|pause|resume` calls: what will be posted, when and where; whether
// posting works in the configured channel; and a switch for the whole server.
import type { Clock } from '../clock';
import type { Db, Models } from '../db/client';
import { leadFromKey, type LeadTime } from '../dates/lead-times';
import { msg, type Message, type Text } from '../domain-error';
import type { Logger } from '../logging/logger';
import { type MessagePoster, PERMANENT_CODES, type PostError, toPostError } from '../posting/poster';
import { postLanguageOf } from '../guild-data/language';
import { milestoneOf, splitLeadKey } from './keys';
import { milestoneByKey } from '../calendar/milestones';
import { NO_CHANNEL } from './prepare';
import { renderTestMessage } from './render';

export interface ReminderListItem {
  id: number;
  kind: string;
  /** "Review of Belarus (WG 50), 8 weeks before", to translate for the reader. */
  itemLabel: Text;
  dueAt: Date;
  /** Where it goes (the item's channel, else the server's); null: nowhere yet. */
  channelId: string | null;
  /** pending, claimed (being posted), failed */
  status: string;
  /** Why it failed, or why its last attempt failed (it will be retried): the bot's own reasons as catalog messages, Discord's as stored. */
  lastError: Text | null;
  /** Pending past its due instant (it will be posted late), or failed/posted late. */
  late: boolean;
}

export interface TestResult {
  ok: boolean;
  channelId: string | null;
  /** What went wrong, in words for coordinators. */
  problem?: Text;
  messageId?: string;
  /** The test worked, but reminders are paused in this server (/reminders resume). */
  paused?: boolean;
}

/** Failed reminders of this many days are listed. */
const RECENT_FAILURES_MS = 30 * 24 * 3_600_000;

export class RemindersAdmin {
  constructor(readonly deps: { db: Db; clock: Clock; poster: MessagePoster; logger?: Logger }) {}

  /** Recent failures first (they need someone to act), then what is coming, soonest first. */
  async list(guildId: string, opts: { limit?: number } = {}): Promise<ReminderListItem[]> {
    const { db, clock } = this.deps;
    const limit = Math.max(1, Math.min(opts.limit ?? 25, 200));
    const now = clock.now();
    const [settings, failures, upcoming] = await Promise.all([
      db.guildSettings.findUnique({ where: { guildId } }),
      db.reminder.findMany({
        where: { guildId, status: 'failed', updatedAt: { gte: new Date(now.getTime() - RECENT_FAILURES_MS) } },
        orderBy: { updatedAt: 'desc' },
        take: Math.min(10, limit),
      }),
      db.reminder.findMany({
        where: { guildId, status: { in: ['pending', 'claimed'] } },
        orderBy: [{ runAt: 'asc' }, { id: 'asc' }],
        take: limit,
      }),
    ]);
    const rows = [...failures, ...upcoming].slice(0, limit);
    const labels = await this.labels(guildId, rows);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      itemLabel: labels.get(r.id) ?? r.itemKey,
      dueAt: r.dueAt,
      channelId: r.channelId ?? settings?.reminderChannelId ?? null,
      status: r.status,
      lastError: r.lastError ? reasonText(r.lastError) : r.status === 'pending' && !(r.channelId ?? settings?.reminderChannelId) ? msg('reminders:problem.noChannel') : null,
      late: r.late || (r.status !== 'failed' && r.dueAt.getTime() < now.getTime()),
    }));
  }

  private async labels(guildId: string, rows: Models.Reminder[]): Promise<Map<number, Text>> {
    const { db } = this.deps;
    const reviewIds = [...new Set(rows.map((r) => r.reviewId).filter((id): id is number => id !== null))];
    const letterIds = [...new Set(rows.map((r) => r.letterId).filter((id): id is number => id !== null))];
    const [reviews, letters] = await Promise.all([
      reviewIds.length ? db.review.findMany({ where: { guildId, id: { in: reviewIds } }, select: { id: true, stateCode: true, session: true } }) : [],
      letterIds.length ? db.letter.findMany({ where: { guildId, id: { in: letterIds } }, select: { id: true, stateCode: true, recipient: true } }) : [],
    ]);
    const review = new Map(reviews.map((r) => [r.id, msg('reminders:item.reviewRef', { code: r.stateCode, session: r.session })]));
    const letter = new Map(letters.map((l) => [l.id, l]));
    const out = new Map<number, Text>();
    for (const r of rows) {
      const leadTime = leadFromKey(r.leadKey);
      // The lead ("8 weeks before") is a value of the label, so each kind has a form with it and one without.
      const lead = leadTime ? leadMessage(leadTime) : undefined;
      const suffix = lead ? 'Lead' : '';
      const rev = r.reviewId !== null ? (review.get(r.reviewId) ?? msg('reminders:item.removedReview')) : msg('reminders:item.someReview');
      switch (r.kind) {
        case 'review':
          out.set(r.id, msg(`reminders:item.review${suffix}`, { review: rev, lead }));
          break;
        case 'milestone': {
          const m = milestoneByKey(milestoneOf(r.itemKey) ?? '');
          const milestone = msg(m ? `common:milestone.${m.key}.labelStart` : 'reminders:item.someMilestone');
          out.set(r.id, msg(`reminders:item.milestone${suffix}`, { milestone, review: rev, lead }));
          break;
        }
        case 'letter': {
          const l = r.letterId !== null ? letter.get(r.letterId) : undefined;
          const to = !l ? msg('reminders:item.removedLetter') : l.recipient ? msg('reminders:item.letterToRecipient', { code: l.stateCode, recipient: l.recipient }) : msg('reminders:item.letterTo', { code: l.stateCode });
          out.set(r.id, msg(`reminders:item.letter${suffix}`, { to, review: rev, lead }));
          break;
        }
        case 'digest':
          out.set(r.id, msg('reminders:item.digest', { week: splitLeadKey(r.leadKey).base }));
          break;
        default:
          out.set(r.id, r.itemKey);
      }
    }
    return out;
  }

  /** Posts a test message to the server's reminder channel and says whether it worked. */
  async sendTest(guildId: string): Promise<TestResult> {
    const { db, clock, poster } = this.deps;
    const settings = await db.guildSettings.findUnique({ where: { guildId } });
    const channelId = settings?.reminderChannelId ?? null;
    if (!channelId) return { ok: false, channelId: null, problem: msg('reminders:problem.noChannel') };
    const now = clock.now();
    // Unique per test: a test is never retried by the scheduler, and must not be de-duplicated.
    const nonce = `t${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`.slice(0, 25);
    try {
      const { messageId } = await poster.post(channelId, { ...renderTestMessage(now, await postLanguageOf(db, guildId)), nonce });
      return { ok: true, channelId, messageId, paused: settings?.paused ?? false };
    } catch (err) {
      const error = toPostError(err);
      this.deps.logger?.info({ guildId, channelId, code: error.code, status: error.status }, 'reminders test post failed');
      return {
        ok: false,
        channelId,
        problem: error.permanent ? postProblem(error) : msg('reminders:problem.temporary', { problem: postProblem(error) }),
      };
    }
  }

  async pause(guildId: string): Promise<void> {
    await this.deps.db.guildSettings.upsert({ where: { guildId }, create: { guildId, paused: true }, update: { paused: true } });
  }

  /** Reminders that came due while paused are posted now, marked late (or skipped if their event passed). */
  async resume(guildId: string): Promise<void> {
    await this.deps.db.guildSettings.upsert({ where: { guildId }, create: { guildId, paused: false }, update: { paused: false } });
  }
}

/** "8 weeks before", "on the day". */
function leadMessage(lead: LeadTime): Message {
  return lead.amount === 0 ? msg('reminders:lead.onTheDay') : msg(`reminders:lead.${lead.unit}`, { count: lead.amount });
}

/** Discord's refusals the bot knows, in the reader's words; anything else as Discord said it. */
function postProblem(error: PostError): Text {
  return error.code !== undefined && PERMANENT_CODES.has(error.code) ? msg(`reminders:problem.discord${error.code}`) : error.message;
}

/** A stored failure reason: the bot's own reasons (stored in English) in the reader's words; others as stored. */
export function reasonText(reason: string): Text {
  if (reason === NO_CHANNEL) return msg('reminders:problem.noChannel');
  for (const [code, text] of PERMANENT_CODES) if (reason === text) return msg(`reminders:problem.discord${code}`);
  const known = STORED_REASONS[reason];
  if (known) return msg(`reminders:problem.${known}`);
  const gaveUp = /^gave up after (\d+) attempts: (.*)$/s.exec(reason);
  if (gaveUp) return msg('reminders:problem.gaveUp', { count: Number(gaveUp[1]), problem: reasonText(gaveUp[2]!) });
  const review = /^the review is (.+)$/.exec(reason);
  if (review) return msg('reminders:problem.reviewIs', { status: msg(`common:status.${review[1]!.replace(' ', '_')}`) });
  const letter = /^the letter is (sent|cancelled)$/.exec(reason);
  if (letter) return msg(`reminders:problem.letter${letter[1] === 'sent' ? 'Sent' : 'Cancelled'}`);
  // Discord's own words (a 5xx, a network error) are shown as they came.
  return reason;
}

// The reasons src/reminders/prepare.ts stores, word for word.
const STORED_REASONS: Record<string, string> = {
  'reminders are paused in this server': 'paused',
  'the event had already passed when the bot could post it': 'passed',
  'the review was removed': 'reviewRemoved',
  'the review has no date': 'reviewNoDate',
  'the milestone has no date': 'milestoneNoDate',
  'the letter was removed': 'letterRemoved',
  'nothing to post': 'nothing',
};
