// /backup — all of this server's data in one file (export), and back (import).
import { ButtonStyle, ComponentType } from 'discord.js';
import { MAX_PART_BYTES } from '../src/backup/format';
import { downloadBytes } from '../src/backup/download';
import { holdRestore, takeRestore } from '../src/backup/pending';
import type { RestoreResult } from '../src/backup/service';
import { customId } from '../src/discord/components';
import { command, opt, sub, type AttachmentValue, type CommandContext, type Reply } from '../src/discord/framework';
import { DomainError, msg } from '../src/domain-error';
import { describeGuildCounts, isEmpty, type PurgeCounts } from '../src/guild-data/purge';
import { renderMessage, type T } from '../src/i18n';

/** "3 reviews, 2 letters and the settings" in the reader's language. */
const counted = (t: T, c: PurgeCounts): string => renderMessage(describeGuildCounts(c), t);

/** `name` is the file's name, or null after a confirmation (the files are no longer at hand). */
function restored(t: T, r: RestoreResult, name: string | null): Reply {
  const vars = { version: r.formatVersion, counts: counted(t, r.counts) };
  const lines = [name === null ? t('backup:restore.doneConfirmed', vars) : t('backup:restore.done', { ...vars, file: name })];
  if (r.replaced) lines.push(t('backup:restore.replaced', { counts: counted(t, r.replaced) }));
  lines.push(t('backup:restore.replanned'));
  if (r.fromOtherServer) lines.push(t('backup:restore.otherServer'));
  return { content: lines.join('\n') };
}

const actor = (ctx: CommandContext) => ({ id: ctx.userId, name: ctx.userName });

export default command({
  name: 'backup',
  description: "This server's data in a file, and back",
  subcommands: {
    export: sub({
      description: 'Everything of this server in one file (only you see it)',
      access: 'admin',
      defer: 'private',
      options: {},
      async run(ctx) {
        const r = await ctx.services.backup.export(ctx.guildId);
        const lines = [ctx.t('backup:export.done', { counts: counted(ctx.t, r.counts) })];
        if (r.files.length > 1) lines.push(ctx.t('backup:export.parts', { count: r.files.length }));
        lines.push(ctx.t('backup:export.keepSafe'));
        return {
          content: lines.join(' '),
          files: r.files,
          ephemeral: true,
        };
      },
    }),
    import: sub({
      description: 'Restore a backup file into this server',
      access: 'admin',
      defer: 'private',
      options: {
        file: opt.attachment('The .jsonl.gz file from /backup export (part 1 if it has parts)'),
        replace: opt.boolean('Replace the data this server has now (asks to confirm)').optional(),
        part2: opt.attachment('Part 2, if the export has parts').optional(),
        part3: opt.attachment('Part 3').optional(),
        part4: opt.attachment('Part 4').optional(),
      },
      async run(ctx, o) {
        const given = [o.file, o.part2, o.part3, o.part4].filter((a): a is AttachmentValue => Boolean(a));
        const files: Buffer[] = [];
        for (const a of given) files.push(await downloadBytes(a.url, MAX_PART_BYTES + 1_048_576));
        const backup = ctx.services.backup.parse(files);
        const existing = await ctx.services.backup.counts(ctx.guildId);
        if (!isEmpty(existing)) {
          if (!o.replace) throw new DomainError('conflict', msg('backup:error.hasDataRunAgain', { counts: describeGuildCounts(existing) }));
          const token = holdRestore(ctx.guildId, files, ctx.clock.now().getTime());
          return {
            embeds: [
              {
                title: ctx.t('backup:confirm.title'),
                description: ctx.t('backup:confirm.description', { counts: counted(ctx.t, existing), file: o.file.name, exported: Math.floor(backup.exportedAt.getTime() / 1000), count: backup.records.length }),
                color: 0xc0392b,
              },
            ],
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: customId('backup', 'replace', token), label: ctx.t('backup:confirm.replace') },
                  { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId('backup', 'cancel', token), label: ctx.t('backup:confirm.cancel') },
                ],
              },
            ],
          };
        }
        return restored(ctx.t, await ctx.services.backup.restore(ctx.guildId, files, { replace: false, actor: actor(ctx) }), o.file.name);
      },
    }),
  },
  components: {
    replace: {
      access: 'admin',
      async run(ctx, [token = '']) {
        const files = takeRestore(token, ctx.guildId, ctx.clock.now().getTime());
        if (!files) throw new DomainError('conflict', msg('backup:error.expired'));
        return { ...restored(ctx.t, await ctx.services.backup.restore(ctx.guildId, files, { replace: true, actor: actor(ctx) }), null), update: true };
      },
    },
    cancel: {
      access: 'admin',
      async run(ctx, [token = '']) {
        takeRestore(token, ctx.guildId, ctx.clock.now().getTime());
        return { content: ctx.t('backup:cancelled'), update: true };
      },
    },
  },
});
