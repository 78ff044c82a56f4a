// /backup — all of this server's data in one file (export), and back (import).
import { ButtonStyle, ComponentType } from 'discord.js';
import { MAX_PART_BYTES } from '../src/backup/format';
import { downloadBytes } from '../src/backup/download';
import { holdRestore, takeRestore } from '../src/backup/pending';
import type { RestoreResult } from '../src/backup/service';
import { customId } from '../src/discord/components';
import { command, opt, sub, type AttachmentValue, type CommandContext, type Reply } from '../src/discord/framework';
import { COLOR } from '../src/discord/views';
import { DomainError } from '../src/domain-error';
import { describeGuildCounts, isEmpty } from '../src/guild-data/purge';

function restored(r: RestoreResult, name: string): Reply {
  const lines = [`Restored **${name}** (format version ${r.formatVersion}): ${describeGuildCounts(r.counts)}.`];
  if (r.replaced) lines.push(`It replaced what was here: ${describeGuildCounts(r.replaced)}.`);
  lines.push('Pending reminders were planned again from the restored items.');
  if (r.fromOtherServer) lines.push('The file comes from another server, so its channels and roles were left out: set them here with `/settings channel`, `/settings coordinator-role` and `/settings ping-role`. Reminders wait for the channel.');
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
        return {
          content: `Backup of this server: ${describeGuildCounts(r.counts)}.${r.files.length > 1 ? ` It comes in ${r.files.length} parts: attach them all to \`/backup import\`.` : ''} Keep it safe: it holds all of the server's data. Restore it with \`/backup import\`.`,
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
          if (!o.replace) throw new DomainError('conflict', `This server already has data (${describeGuildCounts(existing)}). Run the import again with replace:True to replace it all (you will be asked to confirm). Nothing was changed.`);
          const token = holdRestore(ctx.guildId, files, ctx.clock.now().getTime());
          return {
            embeds: [{ title: 'Replace this server’s data?', description: `This deletes what the server has now (${describeGuildCounts(existing)}) and restores **${o.file.name}** (exported <t:${Math.floor(backup.exportedAt.getTime() / 1000)}:f>, ${backup.records.length} records) in its place.`, color: 0xc0392b }],
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: customId('backup', 'replace', token), label: 'Replace everything' },
                  { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId('backup', 'cancel', token), label: 'Cancel' },
                ],
              },
            ],
          };
        }
        return restored(await ctx.services.backup.restore(ctx.guildId, files, { replace: false, actor: actor(ctx) }), o.file.name);
      },
    }),
  },
  components: {
    replace: {
      access: 'admin',
      async run(ctx, [token = '']) {
        const files = takeRestore(token, ctx.guildId, ctx.clock.now().getTime());
        if (!files) throw new DomainError('conflict', 'This confirmation has expired. Run `/backup import` again. Nothing was changed.');
        return { ...restored(await ctx.services.backup.restore(ctx.guildId, files, { replace: true, actor: actor(ctx) }), 'the backup'), update: true };
      },
    },
    cancel: {
      access: 'admin',
      async run(ctx, [token = '']) {
        takeRestore(token, ctx.guildId, ctx.clock.now().getTime());
        return { content: 'Cancelled. Nothing was changed.', update: true };
      },
    },
  },
});
