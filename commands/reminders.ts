// /reminders — what will be posted, a test post, pause and resume.
import { discordTimestamp } from '../src/dates/format';
import { renderMessage } from '../src/i18n';
import type { RemindersAdminApi } from '../src/services';
import { command, sub, type CommandContext } from '../src/discord/framework';
import { truncate } from '../src/discord/limits';
import { shownInline } from '../src/text/user-text';
import { COLOR } from '../src/discord/views';

const admin = (ctx: CommandContext): RemindersAdminApi => ctx.services.remindersAdmin;

export default command({
  name: 'reminders',
  description: "This server's reminders",
  subcommands: {
    list: sub({
      description: 'What will be posted, when and where (and what failed)',
      access: 'read',
      options: {},
      async run(ctx) {
        const { t } = ctx;
        const items = await admin(ctx).list(ctx.guildId, { limit: 25 });
        if (!items.length) return { content: t('reminders:list.none'), ephemeral: true };
        const settings = await ctx.services.settings.get(ctx.guildId);
        const lines = items.map((r) => {
          const status = t(`reminders:status.${r.status}`);
          const line = t('reminders:list.line', {
            due: discordTimestamp(r.dueAt, 'f'),
            relative: discordTimestamp(r.dueAt, 'R'),
            item: shownInline(truncate(renderMessage(r.itemLabel, t), 120)),
            where: r.channelId ? `<#${r.channelId}>` : t('reminders:list.noChannel'),
            status: r.late ? t('reminders:status.late', { status }) : status,
          });
          // What went wrong follows the reminder on its line, after a warning sign.
          return r.lastError ? t('reminders:list.lineProblem', { line, problem: truncate(renderMessage(r.lastError, t), 150) }) : line;
        });
        return {
          embeds: [{ title: t(settings.paused ? 'reminders:list.titlePaused' : 'reminders:list.title'), description: lines.join('\n'), color: COLOR }],
          ephemeral: true,
        };
      },
    }),
    test: sub({
      description: 'Post a test message in the reminder channel',
      access: 'change',
      options: {},
      async run(ctx) {
        const { t } = ctx;
        const r = await admin(ctx).sendTest(ctx.guildId);
        if (r.ok) return { content: t('reminders:test.posted', { channelId: r.channelId }), ephemeral: true };
        const problem = r.problem ? renderMessage(r.problem, t) : t('reminders:test.unknownProblem');
        return { content: r.channelId ? t('reminders:test.failedIn', { channelId: r.channelId, problem }) : t('reminders:test.failed', { problem }), ephemeral: true };
      },
    }),
    pause: sub({
      description: 'Stop posting reminders (they are kept, not lost)',
      access: 'change',
      options: {},
      async run(ctx) {
        await admin(ctx).pause(ctx.guildId);
        return { content: ctx.t('reminders:paused') };
      },
    }),
    resume: sub({
      description: 'Start posting reminders again',
      access: 'change',
      options: {},
      async run(ctx) {
        await admin(ctx).resume(ctx.guildId);
        return { content: ctx.t('reminders:resumed') };
      },
    }),
  },
});
