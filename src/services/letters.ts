// Letters to states' missions or ministries urging them to act in a review: add, list, mark sent,
// edit, remove; autocomplete and resolving typed references.
import { DateTime } from 'luxon';
import type { Models } from '../db/client';
import { DomainError, msg, type Message } from '../domain-error';
import { checkLetterDay } from './date-sense';
import { parseUserDateTime, startOfDayIn } from '../dates/parse';
import { renderMessage, translator, type T } from '../i18n';
import { searchStates } from '../states';
import { replanAfterCommit, FIELD_MAX_LENGTHS, requireState, text, translateDbErrors, type ServiceDeps } from './common';
import { paginate, type Page, type Choice, type ReviewsService, type Warned } from './reviews';
import type { SettingsService } from './settings';
import type { Lang } from '../i18n';

export type Letter = Models.Letter;
export type LetterWithReview = Letter & { review: Models.Review };
export const LETTER_FILTERS = ['due', 'overdue', 'sent', 'all'] as const;
export type LetterFilter = (typeof LETTER_FILTERS)[number];

export interface LetterInput {
  to: string;
  review: string;
  deadline: string;
  recipient?: string | null;
  ask?: string | null;
  channelId?: string | null;
  /** Records a letter already sent (on this day): its deadline may then be in the past. */
  sent?: string | null;
  createdBy: string;
  /** The reader's language, for how typed dates read (03/11/2025); English when left out. */
  lang?: Lang;
}

export interface LetterPatch {
  to?: string | null;
  review?: string | null;
  deadline?: string | null;
  recipient?: string | null;
  ask?: string | null;
  channelId?: string | null;
  clearChannel?: boolean;
  /** Reopen a sent letter (status back to planned) or cancel one. */
  status?: 'planned' | 'cancelled' | null;
  /** The reader's language, for how typed dates read; English when left out. */
  lang?: Lang;
}

/** "Argentina — about Belarus WG 50 — due 30 Sep 2025", as a message (inside errors). */
export function letterLabelMessage(letter: LetterWithReview, zone: string): Message {
  const vars = { code: letter.stateCode, about: letter.review.stateCode, session: letter.review.session, zone };
  if (letter.status === 'sent' && letter.sentAt) return msg('letter:label.sent', { ...vars, when: letter.sentAt });
  if (letter.status === 'cancelled') return msg('letter:label.cancelled', vars);
  return msg('letter:label.due', { ...vars, when: letter.deadlineAt });
}

/** A letter's label in the reader's language (autocomplete). */
export const letterLabel = (letter: LetterWithReview, zone: string, t: T): string => renderMessage(letterLabelMessage(letter, zone), t);

// Suggestions are for logs and tests, not shown to readers.
const english = translator('en');

export class LettersService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly settings: SettingsService,
    private readonly reviews: ReviewsService,
  ) {}

  private get db() {
    return this.deps.db;
  }

  private async deadline(guildId: string, input: string, allowPast = false, lang?: Lang): Promise<{ instant: Date; timeKnown: boolean }> {
    const zone = await this.settings.timezone(guildId);
    const now = this.deps.clock.now();
    const when = parseUserDateTime(input, null, zone, now, lang);
    if (allowPast) return when;
    // A day without a time counts as the whole day: today is still allowed.
    const past = when.timeKnown ? when.instant.getTime() < now.getTime() : when.instant.getTime() < startOfDayIn(now, zone).getTime();
    if (past) throw new DomainError('invalid', msg('letter:error.deadlinePast', { day: when.isoDay }), [], 'record-sent-letter');
    return when;
  }

  async add(guildId: string, input: LetterInput): Promise<Warned<LetterWithReview>> {
    const state = requireState(input.to, 'to');
    const review = await this.reviews.resolve(guildId, input.review);
    const recipient = text(input.recipient, 'recipient', FIELD_MAX_LENGTHS.recipient, { oneLine: true });
    const ask = text(input.ask, 'ask', FIELD_MAX_LENGTHS.ask);
    const sentAt = input.sent?.trim() ? await this.sentDate(guildId, input.sent, input.lang) : null;
    const when = await this.deadline(guildId, input.deadline, sentAt !== null, input.lang);
    const warnings = [checkLetterDay('deadline', when.instant, review.reviewAt), sentAt ? checkLetterDay('sent', sentAt, review.reviewAt) : null].filter((w): w is Message => w !== null);
    const open = await this.db.letter.findFirst({ where: { guildId, reviewId: review.id, stateCode: state.code, status: 'planned' } });
    if (open) {
      throw new DomainError('duplicate', msg('letter:error.duplicate', { code: state.code, id: open.id }), [], 'edit-letter');
    }
    const letter = await translateDbErrors(() =>
      this.db.letter.create({
        data: {
          guildId,
          reviewId: review.id,
          stateCode: state.code,
          recipient: recipient ?? null,
          ask: ask ?? null,
          deadlineAt: when.instant,
          deadlineTimeKnown: when.timeKnown,
          channelId: input.channelId ?? null,
          createdBy: input.createdBy,
          ...(sentAt ? { status: 'sent' as const, sentAt } : {}),
        },
        include: { review: true },
      }),
    );
    await replanAfterCommit(this.deps, 'letter.add', (r) => r.replanLetter(guildId, letter.id));
    return { ...letter, warnings };
  }

  async get(guildId: string, id: number): Promise<LetterWithReview> {
    const letter = await this.db.letter.findFirst({ where: { guildId, id }, include: { review: true } });
    if (!letter) throw new DomainError('not_found', msg('letter:error.notFound', { id }));
    return letter;
  }

  /** "#5" (the autocomplete value), or a state name when one letter to it is open. */
  async resolve(guildId: string, ref: string): Promise<LetterWithReview> {
    const raw = ref.trim();
    const byId = /^#?(\d{1,9})$/.exec(raw);
    if (byId) return this.get(guildId, Number(byId[1]));
    if (!raw) throw new DomainError('invalid', msg('letter:error.pick'));
    const zone = await this.settings.timezone(guildId);
    const head = raw.split(/\s+[—–]\s+/)[0]!;
    const state = requireState(head);
    const letters = await this.db.letter.findMany({ where: { guildId, stateCode: state.code }, include: { review: true }, orderBy: { deadlineAt: 'asc' } });
    const planned = letters.filter((l) => l.status === 'planned');
    const pool = planned.length ? planned : letters;
    if (pool.length === 1) return pool[0]!;
    if (!pool.length) throw new DomainError('not_found', msg('letter:error.noneTo', { code: state.code }));
    const labels = pool.slice(0, 10).map((l) => msg('letter:label.withId', { id: l.id, label: letterLabelMessage(l, zone) }));
    throw new DomainError('ambiguous', msg('letter:error.several', { code: state.code, labels }), labels.map((m) => renderMessage(m, english)));
  }

  /** Up to 25 choices for the text typed so far, labelled in the reader's language. */
  async autocomplete(guildId: string, typed: string, t: T): Promise<Choice[]> {
    const zone = await this.settings.timezone(guildId);
    const letters = await this.db.letter.findMany({ where: { guildId }, include: { review: true }, orderBy: { deadlineAt: 'asc' } });
    const q = typed.trim();
    let list = letters;
    if (q) {
      const id = /^#?(\d+)$/.exec(q);
      if (id) list = letters.filter((l) => String(l.id).startsWith(id[1]!));
      else {
        const codes = new Map(searchStates(q, 60).map((s, i) => [s.code, i]));
        list = letters.filter((l) => codes.has(l.stateCode) || codes.has(l.review.stateCode));
        list.sort((a, b) => (codes.get(a.stateCode) ?? 99) - (codes.get(b.stateCode) ?? 99));
      }
    } else {
      // Open letters first.
      list = [...letters].sort((a, b) => Number(a.status !== 'planned') - Number(b.status !== 'planned'));
    }
    return list.slice(0, 25).map((l) => ({ name: letterLabel(l, zone, t), value: `#${l.id}` }));
  }

  async list(guildId: string, filter: LetterFilter = 'due', page = 1, pageSize = 10): Promise<Page<LetterWithReview> & { zone: string; now: Date }> {
    const zone = await this.settings.timezone(guildId);
    const now = this.deps.clock.now();
    const today = startOfDayIn(now, zone);
    const where =
      filter === 'due'
        ? { guildId, status: 'planned' as const, deadlineAt: { gte: today } }
        : filter === 'overdue'
          ? { guildId, status: 'planned' as const, deadlineAt: { lt: today } }
          : filter === 'sent'
            ? { guildId, status: 'sent' as const }
            : { guildId };
    const rows = await this.db.letter.findMany({
      where,
      include: { review: true },
      orderBy: filter === 'sent' ? [{ sentAt: 'desc' }, { id: 'asc' }] : [{ deadlineAt: 'asc' }, { id: 'asc' }],
    });
    // A letter whose day-only deadline is today is still due; past known times are overdue.
    const filtered =
      filter === 'due' ? rows.filter((l) => !l.deadlineTimeKnown || l.deadlineAt >= now)
        : filter === 'overdue' ? [...rows, ...(await this.dueTodayPast(guildId, today, now))].sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime())
          : rows;
    return { ...paginate(filtered, page, pageSize), zone, now };
  }

  private dueTodayPast(guildId: string, today: Date, now: Date) {
    return this.db.letter.findMany({ where: { guildId, status: 'planned', deadlineTimeKnown: true, deadlineAt: { gte: today, lt: now } }, include: { review: true } });
  }

  /** Marks a letter sent (on `date`, default now). A future date is refused. */
  /** A sent date typed by a user: today or earlier; default now. */
  private async sentDate(guildId: string, date?: string | null, lang?: Lang): Promise<Date> {
    const now = this.deps.clock.now();
    if (!date?.trim()) return now;
    const zone = await this.settings.timezone(guildId);
    const when = parseUserDateTime(date, null, zone, now, lang);
    const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
    if (when.isoDay > today || (when.timeKnown && when.instant > now)) throw new DomainError('invalid', msg('letter:error.sentFuture', { day: when.isoDay }));
    return when.instant > now ? now : when.instant;
  }

  /** `lang`: the reader's language, for how the typed date reads; English when left out. */
  async markSent(guildId: string, ref: string, date?: string | null, lang?: Lang): Promise<Warned<LetterWithReview>> {
    const letter = await this.resolve(guildId, ref);
    const sentAt = await this.sentDate(guildId, date, lang);
    if (letter.status === 'cancelled') throw new DomainError('conflict', msg('letter:error.cancelled'), [], 'reopen-letter');
    const warning = checkLetterDay('sent', sentAt, letter.review.reviewAt);
    const updated = await this.db.letter.update({ where: { id: letter.id, guildId }, data: { status: 'sent', sentAt }, include: { review: true } });
    await replanAfterCommit(this.deps, 'letter.sent', (r) => r.replanLetter(guildId, letter.id));
    return { ...updated, warnings: warning ? [warning] : [] };
  }

  async edit(guildId: string, ref: string, patch: LetterPatch): Promise<Warned<LetterWithReview>> {
    const letter = await this.resolve(guildId, ref);
    const data: Record<string, unknown> = {};
    if (patch.to?.trim()) data.stateCode = requireState(patch.to, 'to').code;
    const newReview = patch.review?.trim() ? await this.reviews.resolve(guildId, patch.review) : null;
    if (newReview) data.reviewId = newReview.id;
    if (patch.deadline?.trim()) {
      const when = await this.deadline(guildId, patch.deadline, false, patch.lang);
      data.deadlineAt = when.instant;
      data.deadlineTimeKnown = when.timeKnown;
    }
    if (patch.recipient != null) data.recipient = text(patch.recipient, 'recipient', FIELD_MAX_LENGTHS.recipient, { oneLine: true }) ?? null;
    if (patch.ask != null) data.ask = text(patch.ask, 'ask', FIELD_MAX_LENGTHS.ask) ?? null;
    if (patch.channelId) data.channelId = patch.channelId;
    else if (patch.clearChannel) data.channelId = null;
    if (patch.status) {
      data.status = patch.status;
      if (patch.status === 'planned') data.sentAt = null;
    }
    if (!Object.keys(data).length) throw new DomainError('invalid', msg('letter:error.nothingToChange'));
    const warnings: Message[] = [];
    if (data.deadlineAt || newReview) {
      const warning = checkLetterDay('deadline', (data.deadlineAt as Date | undefined) ?? letter.deadlineAt, (newReview ?? letter.review).reviewAt);
      if (warning) warnings.push(warning);
    }
    // The rule add enforces: at most one planned letter to a state about a review.
    const stateCode = (data.stateCode as string | undefined) ?? letter.stateCode;
    const reviewId = (data.reviewId as number | undefined) ?? letter.reviewId;
    if ((patch.status ?? letter.status) === 'planned' && (stateCode !== letter.stateCode || reviewId !== letter.reviewId || letter.status !== 'planned')) {
      const open = await this.db.letter.findFirst({ where: { guildId, reviewId, stateCode, status: 'planned', id: { not: letter.id } } });
      if (open) throw new DomainError('duplicate', msg('letter:error.duplicate', { code: stateCode, id: open.id }), [], 'edit-letter');
    }
    const updated = await translateDbErrors(() => this.db.letter.update({ where: { id: letter.id, guildId }, data, include: { review: true } }), { missing: msg('letter:error.gone') });
    await replanAfterCommit(this.deps, 'letter.edit', (r) => r.replanLetter(guildId, letter.id));
    return { ...updated, warnings };
  }

  async remove(guildId: string, ref: string): Promise<LetterWithReview> {
    const letter = await this.resolve(guildId, ref);
    await translateDbErrors(() => this.db.letter.delete({ where: { id: letter.id, guildId } }), { missing: msg('letter:error.gone') });
    await replanAfterCommit(this.deps, 'letter.remove', (r) => r.cancelItem(guildId, 'letter', letter.id));
    return letter;
  }
}
