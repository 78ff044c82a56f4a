// Turning service results into Discord replies: embeds, Discord timestamps, state names.
import type { APIEmbed } from 'discord.js';
import { discordTimestamp, discordWhen } from '../dates/format';
import type { Models } from '../db/client';
import { MILESTONES } from '../calendar/milestones';
import { reviewLabel, reviewWhen, statusLabel, type ReviewDetails } from '../services/reviews';
import type { LetterWithReview } from '../services/letters';
import { stateName } from '../states';
import { shownBlock, shownInline } from '../text/user-text';
import { truncate } from './limits';

export const COLOR = 0x0a66c2;

/** Review day as a Discord timestamp, or the session window in words. */
export function reviewWhenRich(r: Models.Review, zone: string): string {
  if (r.reviewAt) return discordWhen(r.reviewAt, r.reviewTimeKnown);
  return reviewWhen(r, zone);
}

export function reviewLine(r: Models.Review, zone: string): string {
  const bits = [`**${stateName(r.stateCode)}** — WG ${r.session} — ${reviewWhenRich(r, zone)}`];
  if (r.status !== 'scheduled') bits.push(`*${statusLabel(r.status)}*`);
  if (r.dateConfidence === 'projected') bits.push('*(projected)*');
  return `\`#${r.id}\` ${bits.join(' · ')}`;
}

export function reviewEmbed(d: ReviewDetails): APIEmbed {
  const r = d.review;
  const lines = [
    `**When:** ${reviewWhenRich(r, d.zone)}${r.reviewAt && !r.reviewTimeKnown ? ' (time not known)' : ''}`,
    `**Status:** ${statusLabel(r.status)}${r.dateConfidence ? ` · calendar: ${r.dateConfidence}` : ''}`,
  ];
  if (r.channelId) lines.push(`**Reminders in:** <#${r.channelId}>`);
  if (r.notes) lines.push(`**Notes:** ${shownBlock(truncate(r.notes, 1000))}`);
  const milestones = MILESTONES.map((m) => {
    const at = r[m.field];
    if (!at) return null;
    const est = d.estimated.has(m.field);
    return `• ${m.title}: ${discordTimestamp(at, 'D')}${est ? ` — *estimate (${m.typical})*` : ''}`;
  }).filter(Boolean);
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (milestones.length) fields.push({ name: 'Milestones', value: milestones.join('\n') });
  if (d.letters.length) fields.push({ name: `Letters (${d.letters.length})`, value: d.letters.map((l) => letterLine({ ...l, review: r })).join('\n') });
  const states = new Set(d.interventions.map((i) => i.stateCode));
  d.recommendations.forEach((rec) => rec.states.forEach((s) => states.add(s.stateCode)));
  if (states.size || d.recommendations.length) {
    fields.push({
      name: 'Interventions',
      value: `${states.size} state(s) took the floor; ${d.recommendations.length} recommendation(s) recorded. Details: \`/intervention summary\`.`,
    });
  }
  return { title: truncate(reviewLabel(r, d.zone), 256), description: lines.join('\n'), fields, color: COLOR, footer: { text: `Review #${r.id} · estimates follow typical UPR timing; set real dates with /upr edit` } };
}

/** One letter as a list line; its dates are Discord timestamps, shown in each reader's zone. */
export function letterLine(l: LetterWithReview): string {
  const about = `about ${stateName(l.review.stateCode)} WG ${l.review.session}`;
  const status =
    l.status === 'sent' ? `sent ${l.sentAt ? discordTimestamp(l.sentAt, 'D') : ''}` : l.status === 'cancelled' ? 'cancelled' : `due ${l.deadlineTimeKnown ? discordTimestamp(l.deadlineAt, 'f') : discordTimestamp(l.deadlineAt, 'D')} (${discordTimestamp(l.deadlineAt, 'R')})`;
  return `\`#${l.id}\` **${stateName(l.stateCode)}**${l.recipient ? ` (${shownInline(truncate(l.recipient, 80))})` : ''} — ${about} — ${status}`;
}

export const names = (codes: readonly string[]): string => codes.map((c) => stateName(c)).join(', ');

/** A reply's text with what was unusual about the input, each on its own line. */
export const withWarnings = (content: string, warnings: readonly string[]): string => [content, ...warnings.map((w) => `⚠️ ${w}`)].join('\n');
