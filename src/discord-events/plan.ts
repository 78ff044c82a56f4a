// What a server's Discord scheduled events should be: one external event per upcoming review
// (scheduled or rescheduled, starting in the future), nearest first, as many as fit under
// Discord's limit of 100 uncompleted events in a server (events others made count too). Written
// in the server's language; a change of language changes the fingerprints, so the events follow.
import { createHash } from 'node:crypto';
import { translator, type Lang } from '../i18n';

export const DISCORD_EVENT_LIMIT = 100;
/** The interactive dialogue lasts three and a half hours. */
const DIALOGUE_MS = 210 * 60_000;

export interface ReviewRow {
  id: number;
  stateCode: string;
  session: number;
  reviewAt: Date | null;
  reviewTimeKnown: boolean;
  status: string;
  notes: string | null;
}

export interface EventPayload {
  name: string;
  description: string;
  scheduled_start_time: string;
  scheduled_end_time: string;
  entity_type: 3;
  privacy_level: 2;
  entity_metadata: { location: string };
}

export interface DesiredEvent {
  reviewId: number;
  payload: EventPayload;
  fingerprint: string;
}

export function eventPayload(r: ReviewRow & { reviewAt: Date }, lang: Lang): EventPayload {
  const t = translator(lang);
  const review = { code: r.stateCode, session: r.session };
  const name = t('posts:event.name', review);
  const description = [
    t('posts:event.description', review),
    r.reviewTimeKnown ? '' : t('posts:event.timeUnknown'),
    r.status === 'rescheduled' ? t('posts:event.rescheduled') : '',
    t('posts:event.details', { id: r.id }),
  ].filter(Boolean).join('\n');
  return {
    name: name.length <= 100 ? name : `${name.slice(0, 99)}…`,
    description: description.slice(0, 1000),
    scheduled_start_time: r.reviewAt.toISOString(),
    scheduled_end_time: new Date(r.reviewAt.getTime() + DIALOGUE_MS).toISOString(),
    entity_type: 3,
    privacy_level: 2,
    entity_metadata: { location: t('posts:event.location') },
  };
}

/** The events to have, nearest first, at most `capacity`. */
export function desiredEvents(reviews: readonly ReviewRow[], now: Date, capacity: number, lang: Lang): DesiredEvent[] {
  return reviews
    .filter((r): r is ReviewRow & { reviewAt: Date } => (r.status === 'scheduled' || r.status === 'rescheduled') && !!r.reviewAt && r.reviewAt.getTime() > now.getTime())
    .sort((a, b) => a.reviewAt.getTime() - b.reviewAt.getTime() || a.id - b.id)
    .slice(0, Math.max(0, capacity))
    .map((r) => {
      const payload = eventPayload(r, lang);
      return { reviewId: r.id, payload, fingerprint: createHash('sha256').update(JSON.stringify(payload)).digest('hex') };
    });
}
