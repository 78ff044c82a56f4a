// Every change a command makes is one audited unit of work: the subcommands and components that
// are not read-only run inside `services.audit.run`, which gives their writes one transaction and
// records who did what. Decided here once, from each command's own access declaration.
import type { CommandContext, CommandModule, ComponentDef, SubcommandDef } from './framework';

const actorOf = (ctx: CommandContext) => ({ id: ctx.userId, name: ctx.userName });

export function auditWrites(module: CommandModule): CommandModule {
  const subcommands: Record<string, SubcommandDef> = {};
  for (const [name, sub] of Object.entries(module.subcommands)) {
    subcommands[name] =
      sub.access === 'read'
        ? sub
        : { ...sub, run: (ctx, values) => ctx.services.audit.run({ guildId: ctx.guildId, actor: actorOf(ctx), action: `/${module.name} ${name}` }, () => sub.run(ctx, values)) };
  }
  const components: Record<string, ComponentDef> = {};
  for (const [name, def] of Object.entries(module.components)) {
    components[name] =
      def.access === 'read'
        ? def
        : { ...def, run: (ctx, args, values) => ctx.services.audit.run({ guildId: ctx.guildId, actor: actorOf(ctx), action: `/${module.name} ${name} (button)` }, () => def.run(ctx, args, values)) };
  }
  return { ...module, subcommands, components };
}
