// /settings delete-data — everything the bot holds about this server, deleted now (after a
// confirmation button that expires).
import { ButtonStyle, ComponentType } from 'discord.js';
import { customId } from '../src/discord/components';
import { sub, type ComponentDef } from '../src/discord/framework';
import { DomainError, msg } from '../src/domain-error';
import { describeGuildCounts, isEmpty } from '../src/guild-data/purge';
import { renderMessage } from '../src/i18n';

const CONFIRM_S = 10 * 60;

export const deleteDataSubcommand = sub({
  description: 'Delete all of this server’s data now (asks to confirm)',
  access: 'admin',
  options: {},
  async run(ctx) {
    const counts = await ctx.services.backup.counts(ctx.guildId);
    if (isEmpty(counts)) return { content: ctx.t('data:delete.none'), ephemeral: true };
    const at = Math.floor(ctx.clock.now().getTime() / 1000);
    return {
      content: ctx.t('data:delete.confirm', { counts: renderMessage(describeGuildCounts(counts), ctx.t) }),
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: customId('settings', 'delete-data', at), label: ctx.t('data:delete.button') }],
        },
      ],
      ephemeral: true,
    };
  },
});

export const deleteDataComponent: ComponentDef = {
  access: 'admin',
  async run(ctx, [at = '0']) {
    if (ctx.clock.now().getTime() / 1000 - Number(at) > CONFIRM_S) throw new DomainError('conflict', msg('data:delete.expired'));
    const counts = await ctx.services.retention.deleteNow(ctx.guildId);
    return { content: ctx.t('data:delete.done', { counts: renderMessage(describeGuildCounts(counts), ctx.t) }), components: [], update: true };
  },
};
