// Plans reminder rows from items and lead times. Every method is idempotent: it reads the item and
// the server's settings, computes the rows that should exist and brings the table in line.
//
// Rules (per item and lead time; rows are unique by (guildId, itemKey, leadKey)):
// - A pending row whose due instant changed is moved (its retries start over); a pending row that
//   is no longer wanted (lead removed, item removed / sent / cancelled / postponed) is cancelled.
// - Posted, failed and skipped rows are history and never changed. When the item was rescheduled
//   after a lead was already done for the old date, that lead gets a new round ("8w#2").
// - Claimed rows are being posted by a scheduler right now and are left alone (the scheduler
//   checks the item again before it posts).
// - Leads whose due instant is already past when planning are not created when a later lead of
//   the same item is still ahead (a letter added 3 days before its deadline gets its 1d and 0d
//   reminders, not the 1w one). When every lead is past but the event is still ahead, the lead
//   nearest the event is planned due now (a review added 10 hours ahead gets its 1d reminder at
//   once), so nobody learns of an event without any reminder.
// - A pending row already past due whose due instant did not change is kept: it came due while
//   no scheduler ran, and the scheduler posts it late (or skips it once the event has passed).
// - Rows of an event that has already happened are left as they are (the scheduler skips them).
import type { Clock } from '../clock';
import type { Db, Models } from '../db/client';
import {
  DEFAULT_LETTER_LEADS,
  DEFAULT_REVIEW_LEADS,
  dueInstant,
  leadTimesOrDefault,
  parseLeadTimes,
  type LeadTime,
} from '../dates/lead-times';
import { IANAZone } from 'luxon';
import type { Logger } from '../logging/logger';
import { planDigest } from './digest';
import { letterKey, milestoneKey, reviewKey, roundLeadKey, splitLeadKey, type ReminderKind } from './keys';
import { MILESTONES as REMINDER_MILESTONES, milestoneApplies, reviewIsUpcoming } from '../calendar/milestones';

type Reminder = Models.Reminder;

export interface PlannerDeps {
  db: Db;
  clock: Clock;
  defaultTimezone: string;
  logger?: Logger;
}

/** One item's wanted reminders: one row per lead time before `eventAt`. */
interface PlannedItem {
  kind: ReminderKind;
  itemKey: string;
  reviewId: number | null;
  letterId: number | null;
  eventAt: Date;
  channelId: string | null;
  leads: LeadTime[];
}

interface GuildContext {
  zone: string;
  settings: Models.GuildSettings | null;
}

/** What a sync changed (for tests and logs). */
export interface PlanResult {
  created: number;
  moved: number;
  cancelled: number;
  revived: number;
}

const same = (a: Date | null | undefined, b: Date | null | undefined) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const HISTORY = new Set(['posted', 'failed', 'skipped']);

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

export class ReminderPlanner {
  constructor(readonly deps: PlannerDeps) {}

  /** The server's zone and lead times. */
  private async guild(guildId: string): Promise<GuildContext> {
    const settings = await this.deps.db.guildSettings.findUnique({ where: { guildId } });
    const configured = settings?.timezone;
    const zone = configured && IANAZone.isValidZone(configured) ? configured : this.deps.defaultTimezone;
    return { zone, settings };
  }

  async replanReview(guildId: string, reviewId: number): Promise<void> {
    await this.retryOnRace(() => this.planReview(guildId, reviewId));
  }

  async replanLetter(guildId: string, letterId: number): Promise<void> {
    await this.retryOnRace(() => this.planLetter(guildId, letterId));
  }

  /** Cancels the pending reminders of a removed item (a review's include its milestones and letters). */
  async cancelItem(guildId: string, kind: 'review' | 'letter', id: number): Promise<void> {
    await this.deps.db.reminder.updateMany({
      where: { guildId, status: 'pending', ...(kind === 'review' ? { reviewId: id } : { letterId: id }) },
      data: { status: 'cancelled', leaseOwner: null, leaseUntil: null },
    });
  }

  /** Re-plans every review, letter and the digest of a server (after its settings changed). */
  async replanGuild(guildId: string): Promise<void> {
    await this.replanGuildCounted(guildId);
  }

  /** replanGuild, saying what changed. */
  async replanGuildCounted(guildId: string): Promise<PlanResult> {
    const total: PlanResult = { created: 0, moved: 0, cancelled: 0, revived: 0 };
    const add = (r: PlanResult) => {
      total.created += r.created;
      total.moved += r.moved;
      total.cancelled += r.cancelled;
      total.revived += r.revived;
    };
    const { db } = this.deps;
    const guild = await this.guild(guildId);
    const reviews = await db.review.findMany({ where: { guildId }, select: { id: true } });
    for (const r of reviews) add(await this.retryOnRace(() => this.planReview(guildId, r.id, guild)));
    const letters = await db.letter.findMany({ where: { guildId }, select: { id: true } });
    for (const l of letters) add(await this.retryOnRace(() => this.planLetter(guildId, l.id, guild)));
    // Rows of items that no longer exist (removed while a planner call failed).
    const orphans = await db.reminder.updateMany({
      where: {
        guildId,
        status: 'pending',
        OR: [
          { kind: { in: ['review', 'milestone'] }, reviewId: { notIn: reviews.map((r) => r.id) } },
          { kind: 'letter', letterId: { notIn: letters.map((l) => l.id) } },
        ],
      },
      data: { status: 'cancelled' },
    });
    total.cancelled += orphans.count;
    await this.planDigest(guildId);
    return total;
  }

  /** Plans the server's next weekly digest (or cancels it when the digest is off). */
  async planDigest(guildId: string): Promise<void> {
    const { zone, settings } = await this.guild(guildId);
    await this.retryOnRace(async () => {
      await planDigest(this.deps.db, guildId, settings, zone, this.deps.clock.now());
      return { created: 0, moved: 0, cancelled: 0, revived: 0 };
    });
  }

  /** Plans the digest of every server that has one (at scheduler start and now and then). */
  async planAllDigests(): Promise<void> {
    const guilds = await this.deps.db.guildSettings.findMany({
      where: { digestWeekday: { not: null }, digestHour: { not: null } },
      select: { guildId: true },
    });
    for (const g of guilds) await this.planDigest(g.guildId);
  }

  private async planReview(guildId: string, reviewId: number, known?: GuildContext): Promise<PlanResult> {
    const { db } = this.deps;
    const review = await db.review.findFirst({ where: { id: reviewId, guildId } });
    const scope = { reviewId, kind: { in: ['review', 'milestone'] } };
    if (!review) {
      await this.cancelItem(guildId, 'review', reviewId);
      return { created: 0, moved: 0, cancelled: 0, revived: 0 };
    }
    const { zone, settings } = known ?? (await this.guild(guildId));
    const items: PlannedItem[] = [];
    if (review.reviewAt && reviewIsUpcoming(review.status)) {
      items.push({
        kind: 'review',
        itemKey: reviewKey(review.id),
        reviewId: review.id,
        letterId: null,
        eventAt: review.reviewAt,
        channelId: review.channelId,
        leads: leadTimesOrDefault(settings?.reviewLeadTimes, DEFAULT_REVIEW_LEADS),
      });
    }
    for (const m of REMINDER_MILESTONES) {
      const at = review[m.field];
      if (!at || !milestoneApplies(m, review.status)) continue;
      items.push({
        kind: 'milestone',
        itemKey: milestoneKey(review.id, m.key),
        reviewId: review.id,
        letterId: null,
        eventAt: at,
        channelId: review.channelId,
        leads: parseLeadTimes(m.leads),
      });
    }
    return this.sync(guildId, scope, items, zone);
  }

  private async planLetter(guildId: string, letterId: number, known?: GuildContext): Promise<PlanResult> {
    const { db } = this.deps;
    const letter = await db.letter.findFirst({ where: { id: letterId, guildId }, include: { review: { select: { channelId: true } } } });
    if (!letter) {
      await this.cancelItem(guildId, 'letter', letterId);
      return { created: 0, moved: 0, cancelled: 0, revived: 0 };
    }
    const { zone, settings } = known ?? (await this.guild(guildId));
    const items: PlannedItem[] =
      letter.status === 'planned'
        ? [
            {
              kind: 'letter',
              itemKey: letterKey(letter.id),
              reviewId: letter.reviewId,
              letterId: letter.id,
              eventAt: letter.deadlineAt,
              channelId: letter.channelId ?? letter.review.channelId,
              leads: leadTimesOrDefault(settings?.letterLeadTimes, DEFAULT_LETTER_LEADS),
            },
          ]
        : [];
    return this.sync(guildId, { letterId, kind: 'letter' }, items, zone);
  }

  /** A concurrent planner may create the same row first: plan once more, which then sees it. */
  private async retryOnRace(work: () => Promise<PlanResult>): Promise<PlanResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  }

  /** Brings the rows in `scope` in line with `items`. */
  private async sync(guildId: string, scope: Models.Prisma.ReminderWhereInput, items: PlannedItem[], zone: string): Promise<PlanResult> {
    const { db } = this.deps;
    const now = this.deps.clock.now();
    const result: PlanResult = { created: 0, moved: 0, cancelled: 0, revived: 0 };
    const existing = await db.reminder.findMany({ where: { guildId, ...scope }, orderBy: { id: 'asc' } });
    const byItem = new Map<string, Map<string, Reminder[]>>();
    for (const row of existing) {
      const { base } = splitLeadKey(row.leadKey);
      let leads = byItem.get(row.itemKey);
      if (!leads) byItem.set(row.itemKey, (leads = new Map()));
      const rounds = leads.get(base) ?? [];
      rounds.push(row);
      leads.set(base, rounds);
    }
    const handled = new Set<number>();
    const toCancel: number[] = [];

    for (const item of items) {
      const rowsOf = byItem.get(item.itemKey) ?? new Map<string, Reminder[]>();
      if (item.eventAt <= now) {
        // The event has happened: what is left is the scheduler's to skip, nothing to plan.
        for (const rows of rowsOf.values()) for (const r of rows) handled.add(r.id);
        continue;
      }
      const candidates = item.leads.map((lead) => ({ lead, due: dueInstant(item.eventAt, lead, zone) }));
      const future = candidates.filter((c) => c.due > now);
      const wanted = new Map<string, { due: Date; dueNow: boolean }>();
      if (future.length > 0) for (const c of future) wanted.set(c.lead.key, { due: c.due, dueNow: false });
      else {
        const nearest = candidates.reduce((a, b) => (b.due > a.due ? b : a));
        wanted.set(nearest.lead.key, { due: nearest.due, dueNow: true });
      }

      for (const c of candidates) {
        const rounds = (rowsOf.get(c.lead.key) ?? []).sort((a, b) => splitLeadKey(a.leadKey).round - splitLeadKey(b.leadKey).round);
        for (const r of rounds) handled.add(r.id);
        const current = rounds[rounds.length - 1];
        const want = wanted.get(c.lead.key);
        if (!want) {
          if (current?.status === 'pending') {
            // Kept when it only came due while no scheduler ran; otherwise no longer wanted.
            if (same(current.dueAt, c.due)) await this.refresh(current, item);
            else toCancel.push(current.id);
          }
          continue;
        }
        const dueAt = want.dueNow ? now : c.due;
        if (!current) {
          await this.create(guildId, item, c.lead.key, dueAt);
          result.created++;
        } else if (current.status === 'pending') {
          if (same(current.dueAt, c.due) || (want.dueNow && current.dueAt <= now)) await this.refresh(current, item);
          else if (await this.move(current, item, dueAt)) result.moved++;
        } else if (current.status === 'cancelled') {
          if (await this.revive(current, item, dueAt)) result.revived++;
        } else if (HISTORY.has(current.status) && !same(current.eventAt, item.eventAt)) {
          // Done for an earlier date of the item: the rescheduled event gets this lead again.
          await this.create(guildId, item, roundLeadKey(c.lead.key, splitLeadKey(current.leadKey).round + 1), dueAt);
          result.created++;
        }
        // claimed: being posted right now; history for this very date: done.
      }
    }
    for (const row of existing) if (!handled.has(row.id) && row.status === 'pending') toCancel.push(row.id);
    if (toCancel.length > 0) {
      const { count } = await db.reminder.updateMany({
        where: { id: { in: toCancel }, status: 'pending' },
        data: { status: 'cancelled', leaseOwner: null, leaseUntil: null },
      });
      result.cancelled += count;
    }
    if (result.created + result.moved + result.cancelled + result.revived > 0) {
      this.deps.logger?.debug({ guildId, scope, ...result }, 'reminders planned');
    }
    return result;
  }

  private async create(guildId: string, item: PlannedItem, leadKey: string, dueAt: Date): Promise<void> {
    await this.deps.db.reminder.create({
      data: {
        guildId,
        kind: item.kind,
        itemKey: item.itemKey,
        leadKey,
        reviewId: item.reviewId,
        letterId: item.letterId,
        eventAt: item.eventAt,
        dueAt,
        runAt: dueAt,
        channelId: item.channelId,
      },
    });
  }

  /** Keeps the due instant; follows the item's channel and event instant. */
  private async refresh(row: Reminder, item: PlannedItem): Promise<void> {
    if (row.channelId === item.channelId && same(row.eventAt, item.eventAt)) return;
    await this.deps.db.reminder.updateMany({
      where: { id: row.id, status: 'pending' },
      data: { channelId: item.channelId, eventAt: item.eventAt },
    });
  }

  private async move(row: Reminder, item: PlannedItem, dueAt: Date): Promise<boolean> {
    const { count } = await this.deps.db.reminder.updateMany({
      where: { id: row.id, status: 'pending' },
      data: { dueAt, runAt: dueAt, eventAt: item.eventAt, channelId: item.channelId, attempts: 0, lastError: null, late: false },
    });
    return count > 0;
  }

  private async revive(row: Reminder, item: PlannedItem, dueAt: Date): Promise<boolean> {
    const { count } = await this.deps.db.reminder.updateMany({
      where: { id: row.id, status: 'cancelled' },
      data: {
        status: 'pending',
        dueAt,
        runAt: dueAt,
        eventAt: item.eventAt,
        channelId: item.channelId,
        attempts: 0,
        lastError: null,
        leaseOwner: null,
        leaseUntil: null,
        messageId: null,
        postedAt: null,
        late: false,
      },
    });
    return count > 0;
  }
}
