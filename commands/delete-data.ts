// /settings delete-data — everything the bot holds about this server, deleted now (after a
// confirmation button that expires).
import { ButtonStyle, ComponentType } from 'discord.js';
import { customId } from '../src/discord/components';
import { sub, type ComponentDef } from '../src/discord/framework';
import { DomainError } from '../src/domain-error';
import { describeGuildCounts, isEmpty } from '../src/guild-data/purge';

const CONFIRM_S = 10 * 60;

export const deleteDataSubcommand = sub({
  description: 'Delete all of this server’s data now (asks to confirm)',
  access: 'admin',
  options: {},
  async run(ctx) {
    const counts = await ctx.services.backup.counts(ctx.guildId);
    if (isEmpty(counts)) return { content: 'The bot holds no data for this server.', ephemeral: true };
    const at = Math.floor(ctx.clock.now().getTime() / 1000);
    return {
      content: `This deletes everything the bot holds for this server: ${describeGuildCounts(counts)}. It cannot be undone (\`/backup export\` first to keep a copy).`,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: customId('settings', 'delete-data', at), label: 'Delete everything now' }],
        },
      ],
      ephemeral: true,
    };
  },
});

export const deleteDataComponent: ComponentDef = {
  access: 'admin',
  async run(ctx, [at = '0']) {
    if (ctx.clock.now().getTime() / 1000 - Number(at) > CONFIRM_S) throw new DomainError('conflict', 'This confirmation has expired. Run `/settings delete-data` again. Nothing was deleted.');
    const counts = await ctx.services.retention.deleteNow(ctx.guildId);
    return { content: `Deleted: ${describeGuildCounts(counts)}. The bot now holds nothing for this server.`, components: [], update: true };
  },
};
