// /upr — reviews: add, list, next, show, edit, remove, calendar (.ics), import (the 4th-cycle calendar).
import { discordTimestamp, discordWhen } from '../src/dates/format';
import { MILESTONES, isEstimate } from '../src/calendar/milestones';
import type { T } from '../src/i18n';
import { reviewLabel } from '../src/services/reviews';
import { stateName } from '../src/states';
import { packKey, pageButtons, selectMenu, unpackKey, type Row } from '../src/discord/components';
import { command, opt, sub, type CommandContext, type Reply } from '../src/discord/framework';
import { date, review, reviewStatus, state, time } from '../src/discord/options';
import { COLOR, reviewEmbed, reviewLine, reviewWhenRich, statusName, withWarnings } from '../src/discord/views';
import type { ReviewFilters, ReviewStatus } from '../src/services/reviews';

const PAGE = 10;

/** A review field an import changed, in words ("review day", "stakeholder submission deadline"). */
function fieldName(field: string, t: T): string {
  const milestone = MILESTONES.find((m) => m.field === field);
  if (milestone) return t(`common:milestone.${milestone.key}.label`);
  return ['reviewAt', 'status', 'notes', 'dateConfidence'].includes(field) ? t(`upr:field.${field}`) : field;
}

/** The title's filters, each in the reader's words ("WG 50", "Belarus", "from 2025-11-04"). */
function filterNames(f: ReviewFilters, ctx: CommandContext): string[] {
  const { t } = ctx;
  return [
    f.session != null ? t('upr:list.filter.session', { session: f.session }) : null,
    f.state ? stateName(f.state, ctx.lang) : null,
    f.status ? statusName(f.status, t) : null,
    f.from ? t('upr:list.filter.from', { day: f.from }) : null,
    f.to ? t('upr:list.filter.to', { day: f.to }) : null,
  ].filter((x): x is string => x !== null);
}

async function listReply(ctx: CommandContext, typed: ReviewFilters, page: number): Promise<Reply> {
  const { t } = ctx;
  const res = await ctx.services.reviews.list(ctx.guildId, typed, page, PAGE);
  // The service resolved the state and dates once; the page buttons carry what it found.
  const filters = res.filters;
  const key = packKey([filters.session, filters.state, filters.status, filters.from, filters.to]);
  const desc = res.items.length ? res.items.map((r) => reviewLine(r, res.zone, t)).join('\n') : t('upr:list.empty');
  const rows: Row[] = [];
  const pager = pageButtons('upr', 'list', res.page, res.pageCount, key, t);
  if (pager) rows.push(pager);
  const menu = selectMenu('upr', 'show', t('upr:list.pick'), res.items.map((r) => ({ label: reviewLabel(r, res.zone, t), value: `#${r.id}` })));
  if (menu) rows.push(menu);
  // A list of filters, not a sentence: each one is a whole label of its own.
  const shown = filterNames(filters, ctx);
  return {
    embeds: [
      {
        title: shown.length ? t('upr:list.titleFiltered', { total: res.total, filters: shown.join(', ') }) : t('upr:list.title', { total: res.total }),
        description: desc,
        color: COLOR,
        footer: { text: t('upr:list.footer', { page: res.page, pageCount: res.pageCount }) },
      },
    ],
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
        const { t } = ctx;
        const r = await ctx.services.reviews.add(ctx.guildId, { state: o.state, date: o.date, time: o.time, session: o.session, status: o.status, notes: o.notes, channelId: o.channel, createdBy: ctx.userId, lang: ctx.lang });
        const added = { code: r.stateCode, session: r.session, when: reviewWhenRich(r, 'UTC', t) };
        const deadline = r.submissionDeadlineAt ? { at: discordTimestamp(r.submissionDeadlineAt, 'D') } : null;
        const lines = [
          t(r.reviewTimeKnown ? 'upr:add.added' : 'upr:add.addedNoTime', added),
          deadline ? t(isEstimate(r, 'submissionDeadlineAt', new Set()) ? 'upr:add.deadlineEstimate' : 'upr:add.deadlineKnown', deadline) : '',
          r.channelId ? t('upr:add.channel', { channelId: r.channelId }) : '',
          t('upr:add.see', { id: r.id }),
        ];
        return { content: withWarnings(lines.filter(Boolean).join('\n'), r.warnings, t) };
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
        return listReply(ctx, { session: o.session, state: o.state, status: o.status, from: o.from, to: o.to, lang: ctx.lang }, 1);
      },
    }),
    next: sub({
      description: 'The next review and the next deadlines',
      access: 'read',
      options: {},
      async run(ctx) {
        const { t } = ctx;
        const n = await ctx.services.reviews.next(ctx.guildId);
        if (!n.reviews.length && !n.milestones.length) return { content: t('upr:next.none') };
        const first = n.reviews[0];
        const lines: string[] = [];
        if (first) lines.push(t('upr:next.first', { code: first.stateCode, session: first.session, when: discordWhen(first.reviewAt!, first.reviewTimeKnown), id: first.id }));
        if (n.reviews.length > 1) lines.push('', t('upr:next.then'), ...n.reviews.slice(1).map((r) => t('upr:next.review', { code: r.stateCode, session: r.session, at: discordTimestamp(r.reviewAt!, 'D') })));
        if (n.milestones.length) {
          const line = (m: (typeof n.milestones)[number]) => {
            const key = MILESTONES.find((x) => x.field === m.field)!.key;
            const vars = { title: t(`common:milestone.${key}.title`), code: m.review.stateCode, session: m.review.session, at: discordTimestamp(m.at, 'D'), relative: discordTimestamp(m.at, 'R') };
            return t(m.estimate ? 'upr:next.milestoneEstimate' : 'upr:next.milestone', vars);
          };
          lines.push('', t('upr:next.deadlines'), ...n.milestones.map(line));
        }
        return { embeds: [{ title: t('upr:next.title'), description: lines.join('\n'), color: COLOR }] };
      },
    }),
    show: sub({
      description: 'One review with its milestones, letters and interventions',
      access: 'read',
      options: { review: review() },
      async run(ctx, o) {
        return { embeds: [reviewEmbed(await ctx.services.reviews.show(ctx.guildId, o.review), ctx.t)] };
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
          lang: ctx.lang,
        });
        const { t } = ctx;
        const updated = t('upr:edit.updated', { label: reviewLabel(r, r.zone, t), id: r.id, when: reviewWhenRich(r, r.zone, t), status: statusName(r.status, t) });
        return { content: withWarnings(updated, r.warnings, t) };
      },
    }),
    remove: sub({
      description: 'Remove a review (with its letters and interventions)',
      access: 'change',
      options: { review: review() },
      async run(ctx, o) {
        const res = await ctx.services.reviews.remove(ctx.guildId, o.review);
        const { t } = ctx;
        return {
          content: t('upr:remove.removed', {
            label: reviewLabel(res.review, res.zone, t),
            letters: t('upr:count.letters', { count: res.letters }),
            interventions: t('upr:count.interventions', { count: res.interventions }),
            recommendations: t('upr:count.recommendations', { count: res.recommendations }),
          }),
        };
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
        const cal = await ctx.services.calendarExport.export(ctx.guildId, { session: o.session, state: o.state, from: o.from, to: o.to, lang: ctx.lang }, ctx.lang);
        if (!cal.events) return { content: ctx.t('upr:calendar.empty'), ephemeral: true };
        return {
          content: ctx.t('upr:calendar.file', { count: cal.events }),
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
        const { t } = ctx;
        const r = await ctx.services.calendar.import(ctx.guildId, o.session);
        const which = r.sessions.length === 1 ? t('upr:import.session', { session: r.sessions[0] }) : t('upr:import.sessions', { first: r.sessions[0], last: r.sessions[r.sessions.length - 1] });
        const changes = r.changes.slice(0, 10).map((c) => t('upr:import.change', { code: c.stateCode, session: c.session, fields: c.fields.map((f) => fieldName(f, t)) }));
        const more = r.changes.length - changes.length;
        return {
          content: [
            t('upr:import.done', { which, created: r.created, updated: r.updated, unchanged: r.unchanged }),
            r.keptUserEdits ? t('upr:import.kept', { count: r.keptUserEdits }) : '',
            changes.length ? (more ? t('upr:import.changedMore', { changes, count: more }) : t('upr:import.changed', { changes })) : '',
            t('upr:import.note'),
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
        return { embeds: [reviewEmbed(await ctx.services.reviews.show(ctx.guildId, values[0] ?? ''), ctx.t)], ephemeral: true };
      },
    },
  },
});
