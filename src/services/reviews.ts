// Reviews one server tracks: add, list, next, show, edit, remove; the autocomplete label
// "Belarus — WG 50 — 3 Nov 2025" and resolving what users type into one review.
import { calendarSession, sessionForDate } from '../calendar/cycle4';
import type { Models } from '../db/client';
import { DomainError, msg, type Message } from '../domain-error';
import { checkReviewDay, checkSubmissionDeadline } from './date-sense';
import { renderMessage, translator, type T } from '../i18n';
import { isoDayIn, parseTimeOfDay, parseUserDate, parseUserDateTime, startOfDayIn } from '../dates/parse';
import { DateTime } from 'luxon';
import { searchStates } from '../states';
import { editedSet, editedString, replanAfterCommit, reviewsChanged, FIELD_MAX_LENGTHS, requireState, text, translateDbErrors, type ServiceDeps } from './common';
import { isEstimate, MILESTONES, milestoneUpdate, sessionFirstDay, type MilestoneField } from '../calendar/milestones';
import type { SettingsService } from './settings';
import { GENEVA } from '../dates/zones';
import type { Lang } from '../i18n';

export type Review = Models.Review;
/** A stored result with what was unusual about the input (shown beside it, not refused), as catalog messages. */
export type Warned<T> = T & { warnings: Message[] };
export type ReviewStatus = Models.ReviewStatus;
export const REVIEW_STATUSES = ['scheduled', 'held', 'postponed', 'rescheduled', 'not_held'] as const satisfies readonly ReviewStatus[];

export const statusLabel = (s: string): string => (s === 'not_held' ? 'not held' : s);

export interface ReviewInput {
  state: string;
  date: string;
  time?: string | null;
  session?: number | null;
  status?: ReviewStatus | null;
  notes?: string | null;
  channelId?: string | null;
  createdBy?: string | null;
  /** The reader's language, for how typed dates read (03/11/2025); English when left out. */
  lang?: Lang;
}

export interface ReviewPatch {
  date?: string | null;
  time?: string | null;
  session?: number | null;
  status?: ReviewStatus | null;
  notes?: string | null;
  channelId?: string | null;
  /** Remove the review's own channel (reminders go to the server's). */
  clearChannel?: boolean;
  /** The real stakeholder submission deadline (often extended), replacing the estimate. */
  submissionDeadline?: string | null;
  /** The reader's language, for how typed dates read; English when left out. */
  lang?: Lang;
}

export interface ReviewFilters {
  session?: number | null;
  state?: string | null;
  status?: ReviewStatus | null;
  from?: string | null;
  to?: string | null;
  /** The reader's language, for how typed dates read; English when left out. */
  lang?: Lang;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

export interface ReviewDetails {
  review: Review;
  zone: string;
  /** Milestones that are estimates (not entered by a user). */
  estimated: Set<MilestoneField>;
  letters: Models.Letter[];
  interventions: Models.Intervention[];
  recommendations: Array<Models.Recommendation & { states: { stateCode: string }[]; themes: { theme: string }[] }>;
}

export interface Choice {
  name: string;
  value: string;
}

/** The day a review's session starts (calendar), for undated reviews. */
export function sessionStart(session: number): Date | null {
  return sessionFirstDay(session)?.set({ hour: 9 }).toJSDate() ?? null;
}

/** "3 Nov 2025", or the session window when the day is not known ("Apr/May 2026 (projected)", "session 3 Nov 2025 – 14 Nov 2025"). */
export function reviewWhenMessage(review: Pick<Review, 'reviewAt' | 'session'>, zone: string): Message {
  if (review.reviewAt) return msg('upr:when.day', { when: review.reviewAt, zone });
  const s = calendarSession(review.session);
  if (s?.start && s.end) return msg('upr:when.session', { from: s.start, to: s.end });
  if (s?.month) {
    const [year, months = ''] = s.month.split('-');
    const ms = months.split('/');
    return msg('upr:when.projected', { first: `${year}-${ms[0]}-01`, last: `${year}-${ms[ms.length - 1]}-01` });
  }
  return msg('upr:when.unset');
}

export const reviewWhen = (review: Pick<Review, 'reviewAt' | 'session'>, zone: string, t: T): string => renderMessage(reviewWhenMessage(review, zone), t);

/** "Belarus — WG 50 — 3 Nov 2025", as a message (inside errors). */
export function reviewLabelMessage(review: Pick<Review, 'stateCode' | 'session' | 'reviewAt'>, zone: string): Message {
  return msg('upr:label', { code: review.stateCode, session: review.session, when: reviewWhenMessage(review, zone) });
}

/** "Belarus — WG 50 — 3 Nov 2025" in the reader's language. */
export const reviewLabel = (review: Pick<Review, 'stateCode' | 'session' | 'reviewAt'>, zone: string, t: T): string => renderMessage(reviewLabelMessage(review, zone), t);

export const reviewValue = (review: Pick<Review, 'id'>): string => `#${review.id}`;

/** When a review happens for sorting: its day, else its session's start. */
// Suggestions are for logs and tests, not shown to readers.
const english = translator('en');

const sortInstant = (r: Review): number => (r.reviewAt ?? sessionStart(r.session))?.getTime() ?? Number.POSITIVE_INFINITY;

export class ReviewsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly settings: SettingsService,
  ) {}

  private get db() {
    return this.deps.db;
  }

  async add(guildId: string, input: ReviewInput): Promise<Warned<Review>> {
    const state = requireState(input.state);
    if (!state.member) throw new DomainError('invalid', msg('upr:error.observer', { code: state.code }));
    const zone = await this.settings.timezone(guildId);
    const when = parseUserDateTime(input.date, input.time, zone, this.deps.clock.now(), input.lang);
    const notes = text(input.notes, 'notes', FIELD_MAX_LENGTHS.notes);
    let session = input.session ?? undefined;
    if (session === undefined) {
      const found = sessionForDate(when.isoDay);
      if (!found) {
        throw new DomainError('invalid', msg('upr:error.noSessionForDay', { day: when.isoDay }));
      }
      session = found.session;
    }
    checkSession(session);
    const warning = checkReviewDay(session, when.isoDay);
    const edited = new Set<string>(['reviewAt', 'session']);
    if (input.status) edited.add('status');
    if (notes) edited.add('notes');
    const review = await translateDbErrors(
      () =>
        this.db.review.create({
          data: {
            guildId,
            stateCode: state.code,
            session,
            cycle: cycleOf(session),
            reviewAt: when.instant,
            reviewTimeKnown: when.timeKnown,
            status: input.status ?? 'scheduled',
            notes: notes ?? null,
            channelId: input.channelId ?? null,
            source: 'user',
            userEditedFields: editedString(edited),
            createdBy: input.createdBy ?? null,
            ...milestoneUpdate({ reviewAt: when.instant, session }, edited),
          },
        }),
      { duplicate: msg('upr:error.duplicate', { code: state.code, session }), duplicateNext: 'edit-review' },
    );
    await replanAfterCommit(this.deps, 'review.add', (r) => r.replanReview(guildId, review.id));
    reviewsChanged(this.deps, guildId);
    return { ...review, warnings: warning ? [warning] : [] };
  }

  async get(guildId: string, id: number): Promise<Review> {
    const review = await this.db.review.findFirst({ where: { guildId, id } });
    if (!review) throw new DomainError('not_found', msg('upr:error.notFound', { id }));
    return review;
  }

  /**
   * One review from what a user typed or picked: "#12" (the autocomplete value), "Belarus",
   * "BLR", "Belarus 50", "50 Belarus", "WG 50 Belarus". Fails with the candidates otherwise.
   */
  async resolve(guildId: string, ref: string): Promise<Review> {
    const raw = ref.trim();
    const byId = /^#(\d{1,9})$/.exec(raw);
    if (byId) return this.get(guildId, Number(byId[1]));
    if (!raw) throw new DomainError('invalid', msg('upr:error.pick'));
    const zone = await this.settings.timezone(guildId);

    // A pasted label "Belarus — WG 50 — 3 Nov 2025" (in Spanish "GT 50") reads as "Belarus 50".
    const label = /^(.+?)\s+[—–-]\s+(?:WG|GT)\s*(\d{1,3})\b/i.exec(raw);
    const typed = label ? `${label[1]} ${label[2]}` : raw;
    const numbers = [...typed.matchAll(/\b(\d{1,3})\b/g)].map((m) => Number(m[1]));
    const words = typed.replace(/\b(wg|gt|session|sesi[oó]n|upr|epu|cycle|ciclo)(?![\p{L}\d])/giu, ' ').replace(/\b\d{1,4}\b/g, ' ').replace(/[—–\-,#]/g, ' ').trim();
    const session = numbers.find((n) => n >= 1 && n <= 99);

    let candidates: Review[];
    if (words) {
      const state = requireState(words);
      candidates = await this.db.review.findMany({ where: { guildId, stateCode: state.code }, orderBy: { session: 'desc' } });
      if (!candidates.length) throw new DomainError('not_found', msg('upr:error.noneOfState', { code: state.code }), [], 'add-review');
      if (session !== undefined) {
        const inSession = candidates.filter((r) => r.session === session);
        if (!inSession.length) {
          const known = candidates.map((r) => reviewLabelMessage(r, zone));
          throw new DomainError('not_found', msg('upr:error.noneInSession', { code: state.code, session, known }), known.map((m) => renderMessage(m, english)));
        }
        candidates = inSession;
      }
    } else if (session !== undefined) {
      candidates = await this.db.review.findMany({ where: { guildId, session }, orderBy: { reviewAt: 'asc' } });
      if (!candidates.length) throw new DomainError('not_found', msg('upr:error.noneInSessionAtAll', { session }));
    } else {
      throw new DomainError('invalid', msg('upr:error.notAReview', { typed: raw }));
    }
    if (candidates.length === 1) return candidates[0]!;
    const labels = candidates.slice(0, 10).map((r) => reviewLabelMessage(r, zone));
    throw new DomainError('ambiguous', msg('upr:error.ambiguous', { typed: raw, count: candidates.length, labels }), labels.map((m) => renderMessage(m, english)));
  }

  /** Up to 25 choices for the text typed so far, labelled in the reader's language; upcoming first when nothing is typed. */
  async autocomplete(guildId: string, typed: string, t: T): Promise<Choice[]> {
    const zone = await this.settings.timezone(guildId);
    const all = await this.db.review.findMany({ where: { guildId } });
    const q = typed.trim();
    const numbers = [...q.matchAll(/\b(\d{1,3})\b/g)].map((m) => Number(m[1]));
    const words = q.replace(/\b(wg|gt|session|sesi[oó]n)(?![\p{L}\d])/giu, ' ').replace(/\b\d{1,4}\b/g, ' ').replace(/[—–\-,#]/g, ' ').trim();
    let list = all;
    if (numbers.length) list = list.filter((r) => numbers.includes(r.session) || numbers.includes(r.id));
    let ranked: Review[];
    if (words) {
      const states = searchStates(words, 60).map((s) => s.code);
      const rank = new Map(states.map((c, i) => [c, i]));
      ranked = list.filter((r) => rank.has(r.stateCode)).sort((a, b) => rank.get(a.stateCode)! - rank.get(b.stateCode)! || b.session - a.session);
    } else {
      ranked = this.upcomingFirst(list, this.deps.clock.now(), zone);
    }
    return ranked.slice(0, 25).map((r) => ({ name: reviewLabel(r, zone, t), value: reviewValue(r) }));
  }

  private upcomingFirst(list: Review[], now: Date, zone: string): Review[] {
    const today = startOfDayIn(now, zone).getTime();
    const upcoming = list.filter((r) => sortInstant(r) >= today).sort((a, b) => sortInstant(a) - sortInstant(b) || a.stateCode.localeCompare(b.stateCode));
    const past = list.filter((r) => sortInstant(r) < today).sort((a, b) => sortInstant(b) - sortInstant(a) || a.stateCode.localeCompare(b.stateCode));
    return [...upcoming, ...past];
  }

  /** Reviews matching the filters, upcoming first (then past ones, most recent first). */
  /** `filters` in the result are the ones applied: the state as its code, days as YYYY-MM-DD. */
  async list(guildId: string, typed: ReviewFilters = {}, page = 1, pageSize = 10): Promise<Page<Review> & { zone: string; filters: ReviewFilters }> {
    const zone = await this.settings.timezone(guildId);
    const now = this.deps.clock.now();
    const filters: ReviewFilters = {
      session: typed.session ?? undefined,
      state: typed.state ? requireState(typed.state).code : undefined,
      status: typed.status ?? undefined,
      from: typed.from ? parseUserDate(typed.from, zone, now, typed.lang).isoDay : undefined,
      to: typed.to ? parseUserDate(typed.to, zone, now, typed.lang).isoDay : undefined,
    };
    const where: { guildId: string; session?: number; stateCode?: string; status?: ReviewStatus } = { guildId };
    if (filters.session != null) where.session = filters.session;
    if (filters.state) where.stateCode = filters.state;
    if (filters.status) where.status = filters.status;
    let rows = await this.db.review.findMany({ where });
    if (filters.from || filters.to) {
      const from = filters.from ? DateTime.fromISO(filters.from, { zone }).startOf('day').toMillis() : -Infinity;
      const to = filters.to ? DateTime.fromISO(filters.to, { zone }).endOf('day').toMillis() : Infinity;
      if (from > to) throw new DomainError('invalid', msg('upr:error.fromAfterTo'));
      rows = rows.filter((r) => {
        const t = sortInstant(r);
        return t >= from && t <= to;
      });
      rows.sort((a, b) => sortInstant(a) - sortInstant(b));
    } else {
      rows = this.upcomingFirst(rows, now, zone);
    }
    return { ...paginate(rows, page, pageSize), zone, filters };
  }

  /** The next review (and the few after it), and the next milestones of any review. */
  async next(guildId: string): Promise<{ zone: string; reviews: Review[]; milestones: Array<{ review: Review; field: MilestoneField; at: Date; estimate: boolean }> }> {
    const zone = await this.settings.timezone(guildId);
    const now = this.deps.clock.now();
    const rows = await this.db.review.findMany({ where: { guildId, status: { in: ['scheduled', 'rescheduled'] } } });
    const today = startOfDayIn(now, zone).getTime();
    const reviews = rows.filter((r) => r.reviewAt && r.reviewAt.getTime() >= today).sort((a, b) => a.reviewAt!.getTime() - b.reviewAt!.getTime()).slice(0, 5);
    const milestones: Array<{ review: Review; field: MilestoneField; at: Date; estimate: boolean }> = [];
    for (const r of rows) {
      const edited = editedSet(r.userEditedFields);
      for (const m of MILESTONES) {
        const at = r[m.field];
        if (at && at.getTime() >= now.getTime()) milestones.push({ review: r, field: m.field, at, estimate: isEstimate(r, m.field, edited) });
      }
    }
    milestones.sort((a, b) => a.at.getTime() - b.at.getTime());
    return { zone, reviews, milestones: milestones.slice(0, 5) };
  }

  async show(guildId: string, ref: string): Promise<ReviewDetails> {
    const review = await this.resolve(guildId, ref);
    const zone = await this.settings.timezone(guildId);
    const [letters, interventions, recommendations] = await Promise.all([
      this.db.letter.findMany({ where: { guildId, reviewId: review.id }, orderBy: { deadlineAt: 'asc' } }),
      this.db.intervention.findMany({ where: { guildId, reviewId: review.id }, orderBy: { stateCode: 'asc' } }),
      this.db.recommendation.findMany({
        where: { guildId, reviewId: review.id },
        include: { states: { select: { stateCode: true } }, themes: { select: { theme: true } } },
        orderBy: { id: 'asc' },
      }),
    ]);
    const edited = editedSet(review.userEditedFields);
    const estimated = new Set(MILESTONES.map((m) => m.field).filter((f) => isEstimate(review, f, edited)));
    return { review, zone, estimated, letters, interventions, recommendations };
  }

  /** The edited review, with the zone it is shown in (so the reply need not read it again). */
  async edit(guildId: string, ref: string, patch: ReviewPatch): Promise<Warned<Review> & { zone: string }> {
    const review = await this.resolve(guildId, ref);
    const zone = await this.settings.timezone(guildId);
    const now = this.deps.clock.now();
    const edited = editedSet(review.userEditedFields);
    const data: Record<string, unknown> = {};

    if (patch.date?.trim()) {
      const when = parseUserDateTime(patch.date, patch.time, zone, now, patch.lang);
      data.reviewAt = when.instant;
      data.reviewTimeKnown = when.timeKnown;
    } else if (patch.time?.trim()) {
      if (!review.reviewAt) throw new DomainError('invalid', msg('upr:error.timeWithoutDay'));
      const t = parseTimeOfDay(patch.time);
      data.reviewAt = DateTime.fromJSDate(review.reviewAt, { zone }).set({ hour: t.hour, minute: t.minute, second: 0, millisecond: 0 }).toJSDate();
      data.reviewTimeKnown = true;
    }
    if (data.reviewAt) edited.add('reviewAt');
    if (patch.session != null && patch.session !== review.session) {
      checkSession(patch.session);
      data.session = patch.session;
      data.cycle = cycleOf(patch.session);
      edited.add('session');
    }
    if (patch.status) {
      data.status = patch.status;
      edited.add('status');
    }
    if (patch.notes != null) {
      data.notes = text(patch.notes, 'notes', FIELD_MAX_LENGTHS.notes) ?? null;
      edited.add('notes');
    }
    if (patch.channelId) data.channelId = patch.channelId;
    else if (patch.clearChannel) data.channelId = null;
    if (patch.submissionDeadline?.trim()) {
      const when = parseUserDateTime(patch.submissionDeadline, null, zone, now, patch.lang);
      // A deadline given without a time is noon Geneva, as submission deadlines are.
      data.submissionDeadlineAt = when.timeKnown ? when.instant : DateTime.fromISO(when.isoDay, { zone: GENEVA }).set({ hour: 12 }).toJSDate();
      edited.add('submissionDeadlineAt');
      checkSubmissionDeadline(data.submissionDeadlineAt as Date, (data.reviewAt as Date | undefined) ?? review.reviewAt, when.isoDay);
    }
    const warnings: Message[] = [];
    const reviewAt = (data.reviewAt as Date | undefined) ?? review.reviewAt;
    if ((data.reviewAt || data.session) && reviewAt) {
      const warning = checkReviewDay((data.session as number | undefined) ?? review.session, isoDayIn(reviewAt, zone));
      if (warning) warnings.push(warning);
    }
    if (!Object.keys(data).length) throw new DomainError('invalid', msg('upr:error.nothingToChange'));
    if (data.reviewAt || data.session) {
      const reviewAt = (data.reviewAt as Date | undefined) ?? review.reviewAt;
      Object.assign(data, milestoneUpdate({ reviewAt, session: (data.session as number | undefined) ?? review.session }, edited));
    }
    data.userEditedFields = editedString(edited);
    const updated = await translateDbErrors(
      () => this.db.review.update({ where: { id: review.id, guildId }, data }),
      { duplicate: msg('upr:error.duplicate', { code: review.stateCode, session: data.session }), missing: msg('upr:error.gone') },
    );
    await replanAfterCommit(this.deps, 'review.edit', (r) => r.replanReview(guildId, review.id));
    reviewsChanged(this.deps, guildId);
    return { ...updated, warnings, zone };
  }

  /** Removes the review with its letters, interventions and recommendations; cancels reminders. */
  async remove(guildId: string, ref: string): Promise<{ review: Review; zone: string; letters: number; interventions: number; recommendations: number }> {
    const review = await this.resolve(guildId, ref);
    const zone = await this.settings.timezone(guildId);
    const letters = await this.db.letter.findMany({ where: { guildId, reviewId: review.id }, select: { id: true } });
    const [interventions, recommendations] = await Promise.all([
      this.db.intervention.count({ where: { guildId, reviewId: review.id } }),
      this.db.recommendation.count({ where: { guildId, reviewId: review.id } }),
    ]);
    await translateDbErrors(() => this.db.review.delete({ where: { id: review.id, guildId } }), { missing: msg('upr:error.gone') });
    await replanAfterCommit(this.deps, 'review.remove', async (r) => {
      await r.cancelItem(guildId, 'review', review.id);
      for (const l of letters) await r.cancelItem(guildId, 'letter', l.id);
    });
    reviewsChanged(this.deps, guildId);
    return { review, zone, letters: letters.length, interventions, recommendations };
  }
}

export function checkSession(session: number): void {
  if (!Number.isInteger(session) || session < 1 || session > 99) throw new DomainError('invalid', msg('upr:error.sessionRange', { session }));
}

/** Cycle of a WG session: 1-12 first, 13-26 second, 27-40 third, 41-54 fourth, then every 14. */
export function cycleOf(session: number): number {
  if (session <= 12) return 1;
  return 2 + Math.floor((session - 13) / 14);
}

export function paginate<T>(rows: T[], page: number, pageSize: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  return { items: rows.slice((p - 1) * pageSize, p * pageSize), total: rows.length, page: p, pageCount, pageSize };
}
