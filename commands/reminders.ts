// /reminders — what will be posted, a test post, pause and resume.
import { discordTimestamp } from '../src/dates/format';
import { DomainError } from '../src/domain-error';
import type { RemindersAdminApi } from '../src/services';
import { command, sub, type CommandContext } from '../src/discord/framework';
import { truncate } from '../src/discord/limits';
import { shownInline } from '../src/text/user-text';
import { COLOR } from '../src/discord/views';

function admin(ctx: CommandContext): RemindersAdminApi {
  const a = ctx.services.remindersAdmin;
  if (!a) throw new DomainError('conflict', 'Reminders are not running in this bot process.');
  return a;
}

export default command({
  name: 'reminders',
  description: "This server's reminders",
  subcommands: {
    list: sub({
      description: 'What will be posted, when and where (and what failed)',
      access: 'read',
      options: {},
      async run(ctx) {
        const items = await admin(ctx).list(ctx.guildId, { limit: 25 });
        if (!items.length) return { content: 'No reminders planned. Add reviews (`/upr add`, `/upr import`) or letters (`/letter add`).', ephemeral: true };
        const settings = await ctx.services.settings.get(ctx.guildId);
        const lines = items.map((r) => {
          const where = r.channelId ? `<#${r.channelId}>` : 'no channel set';
          const problem = r.lastError ? ` — ⚠️ ${truncate(r.lastError, 150)}` : '';
          return `• ${discordTimestamp(r.dueAt, 'f')} (${discordTimestamp(r.dueAt, 'R')}) ${shownInline(truncate(r.itemLabel, 120))} → ${where} · ${r.status}${r.late ? ' (late)' : ''}${problem}`;
        });
        return {
          embeds: [{ title: `Reminders${settings.paused ? ' (paused)' : ''}`, description: lines.join('\n'), color: COLOR }],
          ephemeral: true,
        };
      },
    }),
    test: sub({
      description: 'Post a test message in the reminder channel',
      access: 'change',
      options: {},
      async run(ctx) {
        const r = await admin(ctx).sendTest(ctx.guildId);
        if (r.ok) return { content: `✅ Test reminder posted in <#${r.channelId}>.`, ephemeral: true };
        return { content: `❌ The test reminder could not be posted${r.channelId ? ` in <#${r.channelId}>` : ''}: ${r.problem ?? 'unknown problem'}`, ephemeral: true };
      },
    }),
    pause: sub({
      description: 'Stop posting reminders (they are kept, not lost)',
      access: 'change',
      options: {},
      async run(ctx) {
        await admin(ctx).pause(ctx.guildId);
        return { content: 'Reminders paused. `/reminders resume` starts them again.' };
      },
    }),
    resume: sub({
      description: 'Start posting reminders again',
      access: 'change',
      options: {},
      async run(ctx) {
        await admin(ctx).resume(ctx.guildId);
        return { content: 'Reminders resumed.' };
      },
    }),
  },
});
