// What goes into a server's UPR calendar: each review (its interactive dialogue, 3.5 hours, in
// Geneva time where known, else all day), each letter deadline and each milestone of a review.
// UIDs name the server and the row, so a re-import or a feed refresh updates, never duplicates.
// Texts are in the language asked for (the reader's for a file, the server's for its feed).
import { DateTime } from 'luxon';
import { translator, type Lang, type T } from '../i18n';
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
  /** `key`: the milestone's ("submission"), naming its title in the catalogs. */
  milestones: Array<{ field: string; key: string; at: Date; estimate: boolean }>;
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

const STATUS_NOTE: Partial<Record<ReviewForCalendar['status'], string>> = {
  postponed: 'posts:ical.review.postponed',
  not_held: 'posts:ical.review.notHeld',
  rescheduled: 'posts:ical.review.rescheduled',
  held: 'posts:ical.review.held',
};

const titled = (title: string, cancelled: boolean, t: T) => (cancelled ? t('posts:ical.cancelled', { title }) : title);

export function reviewEntries(guildId: string, zone: string, r: ReviewForCalendar, lang: Lang): CalendarEntry[] {
  const t = translator(lang);
  const review = { code: r.stateCode, session: r.session };
  const cancelled = reviewCancelled(r);
  const out: CalendarEntry[] = [];
  if (r.reviewAt) {
    const projected = r.dateConfidence === 'projected';
    const geneva = DateTime.fromJSDate(r.reviewAt, { zone: GENEVA_ZONE });
    const status = STATUS_NOTE[r.status];
    out.push({
      uid: reviewUid(guildId, r.id),
      summary: titled(t(projected ? 'posts:ical.review.summaryProjected' : 'posts:ical.review.summary', review), cancelled, t),
      description: [
        t('posts:ical.review.dialogue', review),
        r.reviewTimeKnown ? t('posts:ical.review.starts', { time: geneva.toFormat('HH:mm') }) : t('posts:ical.review.timeUnknown'),
        projected ? t('posts:ical.review.projected') : '',
        status ? t(status) : '',
        r.notes ? t('posts:ical.review.notes', { notes: r.notes }) : '',
        t('posts:ical.review.inDiscord', { id: r.id }),
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
    const title = t(`posts:milestones.${m.key}.title`);
    out.push({
      uid: milestoneUid(guildId, r.id, m.field),
      summary: titled(t(m.estimate ? 'posts:ical.milestone.summaryEstimate' : 'posts:ical.milestone.summary', { ...review, title }), cancelled, t),
      description: [
        t('posts:ical.milestone.description', { ...review, title }),
        m.estimate ? t('posts:ical.milestone.estimate') : '',
        cancelled ? t(r.status === 'postponed' ? 'posts:ical.milestone.postponed' : 'posts:ical.milestone.notHeld') : '',
        t('posts:ical.review.inDiscord', { id: r.id }),
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

export function letterEntry(guildId: string, zone: string, l: LetterForCalendar, review: { stateCode: string; session: number }, lang: Lang): CalendarEntry {
  const t = translator(lang);
  const about = { to: l.stateCode, code: review.stateCode, session: review.session };
  return {
    uid: letterUid(guildId, l.id),
    summary: titled(t(l.status === 'sent' ? 'posts:ical.letter.summarySent' : 'posts:ical.letter.summary', about), l.status === 'cancelled', t),
    description: [
      l.recipient ? t('posts:ical.letter.descriptionRecipient', { ...about, recipient: l.recipient }) : t('posts:ical.letter.description', about),
      l.ask ? t('posts:ical.letter.ask', { ask: l.ask }) : '',
      t('posts:ical.letter.inDiscord'),
    ].filter(Boolean).join('\n'),
    start: l.deadlineAt,
    end: l.deadlineAt,
    ...(l.deadlineTimeKnown ? {} : { allDay: allDay(l.deadlineAt, zone) }),
    cancelled: l.status === 'cancelled',
    tentative: false,
    lastModified: l.updatedAt,
  };
}
