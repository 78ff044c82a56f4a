// The text of reminders: what is coming, when (Discord timestamps, shown in each reader's own
// zone) and what to do. Mentions: only the server's configured ping role, or nobody, whatever
// text users stored (allowed_mentions says so to Discord; the text alone could not).
import { discordTimestamp } from '../dates/format';
import { leadHours, type LeadTime } from '../dates/lead-times';
import type { AllowedMentions, OutgoingMessage } from '../scheduler/poster';
import { shownBlock, shownInline } from '../text/user-text';
import type { DigestContent, DigestEntry } from './digest';
import type { Milestone as ReminderMilestone } from '../calendar/milestones';

export const MAX_CONTENT = 2000;

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
  stateName: (code: string) => string;
}

/** Mentions allowed in a post: the ping role when one is configured (and wanted), else none. */
export function allowedMentionsFor(pingRoleId: string | null | undefined): AllowedMentions {
  return { parse: [], roles: pingRoleId ? [pingRoleId] : [] };
}

const when = (at: Date, timeKnown: boolean) =>
  `${discordTimestamp(at, timeKnown ? 'F' : 'D')} (${discordTimestamp(at, 'R')})`;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Text cut to Discord's limit at a line break where possible. */
export function fitContent(text: string, max = MAX_CONTENT): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max - 1);
  return cut > max / 2 ? `${text.slice(0, cut)}\n…` : `${text.slice(0, max - 1)}…`;
}

const reviewName = (r: ReviewRef, stateName: (c: string) => string) => `${stateName(r.stateCode)} (UPR Working Group session ${r.session})`;

const WEEK_HOURS = 7 * 24;

function reviewAdvice(lead: LeadTime | undefined): string {
  const hours = lead ? leadHours(lead) : 0;
  if (hours >= 4 * WEEK_HOURS) {
    return 'Now is the time to write to the missions you want to take the floor and make your recommendation: plan each letter with `/letter add`.';
  }
  if (hours >= WEEK_HOURS) {
    return 'States inscribe on the list of speakers the week before the session: follow up on your letters (`/letter list`) and mark the ones sent with `/letter sent`.';
  }
  return 'Watch the interactive dialogue (UN Web TV) and record which states took the floor and what they recommended with `/intervention add`.';
}

/** The message for a review, milestone or letter reminder. */
export function renderReminder(subject: ReminderSubject, opts: RenderOptions): RenderedMessage {
  const lines: string[] = [];
  if (opts.pingRoleId) lines.push(`<@&${opts.pingRoleId}>`);
  const name = opts.stateName;
  switch (subject.kind) {
    case 'review': {
      const r = subject.review;
      lines.push(`📅 **Review of ${reviewName(r, name)}**`);
      lines.push(`When: ${when(r.reviewAt, r.reviewTimeKnown)}${r.reviewTimeKnown ? '' : ' (time not known yet)'}`);
      if (r.notes) lines.push(`Notes: ${shownBlock(clip(r.notes, 300))}`);
      lines.push(`What to do: ${reviewAdvice(opts.lead)}`);
      break;
    }
    case 'milestone': {
      const { milestone: m, review: r } = subject;
      lines.push(`📌 **${m.label.charAt(0).toUpperCase()}${m.label.slice(1)}** for the review of ${reviewName(r, name)}`);
      lines.push(`When: ${when(subject.at, true)}`);
      if (r.reviewAt) lines.push(`The review itself: ${when(r.reviewAt, r.reviewTimeKnown)}`);
      lines.push(`What to do: ${m.action}`);
      break;
    }
    case 'letter': {
      const { letter: l, review: r } = subject;
      const to = `${name(l.stateCode)}${l.recipient ? ` (${shownInline(clip(l.recipient, 200))})` : ''}`;
      lines.push(`✉️ **Letter to ${to}** about the review of ${reviewName(r, name)} is due`);
      lines.push(`Deadline: ${when(l.deadlineAt, l.deadlineTimeKnown)}`);
      if (r.reviewAt) lines.push(`The review: ${when(r.reviewAt, r.reviewTimeKnown)}`);
      if (l.ask) lines.push(`Ask: ${shownBlock(clip(l.ask, 300))}`);
      lines.push('What to do: send it, then mark it sent with `/letter sent` (that stops its reminders).');
      break;
    }
  }
  // Late: the bot was down (or far behind) when it came due. Said plainly, without guessing why.
  if (opts.late) lines.push(`⏰ Posted late: this reminder was due ${discordTimestamp(opts.dueAt, 'f')}.`);
  return { content: fitContent(lines.join('\n')), allowedMentions: allowedMentionsFor(opts.pingRoleId) };
}

function section(title: string, entries: DigestEntry[], empty: string): string[] {
  if (entries.length === 0) return [`**${title}**`, empty];
  return [`**${title}**`, ...entries.map((e) => `• ${discordTimestamp(e.at, e.timeKnown ? 'f' : 'D')} (${discordTimestamp(e.at, 'R')}) — ${shownInline(e.text)}`)];
}

/** The weekly digest: reviews and deadlines of the next two weeks, and overdue letters. */
export function renderDigest(content: DigestContent, opts: { late: boolean; dueAt: Date; pingRoleId: string | null }): RenderedMessage {
  const head = [
    ...(opts.pingRoleId ? [`<@&${opts.pingRoleId}>`] : []),
    `🗞️ **UPR weekly digest** — ${discordTimestamp(content.from, 'D')} to ${discordTimestamp(content.to, 'D')}`,
  ];
  const body = [
    ...section('Reviews in the next two weeks', content.reviews, 'None.'),
    ...section('Deadlines in the next two weeks', content.deadlines, 'None.'),
    ...(content.overdueLetters.length > 0
      ? section('Overdue letters (mark them with `/letter sent` once sent)', content.overdueLetters, '')
      : []),
  ];
  const tail = opts.late ? [`⏰ Posted late: it was due ${discordTimestamp(opts.dueAt, 'f')}.`] : [];
  // Whole lines only; what does not fit is counted.
  const lines = [...head];
  let used = head.join('\n').length + tail.join('\n').length + 80;
  let dropped = 0;
  for (const line of body) {
    if (dropped > 0 || used + line.length + 1 > MAX_CONTENT) {
      if (line.startsWith('•')) dropped++;
      continue;
    }
    lines.push(line);
    used += line.length + 1;
  }
  if (dropped > 0) lines.push(`… and ${dropped} more: see \`/upr list\` and \`/letter list\`.`);
  lines.push(...tail);
  return { content: fitContent(lines.join('\n')), allowedMentions: allowedMentionsFor(opts.pingRoleId) };
}

/** What `/reminders test` posts: it pings nobody. */
export function renderTestMessage(now: Date): RenderedMessage {
  return {
    content: `✅ Test message from the UPR reminders bot (${discordTimestamp(now, 'f')}): reminders for this server are posted in this channel.`,
    allowedMentions: allowedMentionsFor(null),
  };
}
