/**
 * Reads a slash command as a person types it in Discord —
 * `/upr add state:Belarus date:2025-11-03 note:"a b"` — against the bot's registered
 * definitions, and builds the interaction `data` Discord would send (options, resolved).
 * Names are read as the user's locale shows them (`/carta agregar para:Argentina` for es-419
 * when the command is localized; the default names are understood too), and the interaction
 * carries the default names and choice values, as Discord's does.
 * What Discord's client would not let through (unknown command or option, missing required
 * option, a value of the wrong type or outside the choices) is refused with a ControlError.
 */
import { userObject, roleObject, memberObject } from './discord-objects.js';
import { basePermissions, channelPermissions } from './permission-resolver.js';
import { ControlError } from './errors.js';
import { OptionType, type CommandOption, type RegisteredCommand } from './commands.js';
import { shownName } from './localization-rules.js';
import type { World } from './world-store.js';

export interface AttachmentInput {
  filename: string;
  contentType?: string;
  /** The file's text. */
  content?: string;
  /** Or its bytes, base64. */
  base64?: string;
}

export interface StoredUpload {
  id: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface ParseContext {
  world: World;
  guildId: string;
  userId: string;
  /** The channel the command is typed in (for channel option permissions). */
  channelId: string;
  /** Attachments by option name. */
  attachments?: Record<string, AttachmentInput>;
  /** Stores an uploaded attachment and returns its id and URL. */
  upload: (input: AttachmentInput) => { upload: StoredUpload; url: string };
  /** Autocomplete: the option being typed (default: the last option written). */
  focused?: string;
  mode: 'run' | 'autocomplete';
  /** The user's locale: the names they see and type. */
  locale?: string;
}

export interface ParsedCommand {
  command: RegisteredCommand;
  /** The interaction's `data` object. */
  data: Record<string, unknown>;
  /** Autocomplete: the focused option's name and type. */
  focused?: { name: string; type: number };
  /** e.g. "upr add" */
  path: string;
}

interface Written {
  name: string;
  raw: string;
}

const OPTION_NAME = /^([-_\p{L}\p{N}]{1,32}):/u;

/** Splits "state:Belarus note:"a b" x:1" into name/value pairs (values quoted or up to the next ` name:`). */
export function splitOptions(text: string, known: Set<string>): Written[] {
  const out: Written[] = [];
  let i = 0;
  const s = text;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i] ?? '')) i++;
    if (i >= s.length) break;
    const m = OPTION_NAME.exec(s.slice(i));
    if (!m || !m[1]) {
      const rest = s.slice(i).split(/\s+/)[0];
      throw new ControlError(400, `unexpected "${rest}": options are written name:value`);
    }
    const name = m[1];
    i += m[0].length;
    let raw: string;
    const quote = s[i];
    if (quote === '"' || quote === "'") {
      let j = i + 1;
      let value = '';
      while (j < s.length && s[j] !== quote) {
        if (s[j] === '\\' && (s[j + 1] === quote || s[j + 1] === '\\')) j++;
        value += s[j];
        j++;
      }
      if (j >= s.length) throw new ControlError(400, `option ${name}: missing closing ${quote}`);
      raw = value;
      i = j + 1;
      if (i < s.length && !/\s/.test(s[i] ?? '')) throw new ControlError(400, `option ${name}: text after the closing quote`);
    } else {
      // The value runs until the next " word:" that names an option (or looks like one).
      const rest = s.slice(i);
      const boundary = /\s+([-_\p{L}\p{N}]{1,32}):(?!\/\/)/gu;
      let end = rest.length;
      for (let b = boundary.exec(rest); b; b = boundary.exec(rest)) {
        const word = b[1] ?? '';
        if (known.has(word) || (/^\p{Ll}/u.test(word) && word === word.toLowerCase())) {
          end = b.index;
          break;
        }
      }
      raw = rest.slice(0, end).trim();
      i += end;
    }
    if (out.some((w) => w.name === name)) throw new ControlError(400, `option ${name} is given twice`);
    out.push({ name, raw });
  }
  return out;
}

/** The item a typed name stands for: the name the locale shows first, then the default name. */
function byTypedName<T extends { name: string; name_localizations?: unknown }>(items: T[], typed: string, locale: string | undefined): T | undefined {
  return items.find((i) => shownName(i, locale) === typed) ?? items.find((i) => i.name === typed);
}

export function parseCommand(
  text: string,
  commands: (typed: string, locale: string | undefined) => RegisteredCommand | undefined,
  ctx: ParseContext,
): ParsedCommand {
  const { locale } = ctx;
  const shown = (item: { name: string; name_localizations?: unknown }) => shownName(item, locale);
  const optionList = (options: CommandOption[] | undefined): string =>
    (options ?? []).map((o) => `${shown(o)}${o.required ? '' : '?'}`).join(', ') || '(none)';
  const trimmed = text.trim().replace(/^\//, '');
  const head = /^(\S+)\s*/.exec(trimmed);
  if (!head?.[1]) throw new ControlError(400, 'empty command');
  const name = head[1];
  const command = commands(name, locale);
  if (!command) throw new ControlError(400, `unknown command /${name}`);
  let rest = trimmed.slice(head[0].length);
  let level: CommandOption[] = command.options ?? [];
  // The path as the user sees it (for messages) and with default names (the interaction's label).
  const seen = [shown(command)];
  const path = [command.name];
  const chain: { type: number; name: string }[] = [];

  const takeWord = (kind: string, choices: CommandOption[]): CommandOption => {
    const m = /^(\S+)\s*/.exec(rest);
    const word = m?.[1];
    const names = choices.map(shown).join(', ');
    if (!word || word.includes(':')) throw new ControlError(400, `/${seen.join(' ')} needs a ${kind}: one of ${names}`);
    const found = byTypedName(choices, word, locale);
    if (!found) throw new ControlError(400, `/${seen.join(' ')}: unknown ${kind} "${word}" (one of ${names})`);
    rest = rest.slice(m[0].length);
    path.push(found.name);
    seen.push(shown(found));
    return found;
  };

  if (level.some((o) => o.type === OptionType.SubcommandGroup || o.type === OptionType.Subcommand)) {
    const first = takeWord('subcommand', level.filter((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup));
    chain.push({ type: first.type, name: first.name });
    level = first.options ?? [];
    if (first.type === OptionType.SubcommandGroup) {
      const sub = takeWord('subcommand', level.filter((o) => o.type === OptionType.Subcommand));
      chain.push({ type: sub.type, name: sub.name });
      level = sub.options ?? [];
    }
  }

  const known = new Set(level.flatMap((o) => [o.name, shown(o)]));
  const where = `/${seen.join(' ')}`;
  // From here on, written options go by their default names.
  const written = splitOptions(rest, known).map((w) => {
    const def = byTypedName(level, w.name, locale);
    if (!def) throw new ControlError(400, `${where} has no option "${w.name}" (options: ${optionList(level)})`);
    return { name: def.name, raw: w.raw };
  });
  for (const w of written) {
    if (written.filter((x) => x.name === w.name).length > 1) throw new ControlError(400, `option ${shown(level.find((o) => o.name === w.name)!)} is given twice`);
  }
  for (const attachmentName of Object.keys(ctx.attachments ?? {})) {
    const def = byTypedName(level, attachmentName, locale);
    if (!def) throw new ControlError(400, `${where} has no option "${attachmentName}" for the attachment`);
    if (def.type !== OptionType.Attachment) throw new ControlError(400, `option ${attachmentName} is not an attachment option`);
    if (written.some((w) => w.name === def.name)) continue;
    written.push({ name: def.name, raw: '' });
  }
  const attachments = Object.fromEntries(
    Object.entries(ctx.attachments ?? {}).map(([typed, input]) => [byTypedName(level, typed, locale)?.name ?? typed, input]),
  );

  let focusedName: string | undefined;
  if (ctx.mode === 'autocomplete') {
    const focused = ctx.focused === undefined ? undefined : byTypedName(level, ctx.focused, locale);
    if (ctx.focused !== undefined && !focused) throw new ControlError(400, `${where} has no option "${ctx.focused}"`);
    focusedName = focused?.name ?? written[written.length - 1]?.name;
    if (!focusedName) throw new ControlError(400, 'autocomplete: no option is being typed (give "focused")');
    const def = level.find((o) => o.name === focusedName);
    if (!def) throw new ControlError(400, `${where} has no option "${focusedName}"`);
    if (!def.autocomplete) throw new ControlError(400, `option ${shown(def)} of ${where} has no autocomplete`);
    if (!written.some((w) => w.name === focusedName)) written.push({ name: focusedName, raw: '' });
  } else {
    const missing = level.filter((o) => o.required && !written.some((w) => w.name === o.name)).map(shown);
    if (missing.length > 0) throw new ControlError(400, `${where} is missing required option(s): ${missing.join(', ')}`);
  }

  const resolved: Record<string, Record<string, unknown>> = {};
  const put = (kind: string, id: string, value: unknown) => {
    (resolved[kind] ??= {})[id] = value;
  };
  const leafOptions: Record<string, unknown>[] = [];
  let focusedType: number | undefined;
  for (const w of written) {
    const def = level.find((o) => o.name === w.name);
    if (!def) continue;
    if (w.name === focusedName) {
      focusedType = def.type;
      leafOptions.push({ type: def.type, name: def.name, value: w.raw, focused: true });
      continue;
    }
    try {
      const value = convert(def, w.raw, { ...ctx, attachments }, put);
      leafOptions.push({ type: def.type, name: def.name, value });
    } catch (e) {
      // While autocompleting, the other options may still be half typed: send them as text.
      if (ctx.mode === 'autocomplete') leafOptions.push({ type: def.type, name: def.name, value: w.raw });
      else throw e;
    }
  }

  let options: Record<string, unknown>[] = leafOptions;
  for (const link of [...chain].reverse()) options = [{ type: link.type, name: link.name, options }];

  const data: Record<string, unknown> = {
    id: command.id,
    name: command.name,
    type: 1,
    ...(options.length > 0 ? { options } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    ...(command.guild_id ? { guild_id: command.guild_id } : {}),
  };
  return {
    command,
    data,
    path: path.join(' '),
    ...(focusedName && focusedType !== undefined ? { focused: { name: focusedName, type: focusedType } } : {}),
  };
}

/** A choice picked by its value, by the name the user's locale shows, or by its default name. */
function checkChoices(def: CommandOption, value: string | number, raw: string, locale: string | undefined): string | number {
  if (!def.choices || def.choices.length === 0) return value;
  const byValue = def.choices.find((c) => c.value === value);
  if (byValue) return byValue.value;
  const typed = raw.toLowerCase();
  const byName =
    def.choices.find((c) => shownName(c, locale).toLowerCase() === typed) ?? def.choices.find((c) => c.name.toLowerCase() === typed);
  if (byName) return byName.value;
  throw new ControlError(400, `option ${shownName(def, locale)}: "${raw}" is not one of the choices (${def.choices.map((c) => shownName(c, locale)).join(', ')})`);
}

function checkRange(def: CommandOption, n: number, label: string): void {
  if (def.min_value !== undefined && n < def.min_value) throw new ControlError(400, `option ${label}: must be at least ${def.min_value}`);
  if (def.max_value !== undefined && n > def.max_value) throw new ControlError(400, `option ${label}: must be at most ${def.max_value}`);
}

function convert(
  def: CommandOption,
  raw: string,
  ctx: ParseContext,
  put: (kind: string, id: string, value: unknown) => void,
): unknown {
  const { world, guildId } = ctx;
  const label = shownName(def, ctx.locale);
  if (raw === '' && def.type !== OptionType.Attachment) throw new ControlError(400, `option ${label} needs a value`);
  switch (def.type) {
    case OptionType.String: {
      if (def.min_length !== undefined && raw.length < def.min_length) {
        throw new ControlError(400, `option ${label}: at least ${def.min_length} characters`);
      }
      if (raw.length > (def.max_length ?? 6000)) throw new ControlError(400, `option ${label}: at most ${def.max_length ?? 6000} characters`);
      return checkChoices(def, raw, raw, ctx.locale);
    }
    case OptionType.Integer: {
      if (!/^[-+]?\d+$/.test(raw)) {
        if (def.choices?.length) return checkChoices(def, Number.NaN, raw, ctx.locale);
        throw new ControlError(400, `option ${label}: "${raw}" is not an integer`);
      }
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) throw new ControlError(400, `option ${label}: ${raw} is out of range`);
      checkRange(def, n, label);
      return checkChoices(def, n, raw, ctx.locale);
    }
    case OptionType.Number: {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) {
        if (def.choices?.length) return checkChoices(def, Number.NaN, raw, ctx.locale);
        throw new ControlError(400, `option ${label}: "${raw}" is not a number`);
      }
      checkRange(def, n, label);
      return checkChoices(def, n, raw, ctx.locale);
    }
    case OptionType.Boolean: {
      const v = raw.toLowerCase();
      // Discord's client offers True/False in the reader's language ("Verdadero"/"Falso").
      if (['true', 'yes', '1', 'on', 'verdadero', 'sí', 'si'].includes(v)) return true;
      if (['false', 'no', '0', 'off', 'falso'].includes(v)) return false;
      throw new ControlError(400, `option ${label}: "${raw}" is not True or False`);
    }
    case OptionType.User: {
      const user = world.user(raw);
      putUser(world, guildId, user.id, put);
      return user.id;
    }
    case OptionType.Channel: {
      const channel = world.channel(guildId, raw);
      if (channel.guildId !== guildId) throw new ControlError(400, `option ${label}: channel "${raw}" is not in this server`);
      if (def.channel_types && def.channel_types.length > 0 && !def.channel_types.includes(channel.type)) {
        throw new ControlError(400, `option ${label}: channel "${raw}" is not of an allowed type`);
      }
      put('channels', channel.id, {
        id: channel.id,
        name: channel.name,
        type: channel.type,
        permissions: channelPermissions(world, channel, ctx.userId).toString(),
        parent_id: null,
        flags: 0,
        guild_id: guildId,
        topic: channel.topic,
        position: channel.position,
        nsfw: false,
        rate_limit_per_user: 0,
        last_message_id: channel.lastMessageId,
      });
      return channel.id;
    }
    case OptionType.Role: {
      const role = world.role(guildId, raw);
      put('roles', role.id, roleObject(role));
      return role.id;
    }
    case OptionType.Mentionable: {
      try {
        const user = world.user(raw);
        putUser(world, guildId, user.id, put);
        return user.id;
      } catch {
        const role = world.role(guildId, raw);
        put('roles', role.id, roleObject(role));
        return role.id;
      }
    }
    case OptionType.Attachment: {
      const input = ctx.attachments?.[def.name];
      if (!input) throw new ControlError(400, `option ${label} is an attachment: give it in "attachments": { "${label}": { filename, content } }`);
      const { upload, url } = ctx.upload(input);
      put('attachments', upload.id, {
        id: upload.id,
        filename: upload.filename,
        size: upload.data.length,
        url,
        proxy_url: url,
        content_type: upload.contentType,
        ephemeral: true,
      });
      return upload.id;
    }
    default:
      throw new ControlError(400, `option ${label}: type ${def.type} is not supported by the sandbox`);
  }
}

function putUser(world: World, guildId: string, userId: string, put: (kind: string, id: string, value: unknown) => void) {
  const user = world.userById(userId);
  if (!user) return;
  put('users', user.id, userObject(user));
  const member = world.member(guildId, user.id);
  if (member) {
    const { user: _u, deaf: _d, mute: _m, ...partial } = memberObject(world, member, false);
    put('members', user.id, { ...partial, permissions: basePermissions(world, guildId, user.id).toString() });
  }
}
