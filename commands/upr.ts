// /upr — reviews: add, list, next, show, edit, remove, calendar (.ics), import (the 4th-cycle calendar).
import { discordTimestamp, discordWhen } from '../src/dates/format';
import { isEstimate, MILESTONES } from '../src/calendar/milestones';
import { reviewLabel, statusLabel } from '../src/services/reviews';
import { stateName } from '../src/states';
import { packKey, pageButtons, selectMenu, unpackKey, type Row } from '../src/discord/components';
import { command, opt, sub, type CommandContext, type Reply } from '../src/discord/framework';
import { date, review, reviewStatus, state, time } from '../src/discord/options';
import { COLOR, reviewEmbed, reviewLine, reviewWhenRich, withWarnings } from '../src/discord/views';
import type { ReviewFilters, ReviewStatus } from '../src/services/reviews';

const PAGE = 10;

const FIELD_NAMES: Record<string, string> = { reviewAt: 'review day', status: 'status', notes: 'notes', dateConfidence: 'confirmed or projected' };
const fieldName = (f: string): string => FIELD_NAMES[f] ?? MILESTONES.find((m) => m.field === f)?.label ?? f;

async function listReply(ctx: CommandContext, typed: ReviewFilters, page: number): Promise<Reply> {
  const res = await ctx.services.reviews.list(ctx.guildId, typed, page, PAGE);
  // The service resolved the state and dates once; the page buttons carry what it found.
  const filters = res.filters;
  const key = packKey([filters.session, filters.state, filters.status, filters.from, filters.to]);
  const desc = res.items.length ? res.items.map((r) => reviewLine(r, res.zone)).join('\n') : 'No reviews match. Add one with `/upr add` or import the calendar with `/upr import`.';
  const rows: Row[] = [];
  const pager = pageButtons('upr', 'list', res.page, res.pageCount, key);
  if (pager) rows.push(pager);
  const menu = selectMenu('upr', 'show', 'Show a review…', res.items.map((r) => ({ label: reviewLabel(r, res.zone), value: `#${r.id}` })));
  if (menu) rows.push(menu);
  const shown = [filters.session != null ? `WG ${filters.session}` : null, filters.state ? stateName(filters.state) : null, filters.status ? statusLabel(filters.status) : null, filters.from ? `from ${filters.from}` : null, filters.to ? `to ${filters.to}` : null].filter(Boolean);
  return {
    embeds: [{ title: `Reviews (${res.total})${shown.length ? ` — ${shown.join(', ')}` : ''}`, description: desc, color: COLOR, footer: { text: `Page ${res.page}/${res.pageCount} · upcoming first` } }],
    components: rows,
  };
}

export default command({
  name: 'upr',
  description: 'UPR reviews this server follows',
  subcommands: {
    add: sub({
      description: 'Add a review',
      access: 'change',
      options: {
        state: state('State under review'),
        date: date('Day of the review'),
        time: time().optional(),
        session: opt.integer('WG session number (found from the date when left out)', { min: 1, max: 99 }).optional(),
        status: reviewStatus().optional(),
        notes: opt.string('Notes', { max: 1000 }).optional(),
        channel: opt.channel("Channel for this review's reminders (default: the server's)").optional(),
      },
      async run(ctx, o) {
        const r = await ctx.services.reviews.add(ctx.guildId, { state: o.state, date: o.date, time: o.time, session: o.session, status: o.status, notes: o.notes, channelId: o.channel, createdBy: ctx.userId });
        const lines = [
          `Added **${stateName(r.stateCode)}** — WG ${r.session}: ${reviewWhenRich(r, 'UTC')}${r.reviewTimeKnown ? '' : ' (time not known: reminders count from 09:00 server time)'}.`,
          r.submissionDeadlineAt
            ? isEstimate(r, 'submissionDeadlineAt', new Set())
              ? `Estimated stakeholder submission deadline: ${discordTimestamp(r.submissionDeadlineAt, 'D')} (estimate, on the early side; set the real one with \`/upr edit submission-deadline\`).`
              : `Stakeholder submission deadline (published by OHCHR): ${discordTimestamp(r.submissionDeadlineAt, 'D')}.`
            : '',
          r.channelId ? `Reminders go to <#${r.channelId}>.` : '',
          `Review \`#${r.id}\` — see it with \`/upr show\`.`,
        ];
        return { content: withWarnings(lines.filter(Boolean).join('\n'), r.warnings) };
      },
    }),
    list: sub({
      description: 'List reviews, upcoming first',
      access: 'read',
      options: {
        session: opt.integer('WG session number', { min: 1, max: 99 }).optional(),
        state: state('State under review').optional(),
        status: reviewStatus().optional(),
        from: date('From day').optional(),
        to: date('To day').optional(),
      },
      async run(ctx, o) {
        return listReply(ctx, { session: o.session, state: o.state, status: o.status, from: o.from, to: o.to }, 1);
      },
    }),
    next: sub({
      description: 'The next review and the next deadlines',
      access: 'read',
      options: {},
      async run(ctx) {
        const n = await ctx.services.reviews.next(ctx.guildId);
        if (!n.reviews.length && !n.milestones.length) return { content: 'No upcoming review. Add one with `/upr add` or import the calendar with `/upr import`.' };
        const first = n.reviews[0];
        const lines: string[] = [];
        if (first) lines.push(`**Next review:** ${stateName(first.stateCode)} — WG ${first.session} — ${discordWhen(first.reviewAt!, first.reviewTimeKnown)} \`#${first.id}\``);
        if (n.reviews.length > 1) lines.push('', '**Then:**', ...n.reviews.slice(1).map((r) => `• ${stateName(r.stateCode)} — WG ${r.session} — ${discordTimestamp(r.reviewAt!, 'D')}`));
        if (n.milestones.length) {
          lines.push('', '**Coming deadlines:**', ...n.milestones.map((m) => `• ${m.label} — ${stateName(m.review.stateCode)} WG ${m.review.session}: ${discordTimestamp(m.at, 'D')} (${discordTimestamp(m.at, 'R')})${m.estimate ? ' *estimate*' : ''}`));
        }
        return { embeds: [{ title: 'Coming up', description: lines.join('\n'), color: COLOR }] };
      },
    }),
    show: sub({
      description: 'One review with its milestones, letters and interventions',
      access: 'read',
      options: { review: review() },
      async run(ctx, o) {
        return { embeds: [reviewEmbed(await ctx.services.reviews.show(ctx.guildId, o.review))] };
      },
    }),
    edit: sub({
      description: 'Change a review',
      access: 'change',
      options: {
        review: review(),
        date: date('New day').optional(),
        time: time('New time, e.g. 10:00 (server time zone)').optional(),
        session: opt.integer('WG session number', { min: 1, max: 99 }).optional(),
        status: reviewStatus().optional(),
        notes: opt.string('Notes (replaces the old ones)', { max: 1000 }).optional(),
        channel: opt.channel("Channel for this review's reminders").optional(),
        'default-channel': opt.boolean("Send this review's reminders to the server's channel again").optional(),
        'submission-deadline': date('Real stakeholder submission deadline (replaces the estimate)').optional(),
      },
      async run(ctx, o) {
        const r = await ctx.services.reviews.edit(ctx.guildId, o.review, {
          date: o.date,
          time: o.time,
          session: o.session,
          status: o.status as ReviewStatus | undefined,
          notes: o.notes,
          channelId: o.channel,
          clearChannel: o['default-channel'] === true,
          submissionDeadline: o['submission-deadline'],
        });
        return { content: withWarnings(`Updated **${reviewLabel(r, r.zone)}** (\`#${r.id}\`): ${reviewWhenRich(r, r.zone)}, ${statusLabel(r.status)}. Reminders re-planned.`, r.warnings) };
      },
    }),
    remove: sub({
      description: 'Remove a review (with its letters and interventions)',
      access: 'change',
      options: { review: review() },
      async run(ctx, o) {
        const res = await ctx.services.reviews.remove(ctx.guildId, o.review);
        return { content: `Removed **${reviewLabel(res.review, res.zone)}** with ${res.letters} letter(s), ${res.interventions} intervention(s) and ${res.recommendations} recommendation(s). Its pending reminders are cancelled.` };
      },
    }),
    calendar: sub({
      description: 'Download the reviews, milestones and letter deadlines as a calendar file (.ics)',
      access: 'read',
      options: {
        session: opt.integer('WG session number', { min: 1, max: 99 }).optional(),
        state: state('State under review').optional(),
        from: date('From day').optional(),
        to: date('To day').optional(),
      },
      async run(ctx, o) {
        const cal = await ctx.services.calendarExport.export(ctx.guildId, { session: o.session, state: o.state, from: o.from, to: o.to }, ctx.lang);
        if (!cal.events) return { content: 'Nothing to put in a calendar: no review, milestone or letter deadline matches. Add reviews with `/upr add` or `/upr import`.', ephemeral: true };
        return {
          content: `Calendar file with **${cal.events}** event(s): import it into your calendar app. Importing a newer file again updates these events instead of adding copies. Times are Geneva time; estimated dates say "(estimate)".`,
          files: [{ name: cal.fileName, data: Buffer.from(cal.ics, 'utf8') }],
          ephemeral: true,
        };
      },
    }),
    import: sub({
      description: 'Import the 4th-cycle UPR calendar (one WG session or all)',
      access: 'change',
      defer: 'public',
      options: { session: opt.integer('WG session (41-54); all when left out', { min: 41, max: 54 }).optional() },
      async run(ctx, o) {
        const r = await ctx.services.calendar.import(ctx.guildId, o.session);
        const which = r.sessions.length === 1 ? `WG session ${r.sessions[0]}` : `WG sessions ${r.sessions[0]}-${r.sessions[r.sessions.length - 1]}`;
        return {
          content: [
            `Imported the 4th-cycle calendar (${which}): **${r.created}** created, **${r.updated}** updated, **${r.unchanged}** unchanged.`,
            r.keptUserEdits ? `${r.keptUserEdits} review(s) kept what users edited.` : '',
            r.changes.length ? `Changed: ${r.changes.slice(0, 10).map((c) => `${stateName(c.stateCode)} WG ${c.session} (${c.fields.map(fieldName).join(', ')})`).join('; ')}${r.changes.length > 10 ? `; and ${r.changes.length - 10} more` : ''}.` : '',
            'Days without a known time count from 09:00 server time; projected entries are marked as such. List them with `/upr list`.',
          ].filter(Boolean).join('\n'),
        };
      },
    }),
  },
  components: {
    list: {
      access: 'read',
      async run(ctx, [page = '1', key = ''], _values) {
        const [session, stateCode, status, from, to] = unpackKey(key);
        const reply = await listReply(ctx, { session: session ? Number(session) : undefined, state: stateCode, status: status as ReviewStatus | undefined, from, to }, Number(page) || 1);
        return { ...reply, update: true };
      },
    },
    show: {
      access: 'read',
      async run(ctx, _args, values) {
        return { embeds: [reviewEmbed(await ctx.services.reviews.show(ctx.guildId, values[0] ?? ''))], ephemeral: true };
      },
    },
  },
});
