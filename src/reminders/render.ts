// The text of reminders: what is coming, when (Discord timestamps, shown in each reader's own
// zone and language) and what to do, in the server's language. Mentions: only the server's
// configured ping role, or nobody, whatever text users stored (allowed_mentions says so to
// Discord; the text alone could not).
import { discordTimestamp } from '../dates/format';
import { translator, type Lang, type T } from '../i18n';
import { leadHours, type LeadTime } from '../dates/lead-times';
import { fitContent, MAX_CONTENT } from '../posting/content';
import { MARKER_ROOM } from '../posting/marker';
import type { AllowedMentions, OutgoingMessage } from '../posting/poster';
import { shownBlock, shownInline } from '../text/user-text';
import type { DigestContent, DigestEntry, DigestItem } from './digest';
import type { Milestone as ReminderMilestone } from '../calendar/milestones';

export type RenderedMessage = Omit<OutgoingMessage, 'nonce'>;

export interface ReviewRef {
  stateCode: string;
  session: number;
  reviewAt: Date | null;
  reviewTimeKnown: boolean;
}

export type ReminderSubject =
  | { kind: 'review'; review: ReviewRef & { reviewAt: Date; notes?: string | null } }
  | { kind: 'milestone'; milestone: ReminderMilestone; at: Date; review: ReviewRef }
  | {
      kind: 'letter';
      letter: { stateCode: string; recipient: string | null; ask: string | null; deadlineAt: Date; deadlineTimeKnown: boolean };
      review: ReviewRef;
    };

export interface RenderOptions {
  /** The lead the row stands for (undefined: none, e.g. a digest). */
  lead?: LeadTime;
  /** Posted well after its due instant (the bot was down). */
  late: boolean;
  dueAt: Date;
  pingRoleId: string | null;
  /** The server's language. */
  lang: Lang;
}

/** Mentions allowed in a post: the ping role when one is configured (and wanted), else none. */
export function allowedMentionsFor(pingRoleId: string | null | undefined): AllowedMentions {
  return { parse: [], roles: pingRoleId ? [pingRoleId] : [] };
}

const when = (at: Date, timeKnown: boolean) =>
  `${discordTimestamp(at, timeKnown ? 'F' : 'D')} (${discordTimestamp(at, 'R')})`;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const WEEK_HOURS = 7 * 24;

function reviewAdvice(lead: LeadTime | undefined, t: T): string {
  const hours = lead ? leadHours(lead) : 0;
  if (hours >= 4 * WEEK_HOURS) return t('posts:reminder.review.adviceLetters');
  if (hours >= WEEK_HOURS) return t('posts:reminder.review.adviceFollowUp');
  return t('posts:reminder.review.adviceWatch');
}

/** The message for a review, milestone or letter reminder. */
export function renderReminder(subject: ReminderSubject, opts: RenderOptions): RenderedMessage {
  const t = translator(opts.lang);
  const lines: string[] = [];
  if (opts.pingRoleId) lines.push(`<@&${opts.pingRoleId}>`);
  switch (subject.kind) {
    case 'review': {
      const r = subject.review;
      lines.push(t('posts:reminder.review.title', { code: r.stateCode, session: r.session }));
      lines.push(t(r.reviewTimeKnown ? 'posts:reminder.review.when' : 'posts:reminder.review.whenDayOnly', { when: when(r.reviewAt, r.reviewTimeKnown) }));
      if (r.notes) lines.push(t('posts:reminder.review.notes', { notes: shownBlock(clip(r.notes, 300)) }));
      lines.push(reviewAdvice(opts.lead, t));
      break;
    }
    case 'milestone': {
      const { milestone: m, review: r } = subject;
      const heading = t(`posts:milestones.${m.key}.heading`);
      lines.push(t('posts:reminder.milestone.title', { heading, code: r.stateCode, session: r.session }));
      lines.push(t('posts:reminder.milestone.when', { when: when(subject.at, true) }));
      if (r.reviewAt) lines.push(t('posts:reminder.milestone.review', { when: when(r.reviewAt, r.reviewTimeKnown) }));
      lines.push(t('posts:reminder.milestone.action', { action: t(`posts:milestones.${m.key}.action`) }));
      break;
    }
    case 'letter': {
      const { letter: l, review: r } = subject;
      const about = { to: l.stateCode, code: r.stateCode, session: r.session };
      lines.push(l.recipient ? t('posts:reminder.letter.titleRecipient', { ...about, recipient: shownInline(clip(l.recipient, 200)) }) : t('posts:reminder.letter.title', about));
      lines.push(t('posts:reminder.letter.deadline', { when: when(l.deadlineAt, l.deadlineTimeKnown) }));
      if (r.reviewAt) lines.push(t('posts:reminder.letter.review', { when: when(r.reviewAt, r.reviewTimeKnown) }));
      if (l.ask) lines.push(t('posts:reminder.letter.ask', { ask: shownBlock(clip(l.ask, 300)) }));
      lines.push(t('posts:reminder.letter.action'));
      break;
    }
  }
  // Late: the bot was down (or far behind) when it came due. Said plainly, without guessing why.
  if (opts.late) lines.push(t('posts:reminder.late', { when: discordTimestamp(opts.dueAt, 'f') }));
  return { content: fitContent(lines.join('\n')), allowedMentions: allowedMentionsFor(opts.pingRoleId) };
}

function digestText(item: DigestItem, t: T): string {
  const review = { code: item.stateCode, session: item.session };
  switch (item.kind) {
    case 'review':
      return t('posts:digest.review', review);
    case 'milestone':
      return t('posts:digest.milestone', { ...review, heading: t(`posts:milestones.${item.milestone}.heading`) });
    case 'letter':
      return item.recipient ? t('posts:digest.letterRecipient', { ...review, to: item.to, recipient: item.recipient }) : t('posts:digest.letter', { ...review, to: item.to });
  }
}

function section(title: string, entries: DigestEntry[], empty: string, t: T): string[] {
  if (entries.length === 0) return [`**${title}**`, empty];
  return [`**${title}**`, ...entries.map((e) => `• ${discordTimestamp(e.at, e.timeKnown ? 'f' : 'D')} (${discordTimestamp(e.at, 'R')}) — ${shownInline(digestText(e.item, t))}`)];
}

/** The weekly digest: reviews and deadlines of the next two weeks, and overdue letters. */
export function renderDigest(content: DigestContent, opts: { late: boolean; dueAt: Date; pingRoleId: string | null; lang: Lang }): RenderedMessage {
  const t = translator(opts.lang);
  const head = [
    ...(opts.pingRoleId ? [`<@&${opts.pingRoleId}>`] : []),
    t('posts:digest.title', { from: discordTimestamp(content.from, 'D'), to: discordTimestamp(content.to, 'D') }),
  ];
  const none = t('posts:digest.none');
  const body = [
    ...section(t('posts:digest.reviews'), content.reviews, none, t),
    ...section(t('posts:digest.deadlines'), content.deadlines, none, t),
    ...(content.overdueLetters.length > 0 ? section(t('posts:digest.overdue'), content.overdueLetters, '', t) : []),
  ];
  const tail = opts.late ? [t('posts:digest.late', { when: discordTimestamp(opts.dueAt, 'f') })] : [];
  // Whole lines only; what does not fit is counted.
  const lines = [...head];
  let used = head.join('\n').length + tail.join('\n').length + 80 + MARKER_ROOM;
  let dropped = 0;
  for (const line of body) {
    if (dropped > 0 || used + line.length + 1 > MAX_CONTENT) {
      if (line.startsWith('•')) dropped++;
      continue;
    }
    lines.push(line);
    used += line.length + 1;
  }
  if (dropped > 0) lines.push(t('posts:digest.more', { count: dropped }));
  lines.push(...tail);
  return { content: fitContent(lines.join('\n')), allowedMentions: allowedMentionsFor(opts.pingRoleId) };
}

/** What `/reminders test` posts, in the server's language: it pings nobody. */
export function renderTestMessage(now: Date, lang: Lang): RenderedMessage {
  return {
    content: translator(lang)('posts:reminder.test', { when: discordTimestamp(now, 'f') }),
    allowedMentions: allowedMentionsFor(null),
  };
}
