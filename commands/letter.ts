// /letter — letters to states' missions or ministries: add, list, sent, edit, remove.
import { discordTimestamp } from '../src/dates/format';
import { LETTER_FILTERS, type LetterFilter } from '../src/services/letters';
import { pageButtons, type Row } from '../src/discord/components';
import { command, opt, sub, type CommandContext, type Reply } from '../src/discord/framework';
import { date, letter, review, state } from '../src/discord/options';
import { COLOR, letterLine, withWarnings } from '../src/discord/views';

const PAGE = 10;

async function listReply(ctx: CommandContext, filter: LetterFilter, page: number): Promise<Reply> {
  const { t } = ctx;
  const res = await ctx.services.letters.list(ctx.guildId, filter, page, PAGE);
  const rows: Row[] = [];
  const pager = pageButtons('letter', 'list', res.page, res.pageCount, filter, t);
  if (pager) rows.push(pager);
  return {
    embeds: [
      {
        title: t(`letter:list.title.${filter}`, { total: res.total }),
        description: res.items.length ? res.items.map((l) => letterLine(l, t)).join('\n') : t(`letter:list.empty.${filter}`),
        color: COLOR,
        footer: { text: t('common:page.footer', { page: res.page, pageCount: res.pageCount }) },
      },
    ],
    components: rows,
  };
}

export default command({
  name: 'letter',
  description: 'Letters urging states to act in a review',
  subcommands: {
    add: sub({
      description: "Plan a letter to a state's mission or ministry",
      access: 'change',
      options: {
        to: state('State whose mission or ministry is addressed'),
        review: review('Review the letter is about'),
        deadline: date('Send by'),
        recipient: opt.string('Recipient as written, e.g. "Permanent Mission of Argentina, Geneva"', { max: 200 }).optional(),
        ask: opt.string('What the letter asks the state to do or recommend', { max: 1000 }).optional(),
        channel: opt.channel("Channel for this letter's reminders (default: the server's)").optional(),
        sent: date('Already sent on this day (records a past letter; its deadline may be past)').optional(),
      },
      async run(ctx, o) {
        const l = await ctx.services.letters.add(ctx.guildId, { to: o.to, review: o.review, deadline: o.deadline, recipient: o.recipient, ask: o.ask, channelId: o.channel, sent: o.sent, createdBy: ctx.userId, lang: ctx.lang });
        const vars = { id: l.id, code: l.stateCode, about: l.review.stateCode, session: l.review.session };
        if (l.status === 'sent') {
          return { content: withWarnings(ctx.t('letter:reply.recorded', { ...vars, sent: discordTimestamp(l.sentAt!, 'D'), deadline: discordTimestamp(l.deadlineAt, 'D') }), l.warnings, ctx.t) };
        }
        return {
          content: withWarnings(ctx.t('letter:reply.planned', { ...vars, due: discordTimestamp(l.deadlineAt, l.deadlineTimeKnown ? 'f' : 'D'), relative: discordTimestamp(l.deadlineAt, 'R') }), l.warnings, ctx.t),
        };
      },
    }),
    list: sub({
      description: 'List letters',
      access: 'read',
      options: { status: opt.string<LetterFilter>('Which letters (default: due)', { choices: LETTER_FILTERS.map((f) => ({ name: f, value: f })) }).optional() },
      async run(ctx, o) {
        return listReply(ctx, o.status ?? 'due', 1);
      },
    }),
    sent: sub({
      description: 'Mark a letter sent',
      access: 'change',
      options: { letter: letter(), date: date('Sent on (default: now)').optional() },
      async run(ctx, o) {
        const l = await ctx.services.letters.markSent(ctx.guildId, o.letter, o.date, ctx.lang);
        return { content: withWarnings(ctx.t('letter:reply.sent', { id: l.id, code: l.stateCode, sent: discordTimestamp(l.sentAt!, 'D') }), l.warnings, ctx.t) };
      },
    }),
    edit: sub({
      description: 'Change a letter',
      access: 'change',
      options: {
        letter: letter(),
        to: state('State addressed').optional(),
        review: review('Review').optional(),
        deadline: date('New deadline').optional(),
        recipient: opt.string('Recipient', { max: 200 }).optional(),
        ask: opt.string('What the letter asks', { max: 1000 }).optional(),
        channel: opt.channel("Channel for this letter's reminders").optional(),
        'default-channel': opt.boolean("Send this letter's reminders to the server's channel again").optional(),
        status: opt.string<'planned' | 'cancelled'>('Reopen (planned) or cancel', { choices: [{ name: 'planned (reopen)', value: 'planned' }, { name: 'cancelled', value: 'cancelled' }] }).optional(),
      },
      async run(ctx, o) {
        const l = await ctx.services.letters.edit(ctx.guildId, o.letter, {
          to: o.to,
          review: o.review,
          deadline: o.deadline,
          recipient: o.recipient,
          ask: o.ask,
          channelId: o.channel,
          clearChannel: o['default-channel'] === true,
          status: o.status,
          lang: ctx.lang,
        });
        return { content: withWarnings(ctx.t('letter:reply.updated', { id: l.id, line: letterLine(l, ctx.t) }), l.warnings, ctx.t) };
      },
    }),
    remove: sub({
      description: 'Remove a letter',
      access: 'change',
      options: { letter: letter() },
      async run(ctx, o) {
        const l = await ctx.services.letters.remove(ctx.guildId, o.letter);
        return { content: ctx.t('letter:reply.removed', { id: l.id, code: l.stateCode }) };
      },
    }),
  },
  components: {
    list: {
      access: 'read',
      async run(ctx, [page = '1', filter = 'due']) {
        const f = (LETTER_FILTERS as readonly string[]).includes(filter) ? (filter as LetterFilter) : 'due';
        return { ...(await listReply(ctx, f, Number(page) || 1)), update: true };
      },
    },
  },
});
