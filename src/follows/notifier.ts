// Direct messages to members who follow a state: before its reviews (the server's review lead
// times) and when interventions are recorded in a review where it is under review or took the
// floor. Each DM is claimed first by a unique row (guild, user, key), so it goes out once even
// with several processes; a failed send gives the claim back, except for closed DMs (50007),
// which pause the member's follows in that server instead of retrying forever. DMs are written in
// the server's language, like its posts: the bot knows a member's own locale only while they use it.
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { DEFAULT_REVIEW_LEAD_TIMES, dueInstant, leadTimesOrDefault } from '../dates/lead-times';
import { discordTimestamp } from '../dates/format';
import { postLanguages } from '../guild-data/language';
import { translator, type T } from '../i18n';
import type { Logger } from '../logging/logger';

const CANNOT_DM = 50007;

export interface NotifierResult {
  sent: number;
  paused: number;
}

type Rest = Pick<REST, 'post'>;

export class FollowNotifier {
  constructor(private readonly deps: { db: Db; rest: () => Rest; clock: Clock; logger: Logger; defaultTimezone: string }) {}

  /** One pass over every follow that is not paused. */
  async run(): Promise<NotifierResult> {
    const { db } = this.deps;
    const now = this.deps.clock.now();
    const result: NotifierResult = { sent: 0, paused: 0 };
    const pauses = await db.followPause.findMany({ select: { guildId: true, userId: true } });
    const paused = new Set(pauses.map((p) => `${p.guildId}:${p.userId}`));
    const follows = (await db.follow.findMany({ orderBy: { id: 'asc' } })).filter((f) => !paused.has(`${f.guildId}:${f.userId}`));
    const languages = await postLanguages(db, follows.map((f) => f.guildId));
    for (const f of follows) {
      if (paused.has(`${f.guildId}:${f.userId}`)) continue;
      for (const dm of await this.due(f, now, translator(languages.get(f.guildId) ?? 'en'))) {
        const outcome = await this.send(f.guildId, f.userId, dm.key, dm.text);
        if (outcome === 'sent') result.sent++;
        if (outcome === 'closed') {
          paused.add(`${f.guildId}:${f.userId}`);
          result.paused++;
          break;
        }
      }
    }
    return result;
  }

  private async due(f: { guildId: string; userId: string; stateCode: string; role: string; createdAt: Date }, now: Date, t: T): Promise<{ key: string; text: string }[]> {
    const { db } = this.deps;
    const out: { key: string; text: string }[] = [];
    if (f.role !== 'recommending') {
      const settings = await db.guildSettings.findUnique({ where: { guildId: f.guildId } });
      const zone = settings?.timezone ?? this.deps.defaultTimezone;
      const leads = leadTimesOrDefault(settings?.reviewLeadTimes, DEFAULT_REVIEW_LEAD_TIMES);
      const reviews = await db.review.findMany({ where: { guildId: f.guildId, stateCode: f.stateCode, status: { in: ['scheduled', 'rescheduled'] }, reviewAt: { gt: now } } });
      for (const r of reviews) {
        // Only the nearest lead time already reached: following late does not send the older ones.
        const reached = leads.filter((l) => dueInstant(r.reviewAt!, l, zone) <= now);
        const lead = reached[reached.length - 1];
        if (!lead) continue;
        out.push({
          key: `review:${r.id}:${lead.key}`,
          text: t('posts:follow.review', {
            code: f.stateCode,
            session: r.session,
            relative: discordTimestamp(r.reviewAt!, 'R'),
            when: discordTimestamp(r.reviewAt!, r.reviewTimeKnown ? 'F' : 'D'),
            id: r.id,
          }),
        });
      }
    }
    const interventions = await db.intervention.findMany({
      where: {
        guildId: f.guildId,
        createdAt: { gt: f.createdAt },
        OR: [
          ...(f.role !== 'recommending' ? [{ review: { stateCode: f.stateCode } }] : []),
          ...(f.role !== 'under-review' ? [{ stateCode: f.stateCode }] : []),
        ],
      },
      include: { review: { select: { id: true, stateCode: true, session: true } } },
    });
    const byReview = new Map<number, { review: { id: number; stateCode: string; session: number }; states: string[] }>();
    for (const i of interventions) {
      const entry = byReview.get(i.reviewId) ?? { review: i.review, states: [] };
      entry.states.push(i.stateCode);
      byReview.set(i.reviewId, entry);
    }
    for (const { review, states } of byReview.values()) {
      const spoke = states.includes(f.stateCode) && review.stateCode !== f.stateCode;
      const about = { reviewed: review.stateCode, session: review.session, code: f.stateCode };
      out.push({
        key: `interventions:${review.id}:${f.stateCode}`,
        text: spoke ? t('posts:follow.spoke', about) : t('posts:follow.recorded', { ...about, count: states.length }),
      });
    }
    return out;
  }

  private async send(guildId: string, userId: string, key: string, text: string): Promise<'sent' | 'already' | 'closed' | 'failed'> {
    const { db } = this.deps;
    try {
      await db.followNotice.create({ data: { guildId, userId, key } });
    } catch {
      return 'already';
    }
    try {
      const rest = this.deps.rest();
      const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      await rest.post(Routes.channelMessages(channel.id), { body: { content: text, allowed_mentions: { parse: [] } } });
      return 'sent';
    } catch (err) {
      await db.followNotice.deleteMany({ where: { guildId, userId, key } });
      if (err instanceof DiscordAPIError && err.code === CANNOT_DM) {
        await db.followPause.upsert({ where: { guildId_userId: { guildId, userId } }, create: { guildId, userId }, update: {} });
        return 'closed';
      }
      this.deps.logger.warn({ err, guildId, key }, 'follow DM not sent; it will be tried again');
      return 'failed';
    }
  }
}
