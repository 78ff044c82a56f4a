// /audit — who changed what: list the trail (filtered, paged), undo one change.
import { describeChanges, describeCounts } from '../src/audit/describe';
import { dayRange, parseItem, parseUser } from '../src/audit/filters';
import type { AuditFilters } from '../src/audit/service';
import { discordTimestamp } from '../src/dates/format';
import { DomainError, msg, type Message } from '../src/domain-error';
import { commandIn, renderMessage } from '../src/i18n';
import { packKey, pageButtons, unpackKey, type Row } from '../src/discord/components';
import { command, opt, sub, type CommandContext, type Reply } from '../src/discord/framework';
import { date } from '../src/discord/options';
import { COLOR } from '../src/discord/views';

const PAGE = 8;

// The filters travel in the page buttons' custom id: item as "letter-5", days as unix seconds.
const packFilters = (f: AuditFilters): string =>
  packKey([f.item?.replace(':', '-'), f.userId, f.from ? Math.floor(f.from.getTime() / 1000) : null, f.to ? Math.floor(f.to.getTime() / 1000) : null]);

function unpackFilters(key: string): AuditFilters {
  const [item, userId, from, to] = unpackKey(key);
  return { item: item?.replace('-', ':') ?? null, userId: userId ?? null, from: from ? new Date(Number(from) * 1000) : null, to: to ? new Date(Number(to) * 1000) : null };
}

async function listReply(ctx: CommandContext, filters: AuditFilters, page: number): Promise<Reply> {
  const res = await ctx.services.audit.list(ctx.guildId, filters, page, PAGE);
  const { t } = ctx;
  const say = (m: Message) => renderMessage(m, t);
  const counts = (e: (typeof res.items)[number]) => describeCounts(e.counts).map(say).join('; ');
  const lines = res.items.map((e) => {
    const tags = [
      `**#${e.id}** ${discordTimestamp(e.at, 'f')}`,
      `**${e.actorName}**`,
      `\`${commandIn(e.action, ctx.lang)}\``,
      ...(e.undoneById ? [t('audit:list.undoneBy', { id: e.undoneById })] : []),
      ...(e.undoOf ? [t('audit:list.undoes', { id: e.undoOf })] : []),
      ...(e.restored ? [t('audit:list.fromBackup')] : []),
    ];
    const body = e.changes.length > 4 ? [counts(e)] : e.changes.length ? describeChanges(e.changes).map(say) : [counts(e) || t('audit:list.restored')];
    return [tags.join(' · '), ...body.map((l) => `  ${l}`)].join('\n');
  });
  const rows: Row[] = [];
  const pager = pageButtons('audit', 'list', res.page, res.pageCount, packFilters(filters), ctx.t);
  if (pager) rows.push(pager);
  return {
    embeds: [
      {
        title: t('audit:list.title', { total: res.total }),
        description: lines.length ? lines.join('\n') : t('audit:list.empty'),
        color: COLOR,
        footer: { text: t('audit:list.footer', { page: res.page, pages: res.pageCount }) },
      },
    ],
    components: rows,
    ephemeral: true,
  };
}

export default command({
  name: 'audit',
  description: 'Who changed what, and undoing a change',
  // Coordinators use it too: who may is checked at run time (access), not hidden by Discord.
  subcommands: {
    list: sub({
      description: 'Changes made through the bot, newest first',
      access: 'change',
      options: {
        item: opt.string('Only this item: "letter 5", "review 12", "settings", or a review such as "Belarus 50"', { max: 100 }).optional(),
        user: opt.string('Only changes by this member (mention or user id)', { max: 40 }).optional(),
        from: date('From this day').optional(),
        to: date('Up to this day').optional(),
      },
      async run(ctx, o) {
        const zone = await ctx.services.settings.timezone(ctx.guildId);
        const now = ctx.clock.now();
        const filters: AuditFilters = {};
        if (o.item) filters.item = parseItem(o.item) ?? `review:${(await ctx.services.reviews.resolve(ctx.guildId, o.item)).id}`;
        if (o.user) filters.userId = parseUser(o.user);
        if (o.from) filters.from = dayRange(o.from, zone, now, ctx.lang)[0];
        if (o.to) filters.to = dayRange(o.to, zone, now, ctx.lang)[1];
        if (filters.from && filters.to && filters.from > filters.to) throw new DomainError('invalid', msg('audit:error.fromAfterTo'));
        return listReply(ctx, filters, 1);
      },
    }),
    undo: sub({
      description: 'Revert one change (refused if its items changed since)',
      access: 'change',
      options: { entry: opt.integer('Entry number, from /audit list', { min: 1 }) },
      async run(ctx, o) {
        const { entry, reverted } = await ctx.services.audit.undo(ctx.guildId, o.entry);
        return { content: ctx.t('audit:undo.done', { id: entry.id, action: entry.action, actor: entry.actorName, count: reverted }) };
      },
    }),
  },
  components: {
    list: {
      access: 'change',
      async run(ctx, [page = '1', key = '']) {
        return { ...(await listReply(ctx, unpackFilters(key), Number(page) || 1)), update: true };
      },
    },
  },
});
