// Dispatches interactions to command modules: slash commands (with access checks and deferral),
// autocomplete, buttons and select menus. Every reply goes out with allowed mentions none and
// within Discord's limits. A DomainError becomes an ephemeral reply with its message (after a
// deferral: the deferred message, edited, as private or public as the deferral was); anything
// else is logged and answered "Something went wrong; nothing was changed". Never throws.
import {
  GuildMember,
  MessageFlags,
  PermissionFlagsBits,
  type APIEmbed,
  type AutocompleteInteraction,
  type Guild,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { Clock } from '../clock';
import { DomainError, isDomainError, msg } from '../domain-error';
import { langOfLocale, renderMessage, translator, type T } from '../i18n';
import type { Logger } from '../logging/logger';
import { noCommandObserver, type CommandObserver } from '../observability/events';
import type { Services } from '../services';
import { parseCustomId } from './components';
import type { Access, AttachmentValue, BaseContext, CommandContext, CommandModule, GuildView, Reply, RoleValue } from './framework';
import { withoutLinks } from '../text/user-text';
import { DISCORD_LIMITS, fitChoices, fitReply, truncate } from './limits';
import { withNextStep } from './next-steps';
import { accessRefusal, type MemberAccess } from './permissions';

const NO_MENTIONS = { parse: [] as [] };

export interface RouterDeps {
  commands: readonly CommandModule[];
  services: Services;
  clock: Clock;
  logger: Logger;
  /** Downloads an attachment's bytes; defaults to fetch with a timeout and a size cap. */
  fetchFile?: (url: string, maxBytes: number) => Promise<Uint8Array>;
  /** Told how each interaction ended and how long it took (metrics). */
  observer?: CommandObserver;
}

export interface Router {
  handle(interaction: Interaction): Promise<void>;
}

export async function fetchFileDefault(url: string, maxBytes: number): Promise<Uint8Array> {
  // A kept-alive connection the server has just closed fails mid-body; a GET can be sent again.
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    let buf: Buffer;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      if (!res.ok) throw new DomainError('invalid', msg('common:router.downloadStatus', { status: res.status }));
      buf = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (attempt < 3) continue;
      throw new DomainError('invalid', msg('common:router.download'));
    }
    if (buf.length > maxBytes) throw new DomainError('invalid', msg('common:router.tooLarge', { mb: Math.round(maxBytes / 1_000_000) }));
    return buf;
  }
}

function memberAccess(interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction): MemberAccess {
  const manageGuild = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const m = interaction.member;
  // A cached server gives a GuildMember (its roles resolved against the cached roles); otherwise
  // the interaction carries the raw member with role ids.
  const roleIds = !m ? [] : m instanceof GuildMember ? [...m.roles.cache.keys()] : [...m.roles];
  return { manageGuild, roleIds };
}

/** The bot's view of a server, from the cache the client keeps (roles, channels, itself). */
function guildView(guild: Guild | null): GuildView {
  return {
    botCanMentionEveryone(channelId) {
      const me = guild?.members.me;
      if (!guild || !me) return false;
      const channel = channelId ? guild.channels.cache.get(channelId) : undefined;
      const perms = channel ? me.permissionsIn(channel) : me.permissions;
      return perms.has(PermissionFlagsBits.MentionEveryone);
    },
  };
}

function roleValue(interaction: ChatInputCommandInteraction, name: string): RoleValue | undefined {
  const role = interaction.options.getRole(name);
  if (!role) return undefined;
  return { id: role.id, name: role.name, everyone: role.id === interaction.guildId, managed: role.managed, mentionable: role.mentionable };
}

// The last guard on every reply: whatever user text a message quotes, no link from it renders.
function guardEmbed(e: APIEmbed): APIEmbed {
  return {
    ...e,
    ...(e.title ? { title: withoutLinks(e.title) } : {}),
    ...(e.description ? { description: withoutLinks(e.description) } : {}),
    ...(e.footer ? { footer: { ...e.footer, text: withoutLinks(e.footer.text) } } : {}),
    ...(e.fields ? { fields: e.fields.map((f) => ({ ...f, name: withoutLinks(f.name), value: withoutLinks(f.value) })) } : {}),
  };
}

/** The name the member shows in this server (nickname, else global name, else username). */
function displayName(interaction: Interaction): string {
  const m = interaction.member;
  if (m instanceof GuildMember) return m.displayName;
  return (m && 'nick' in m && m.nick) || interaction.user.displayName;
}

function toPayload(reply: Reply, t: T): InteractionReplyOptions {
  const r = fitReply({ ...reply, ...(reply.content !== undefined ? { content: withoutLinks(reply.content, reply.ownLinks) } : {}), ...(reply.embeds ? { embeds: reply.embeds.map(guardEmbed) } : {}) });
  const content = r.content ?? (r.embeds?.length || r.files?.length ? undefined : t('common:done'));
  return {
    ...(content !== undefined ? { content } : {}),
    ...(r.embeds ? { embeds: r.embeds } : {}),
    ...(r.components ? { components: r.components } : {}),
    ...(r.files ? { files: r.files.map((f) => ({ attachment: f.data, name: f.name, ...(f.description ? { description: f.description } : {}) })) } : {}),
    allowedMentions: NO_MENTIONS,
    ...(r.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  } as InteractionReplyOptions;
}

function toEdit(reply: Reply, t: T): InteractionEditReplyOptions {
  const { flags: _flags, ...rest } = toPayload(reply, t) as InteractionReplyOptions & { flags?: unknown };
  return { embeds: [], components: [], ...rest } as InteractionEditReplyOptions;
}

export function createRouter(deps: RouterDeps): Router {
  const byName = new Map(deps.commands.map((c) => [c.name, c]));
  const fetchFile = deps.fetchFile ?? fetchFileDefault;
  const log = deps.logger;
  const observer = deps.observer ?? noCommandObserver;
  // How an interaction ended when it did not end well; unset means ok.
  const outcomes = new WeakMap<Interaction, 'refused' | 'error'>();

  const base = (guildId: string, interaction: Interaction): BaseContext => {
    const lang = langOfLocale(readerLocale(interaction));
    return {
      guildId,
      userId: interaction.user.id,
      userName: displayName(interaction),
      services: deps.services,
      clock: deps.clock,
      logger: log,
      lang,
      t: translator(lang),
      guildLocale: interaction.guildLocale ?? null,
    };
  };

  /** A command or component handler's context; `defer` defers a public reply, once. */
  const commandContext = (guildId: string, interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction): CommandContext => ({
    ...base(guildId, interaction),
    fetchFile,
    guild: guildView(interaction.guild),
    defer: async () => {
      if (!interaction.deferred && !interaction.replied) await interaction.deferReply();
    },
  });

  async function refusal(access: Access, guildId: string, interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction): Promise<string | null> {
    if (access === 'read') return null;
    const member = memberAccess(interaction);
    if (member.manageGuild) return null;
    const settings = access === 'change' ? await deps.services.settings.get(guildId) : null;
    return accessRefusal(access, member, settings?.coordinatorRoleId ?? null, readerT(interaction));
  }

  async function sendError(interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction, message: string): Promise<void> {
    if (!outcomes.has(interaction)) outcomes.set(interaction, 'refused');
    const content = truncate(withoutLinks(message), DISCORD_LIMITS.content);
    try {
      // After a deferral the outcome replaces the "thinking…" message (Discord's documented flow);
      // it is as private or public as the deferral, which the command chose beforehand.
      if (interaction.deferred) await interaction.editReply({ content, embeds: [], components: [], files: [], allowedMentions: NO_MENTIONS });
      else if (interaction.replied) await interaction.followUp({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      else await interaction.reply({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    } catch (err) {
      log.warn({ err }, 'could not send the error reply');
    }
  }

  async function fail(interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction, err: unknown, what: string): Promise<void> {
    const t = readerT(interaction);
    if (isDomainError(err)) {
      await sendError(interaction, withNextStep(renderMessage(err.text, t), err.next, t));
      return;
    }
    outcomes.set(interaction, 'error');
    log.error({ err, what, guildId: interaction.guildId, userId: interaction.user.id }, 'interaction failed');
    await sendError(interaction, t('common:unexpected'));
  }

  async function chatInput(interaction: ChatInputCommandInteraction): Promise<void> {
    const cmd = byName.get(interaction.commandName);
    const subName = interaction.options.getSubcommand(false) ?? '';
    const what = `/${interaction.commandName} ${subName}`.trim();
    try {
      if (!cmd) throw new DomainError('not_found', msg('common:router.unknownCommand'));
      if (!interaction.guildId) throw new DomainError('invalid', msg('common:router.commandInServer'));
      const sub = cmd.subcommands[subName];
      if (!sub) throw new DomainError('not_found', msg('common:router.unknownSubcommand', { command: what }));
      const no = await refusal(sub.access, interaction.guildId, interaction);
      if (no) {
        await sendError(interaction, no);
        return;
      }
      const values: Record<string, unknown> = {};
      for (const [name, o] of Object.entries(sub.options)) {
        const raw = interaction.options.get(name);
        if (!raw) continue;
        if (o.kind === 'role') {
          const role = roleValue(interaction, name);
          if (role) values[name] = role;
        } else if (o.kind === 'attachment') {
          const a = raw.attachment;
          if (a) values[name] = { url: a.url, name: a.name, size: a.size, contentType: a.contentType ?? null } satisfies AttachmentValue;
        } else if (o.kind === 'string' && typeof raw.value === 'string') {
          values[name] = raw.value;
        } else if (raw.value !== undefined && raw.value !== null) {
          values[name] = raw.value;
        }
      }
      if (sub.defer) await interaction.deferReply(sub.defer === 'private' ? { flags: MessageFlags.Ephemeral } : {});
      const ctx = commandContext(interaction.guildId, interaction);
      const reply = await sub.run(ctx, values as never);
      if (interaction.deferred) await interaction.editReply(toEdit(reply, ctx.t));
      else await interaction.reply(toPayload(reply, ctx.t));
      await pausedFollowsNotice(interaction, interaction.guildId);
    } catch (err) {
      await fail(interaction, err, what);
    }
  }

  /** A member whose follow DMs could not be delivered is told once, privately, on their next command. */
  async function pausedFollowsNotice(interaction: ChatInputCommandInteraction, guildId: string): Promise<void> {
    try {
      const notice = await deps.services.follows.takePauseNotice(guildId, interaction.user.id);
      if (notice) await interaction.followUp({ content: renderMessage(notice, readerT(interaction)), allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    } catch (err) {
      log.warn({ err }, 'could not tell a member their follows are paused');
    }
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    try {
      const cmd = byName.get(interaction.commandName);
      const sub = cmd?.subcommands[interaction.options.getSubcommand(false) ?? ''];
      const focused = interaction.options.getFocused(true);
      const handler = sub?.options[focused.name]?.autocomplete;
      if (!handler || !interaction.guildId) {
        await interaction.respond([]);
        return;
      }
      const options: Record<string, string | number | boolean | undefined> = {};
      for (const name of Object.keys(sub.options)) {
        const v = interaction.options.get(name)?.value;
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') options[name] = v;
      }
      const choices = await handler({ ...base(interaction.guildId, interaction), options }, String(focused.value ?? ''));
      await interaction.respond(fitChoices(choices));
    } catch (err) {
      outcomes.set(interaction, 'error');
      log.warn({ err, command: interaction.commandName }, 'autocomplete failed');
      try {
        if (!interaction.responded) await interaction.respond([]);
      } catch {
        // The 3 s window may be gone; nothing else to do.
      }
    }
  }

  async function component(interaction: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
    const [name = '', action = '', ...args] = parseCustomId(interaction.customId);
    try {
      const def = byName.get(name)?.components[action];
      if (!def) throw new DomainError('not_found', msg('common:router.unknownButton'));
      if (!interaction.guildId) throw new DomainError('invalid', msg('common:router.componentInServer'));
      const no = await refusal(def.access, interaction.guildId, interaction);
      if (no) {
        await sendError(interaction, no);
        return;
      }
      const values = interaction.isStringSelectMenu() ? interaction.values : [];
      const ctx = commandContext(interaction.guildId, interaction);
      const reply = await def.run(ctx, args, values);
      if (reply.update) {
        const { flags: _f, ...rest } = toPayload(reply, ctx.t) as InteractionReplyOptions & { flags?: unknown };
        await interaction.update({ embeds: [], components: [], ...rest } as never);
      } else {
        await interaction.reply(toPayload(reply, ctx.t));
      }
    } catch (err) {
      await fail(interaction, err, `component ${interaction.customId}`);
    }
  }

  return {
    async handle(interaction: Interaction): Promise<void> {
      const started = performance.now();
      try {
        if (interaction.isChatInputCommand()) await chatInput(interaction);
        else if (interaction.isAutocomplete()) await autocomplete(interaction);
        else if (interaction.isButton() || interaction.isStringSelectMenu()) await component(interaction);
      } catch (err) {
        outcomes.set(interaction, 'error');
        log.error({ err }, 'interaction handling crashed');
      }
      const kind = observedKind(interaction);
      if (kind) observer.handled({ command: observedName(interaction), kind, outcome: outcomes.get(interaction) ?? 'ok', durationMs: performance.now() - started });
    },
  };
}

/** The reader's locale; Discord sends it with every interaction but pings. */
const readerLocale = (interaction: Interaction): string | null => ('locale' in interaction ? interaction.locale : null);

const readerT = (interaction: Interaction): T => translator(langOfLocale(readerLocale(interaction)));

function observedKind(interaction: Interaction): 'command' | 'autocomplete' | 'component' | undefined {
  if (interaction.isChatInputCommand()) return 'command';
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isButton() || interaction.isStringSelectMenu()) return 'component';
  return undefined;
}

/** "upr list", "letter sent" or a component's "command action": a bounded set, fit for a metric label. */
function observedName(interaction: Interaction): string {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    return [interaction.commandName, interaction.options.getSubcommand(false)].filter(Boolean).join(' ');
  }
  if (interaction.isMessageComponent()) return parseCustomId(interaction.customId).slice(0, 2).join(' ');
  return 'unknown';
}
