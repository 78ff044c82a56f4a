// What goes into a server's UPR calendar: each review (its interactive dialogue, 3.5 hours, in
// Geneva time where known, else all day), each letter deadline and each milestone of a review.
// UIDs name the server and the row, so a re-import or a feed refresh updates, never duplicates.
import { DateTime } from 'luxon';
import { stateName } from '../states';
import { GENEVA_ZONE, type CalendarEntry } from './build';

/** The interactive dialogue lasts three and a half hours. */
const DIALOGUE_MINUTES = 210;
const UID_DOMAIN = 'upr-advocacy-bot';

export interface ReviewForCalendar {
  id: number;
  stateCode: string;
  session: number;
  reviewAt: Date | null;
  reviewTimeKnown: boolean;
  status: 'scheduled' | 'held' | 'postponed' | 'rescheduled' | 'not_held';
  dateConfidence: string | null;
  notes: string | null;
  updatedAt: Date;
  milestones: Array<{ field: string; title: string; at: Date; estimate: boolean }>;
}

export interface LetterForCalendar {
  id: number;
  reviewId: number;
  stateCode: string;
  recipient: string | null;
  ask: string | null;
  deadlineAt: Date;
  deadlineTimeKnown: boolean;
  status: 'planned' | 'sent' | 'cancelled';
  updatedAt: Date;
}

export const reviewUid = (guildId: string, reviewId: number): string => `review-${reviewId}.guild-${guildId}@${UID_DOMAIN}`;
export const letterUid = (guildId: string, letterId: number): string => `letter-${letterId}.guild-${guildId}@${UID_DOMAIN}`;
export const milestoneUid = (guildId: string, reviewId: number, field: string): string => `milestone-${field}.review-${reviewId}.guild-${guildId}@${UID_DOMAIN}`;

/** Postponed and not-held reviews are cancelled events (with their milestones). */
export const reviewCancelled = (r: Pick<ReviewForCalendar, 'status'>): boolean => r.status === 'postponed' || r.status === 'not_held';

function allDay(at: Date, zone: string): CalendarEntry['allDay'] {
  const day = DateTime.fromJSDate(at, { zone }).startOf('day');
  return { start: day.toISODate()!, endExclusive: day.plus({ days: 1 }).toISODate()! };
}

const statusNote = (r: ReviewForCalendar): string =>
  r.status === 'postponed' ? 'Postponed.' : r.status === 'not_held' ? 'Not held.' : r.status === 'rescheduled' ? 'Rescheduled.' : r.status === 'held' ? 'Held.' : '';

export function reviewEntries(guildId: string, zone: string, r: ReviewForCalendar): CalendarEntry[] {
  const name = stateName(r.stateCode);
  const cancelled = reviewCancelled(r);
  const out: CalendarEntry[] = [];
  if (r.reviewAt) {
    const projected = r.dateConfidence === 'projected';
    const geneva = DateTime.fromJSDate(r.reviewAt, { zone: GENEVA_ZONE });
    out.push({
      uid: reviewUid(guildId, r.id),
      summary: `${cancelled ? 'Cancelled: ' : ''}UPR review of ${name} (WG ${r.session})${projected ? ' (projected date)' : ''}`,
      description: [
        `Interactive dialogue of the Universal Periodic Review of ${name}, Working Group session ${r.session}, Palais des Nations, Geneva (UN Web TV).`,
        r.reviewTimeKnown ? `Starts ${geneva.toFormat('HH:mm')} Geneva time.` : 'Time not known yet: shown as an all-day event.',
        projected ? 'The date is projected from the calendar, not yet confirmed.' : '',
        statusNote(r),
        r.notes ? `Notes: ${r.notes}` : '',
        `In Discord: /upr show review:#${r.id}`,
      ].filter(Boolean).join('\n'),
      start: r.reviewAt,
      end: new Date(r.reviewAt.getTime() + DIALOGUE_MINUTES * 60_000),
      ...(r.reviewTimeKnown ? {} : { allDay: allDay(r.reviewAt, zone) }),
      cancelled,
      tentative: projected,
      lastModified: r.updatedAt,
    });
  }
  for (const m of r.milestones) {
    out.push({
      uid: milestoneUid(guildId, r.id, m.field),
      summary: `${cancelled ? 'Cancelled: ' : ''}${m.title} — ${name} (WG ${r.session})${m.estimate ? ' (estimate)' : ''}`,
      description: [
        `${m.title} for the UPR review of ${name}, WG session ${r.session}.`,
        m.estimate ? 'Estimated date: check the official one.' : '',
        cancelled ? `The review is ${r.status === 'postponed' ? 'postponed' : 'not held'}.` : '',
        `In Discord: /upr show review:#${r.id}`,
      ].filter(Boolean).join('\n'),
      start: m.at,
      end: m.at,
      allDay: allDay(m.at, GENEVA_ZONE),
      cancelled,
      tentative: m.estimate,
      lastModified: r.updatedAt,
    });
  }
  return out;
}

export function letterEntry(guildId: string, zone: string, l: LetterForCalendar, review: { stateCode: string; session: number }): CalendarEntry {
  const to = stateName(l.stateCode);
  const about = stateName(review.stateCode);
  return {
    uid: letterUid(guildId, l.id),
    summary: `${l.status === 'cancelled' ? 'Cancelled: ' : ''}Letter to ${to} about ${about}'s review — deadline${l.status === 'sent' ? ' (sent)' : ''}`,
    description: [
      `Deadline to send the letter to ${l.recipient ?? to}, urging action in the UPR review of ${about} (WG ${review.session}).`,
      l.ask ? `Ask: ${l.ask}` : '',
      `In Discord: /letter list`,
    ].filter(Boolean).join('\n'),
    start: l.deadlineAt,
    end: l.deadlineAt,
    ...(l.deadlineTimeKnown ? {} : { allDay: allDay(l.deadlineAt, zone) }),
    cancelled: l.status === 'cancelled',
    tentative: false,
    lastModified: l.updatedAt,
  };
}
