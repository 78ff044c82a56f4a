// Turning service results into Discord replies in the reader's language: embeds, Discord
// timestamps, state names. Every helper takes the reader's translator (`ctx.t`) last.
import type { APIEmbed } from 'discord.js';
import { discordTimestamp, discordWhen } from '../dates/format';
import type { Models } from '../db/client';
import type { Message } from '../domain-error';
import { MILESTONES } from '../calendar/milestones';
import { renderMessage, type Lang, type T } from '../i18n';
import { reviewLabel, reviewWhen, type ReviewDetails } from '../services/reviews';
import type { LetterWithReview } from '../services/letters';
import { stateName } from '../states';
import { shownBlock, shownInline } from '../text/user-text';
import { truncate } from './limits';

export const COLOR = 0x0a66c2;

/** A review's status in words ("not held"). */
export const statusName = (status: string, t: T): string => t(`common:status.${status}`);

/** Review day as a Discord timestamp, or the session window in words. */
export function reviewWhenRich(r: Models.Review, zone: string, t: T): string {
  if (r.reviewAt) return discordWhen(r.reviewAt, r.reviewTimeKnown);
  return reviewWhen(r, zone, t);
}

export function reviewLine(r: Models.Review, zone: string, t: T): string {
  const bits = [t('common:review.line', { id: r.id, code: r.stateCode, session: r.session, when: reviewWhenRich(r, zone, t) })];
  if (r.status !== 'scheduled') bits.push(t('common:review.statusMark', { status: statusName(r.status, t) }));
  if (r.dateConfidence === 'projected') bits.push(t('common:review.projectedMark'));
  return bits.join(' · ');
}

export function reviewEmbed(d: ReviewDetails, t: T): APIEmbed {
  const r = d.review;
  const when = reviewWhenRich(r, d.zone, t);
  const status = statusName(r.status, t);
  const lines = [
    t(r.reviewAt && !r.reviewTimeKnown ? 'common:review.whenNoTime' : 'common:review.when', { when }),
    r.dateConfidence ? t('common:review.statusCalendar', { status, calendar: t(`common:review.confidence.${r.dateConfidence}`, { defaultValue: r.dateConfidence }) }) : t('common:review.status', { status }),
  ];
  if (r.channelId) lines.push(t('common:review.channel', { channelId: r.channelId }));
  if (r.notes) lines.push(t('common:review.notes', { notes: shownBlock(truncate(r.notes, 1000)) }));
  const milestones = MILESTONES.map((m) => {
    const at = r[m.field];
    if (!at) return null;
    const vars = { title: t(`common:milestone.${m.key}.title`), at: discordTimestamp(at, 'D') };
    return d.estimated.has(m.field) ? t('common:review.milestoneEstimate', { ...vars, typical: t(`common:milestone.${m.key}.typical`) }) : t('common:review.milestone', vars);
  }).filter(Boolean);
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (milestones.length) fields.push({ name: t('common:review.milestones'), value: milestones.join('\n') });
  if (d.letters.length) fields.push({ name: t('common:review.letters', { total: d.letters.length }), value: d.letters.map((l) => letterLine({ ...l, review: r }, t)).join('\n') });
  const states = new Set(d.interventions.map((i) => i.stateCode));
  d.recommendations.forEach((rec) => rec.states.forEach((s) => states.add(s.stateCode)));
  if (states.size || d.recommendations.length) {
    fields.push({
      name: t('common:review.interventions'),
      value: t('common:review.interventionCounts', {
        states: t('common:review.statesSpoke', { count: states.size }),
        recommendations: t('common:review.recommendationsRecorded', { count: d.recommendations.length }),
      }),
    });
  }
  return { title: truncate(reviewLabel(r, d.zone, t), 256), description: lines.join('\n'), fields, color: COLOR, footer: { text: t('common:review.footer', { id: r.id }) } };
}

/** One letter as a list line; its dates are Discord timestamps, shown in each reader's zone. */
export function letterLine(l: LetterWithReview, t: T): string {
  const status =
    l.status === 'sent'
      ? l.sentAt
        ? t('common:letter.sent', { at: discordTimestamp(l.sentAt, 'D') })
        : t('common:letter.sentUndated')
      : l.status === 'cancelled'
        ? t('common:letter.cancelled')
        : t('common:letter.due', { at: discordTimestamp(l.deadlineAt, l.deadlineTimeKnown ? 'f' : 'D'), relative: discordTimestamp(l.deadlineAt, 'R') });
  const vars = { id: l.id, code: l.stateCode, about: l.review.stateCode, session: l.review.session, status };
  return l.recipient ? t('common:letter.lineRecipient', { ...vars, recipient: shownInline(truncate(l.recipient, 80)) }) : t('common:letter.line', vars);
}

/** State names for a reader, comma-separated (as lists of states read in replies). */
export const names = (codes: readonly string[], lang: Lang): string => codes.map((c) => stateName(c, lang)).join(', ');

/** A reply's text with what was unusual about the input, each on its own line. */
export const withWarnings = (content: string, warnings: readonly Message[], t: T): string => [content, ...warnings.map((w) => t('common:warning', { text: renderMessage(w, t) }))].join('\n');
