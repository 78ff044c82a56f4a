/**
 * What a person does on the Discord side, as Discord's client does it: type a slash command
 * (parsed against the registered definitions, hidden by default_member_permissions), type up to
 * an autocomplete option, click a component, submit a modal; then collect the bot's answer.
 */
import { parseCommand } from './command-parser.js';
import type { RegisteredCommand } from './commands.js';
import type {
  AutocompleteRequest,
  AutocompleteResult,
  ClickRequest,
  ModalSubmitRequest,
  ReplyResult,
  ReplyType,
  RunRequest,
  Where,
} from './control-types.js';
import { noReply } from './control-types.js';
import { memberObject, roleObject, userObject } from './discord-objects.js';
import { ControlError } from './errors.js';
import { sleep } from './http-util.js';
import { CallbackType, InteractionType, interactionBase, type InteractionRecord } from './interactions.js';
import { messageObject, messageSummary, type StoredMessage } from './messages.js';
import { basePermissions, channelPermissions } from './permission-resolver.js';
import { ALL_PERMISSIONS, Permission } from './permissions.js';
import type { SandboxState } from './state.js';
import type { ChannelRecord, GuildRecord, UserRecord } from './world-store.js';

type Obj = Record<string, unknown>;

interface Place {
  guild: GuildRecord;
  channel: ChannelRecord;
  user: UserRecord;
}

function resolvePlace(state: SandboxState, where: Where): Place {
  const { world } = state;
  let guild: GuildRecord;
  let channel: ChannelRecord;
  if (where.guild !== undefined || where.channel === undefined) {
    guild = world.guild(where.guild);
    channel = world.channel(guild.id, where.channel);
  } else {
    // A channel alone: look in the first guild, then anywhere.
    const first = world.guild();
    try {
      channel = world.channel(first.id, where.channel);
    } catch {
      channel = world.channel(undefined, where.channel);
    }
    const owner = channel.guildId ? world.guildById(channel.guildId) : undefined;
    if (!owner) throw new ControlError(400, `channel "${where.channel}" is not in a guild`);
    guild = owner;
  }
  if (channel.guildId !== guild.id) throw new ControlError(400, `channel "${channel.name}" is not in guild "${guild.name}"`);
  const user = world.user(where.user);
  if (user.bot) throw new ControlError(400, 'a bot cannot use commands');
  if (!world.member(guild.id, user.id)) throw new ControlError(403, `${user.name} is not a member of ${guild.name}`);
  return { guild, channel, user };
}

/** What Discord's client checks before it lets a person run a command. */
function checkMayUse(state: SandboxState, command: RegisteredCommand, place: Place): void {
  const { world } = state;
  // Interaction context 0 is a server, and the app is present there by its guild install (0).
  // Discord reads both only on global commands.
  if (command.guild_id === undefined && command.contexts !== null && !command.contexts.includes(0)) {
    throw new ControlError(400, `/${command.name} is not offered in servers: its contexts are [${command.contexts.join(', ')}]`);
  }
  if (command.guild_id === undefined && !command.integration_types.includes(0)) {
    throw new ControlError(400, `/${command.name} is not offered in servers: its integration_types are [${command.integration_types.join(', ')}]`);
  }
  const perms = channelPermissions(world, place.channel, place.user.id);
  if ((perms & Permission.ViewChannel) === 0n) throw new ControlError(403, `${place.user.name} cannot see #${place.channel.name}`);
  if ((perms & Permission.UseApplicationCommands) === 0n) {
    throw new ControlError(403, `${place.user.name} may not use application commands in #${place.channel.name}`);
  }
  if (command.default_member_permissions !== null) {
    const required = BigInt(command.default_member_permissions);
    const base = basePermissions(world, place.guild.id, place.user.id);
    const admin = base === ALL_PERMISSIONS || (base & Permission.Administrator) !== 0n;
    if (!admin && (required === 0n || (base & required) !== required)) {
      throw new ControlError(
        403,
        `/${command.name} is hidden from ${place.user.name}: default_member_permissions ${command.default_member_permissions}`,
      );
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Running interactions and collecting the bot's answer
// ------------------------------------------------------------------------------------------------

/**
 * A round trip in ms, to a hundredth: a command's p99 is ~10 ms, so whole milliseconds would move
 * a ratio of two p99s by a tenth.
 */
const elapsedSince = (started: number) => Math.round((performance.now() - started) * 100) / 100;

function emptyResult(status: number, error: string, started: number, record: InteractionRecord): ReplyResult {
  return {
    ...noReply(status, error, elapsedSince(started)),
    interactionId: record.id,
    ...(record.refused.length > 0 ? { refused: record.refused } : {}),
  };
}

function dispatchInteraction(state: SandboxState, guildId: string, payload: Obj): void {
  const session = state.gateway.sessionForInteraction(guildId);
  if (!session) {
    throw new ControlError(503, 'the bot is not connected to the gateway (no session receives this guild)');
  }
  state.gateway.dispatch(session, 'INTERACTION_CREATE', payload);
}

const TYPE_NAMES: Record<number, ReplyType> = {
  [CallbackType.ChannelMessageWithSource]: 'reply',
  [CallbackType.DeferredChannelMessageWithSource]: 'deferred',
  [CallbackType.DeferredUpdateMessage]: 'deferred-update',
  [CallbackType.UpdateMessage]: 'update',
  [CallbackType.AutocompleteResult]: 'autocomplete',
  [CallbackType.Modal]: 'modal',
};

async function collectReply(
  state: SandboxState,
  record: InteractionRecord,
  started: number,
  opts: { waitMs?: number; settleMs?: number },
): Promise<ReplyResult> {
  const { interactions, limits } = state;
  const until = started + (opts.waitMs ?? limits.replyWaitMs);
  // Discord gives the bot the deadline; a little grace covers the trip back to the sandbox.
  const acked = await interactions.waitFor(
    record,
    (r) => r.callbackType !== undefined || r.refused.length > 0,
    Math.min(limits.interactionDeadlineMs + 100, Math.max(until - performance.now(), 0)),
  );
  if (!acked || record.callbackType === undefined) {
    const why = record.refused[0]?.message ?? `no interaction callback within ${limits.interactionDeadlineMs} ms`;
    return emptyResult(200, `The application did not respond (${why})`, started, record);
  }
  const type = record.callbackType;
  let error: string | undefined;
  if (type === CallbackType.DeferredChannelMessageWithSource) {
    // Filled by an edit, or deleted and replaced by a follow-up.
    const filled = await interactions.waitFor(record, (r) => !r.loading && (!r.originalDeleted || r.followUpIds.length > 0), until - performance.now());
    if (!filled) error = `deferred, but the reply was not edited within ${opts.waitMs ?? limits.replyWaitMs} ms`;
  } else if (type === CallbackType.DeferredUpdateMessage) {
    await interactions.waitFor(record, (r) => r.edits > 0, until - performance.now());
  }
  if (opts.settleMs) await sleep(opts.settleMs);
  // With the original deleted, the reply the user sees is the first follow-up.
  const replyId = record.originalDeleted ? record.followUpIds[0] : record.originalMessageId;
  const message = replyId ? state.messages.get(replyId) : undefined;
  const ephemeral = record.originalDeleted ? ((message?.flags ?? 0) & 64) !== 0 : record.ephemeral;
  const followUps = record.followUpIds
    .map((id) => state.messages.get(id))
    .filter((m): m is StoredMessage => m !== undefined)
    .map((m) => messageSummary(m, state.baseUrl) as unknown as ReplyResult['followUps'][number]);
  return {
    ok: error === undefined,
    status: 200,
    ...(error ? { error } : {}),
    type: TYPE_NAMES[type] ?? 'none',
    interactionId: record.id,
    content: message?.content ?? null,
    embeds: message?.embeds ?? [],
    components: message?.components ?? [],
    ephemeral,
    messageId: message?.id ?? null,
    message: message ? (messageSummary(message, state.baseUrl) as unknown as ReplyResult['message']) : null,
    followUps,
    ...(record.choices ? { choices: record.choices as ReplyResult['choices'] } : {}),
    ...(record.modal !== undefined ? { modal: record.modal } : {}),
    ...(record.refused.length > 0 ? { refused: record.refused } : {}),
    elapsedMs: elapsedSince(started),
  };
}

/**
 * Parses a typed command as Discord's client would (against the registered definitions), checks
 * the user may use it, and dispatches the interaction. Shared by slash commands and autocomplete.
 */
function dispatchTyped(
  state: SandboxState,
  req: RunRequest | AutocompleteRequest,
  type: typeof InteractionType.ApplicationCommand | typeof InteractionType.Autocomplete,
): InteractionRecord {
  if (typeof req.command !== 'string') throw new ControlError(400, '"command" is required, e.g. "/upr add state:Belarus"');
  const place = resolvePlace(state, req);
  const autocompleting = type === InteractionType.Autocomplete;
  const locale = req.locale ?? place.user.locale;
  const parsed = parseCommand(req.command, (typed) => state.commands.find(place.guild.id, typed, locale), {
    locale,
    world: state.world,
    guildId: place.guild.id,
    userId: place.user.id,
    channelId: place.channel.id,
    upload: (input) => state.upload(input),
    ...(autocompleting ? { focused: (req as AutocompleteRequest).focused, mode: 'autocomplete' as const } : { attachments: (req as RunRequest).attachments, mode: 'run' as const }),
  });
  checkMayUse(state, parsed.command, place);
  const record = state.interactions.create({
    type,
    guildId: place.guild.id,
    channelId: place.channel.id,
    userId: place.user.id,
    ...(req.locale ? { locale: req.locale } : {}),
    label: parsed.path,
    commandName: parsed.command.name,
    ...(autocompleting ? { focusedType: parsed.focused?.type } : {}),
  });
  const payload = {
    ...interactionBase({ world: state.world, record, channel: place.channel, user: place.user, applicationId: state.world.applicationId }),
    data: parsed.data,
  };
  dispatchInteraction(state, place.guild.id, payload);
  return record;
}

export async function runCommand(state: SandboxState, req: RunRequest): Promise<ReplyResult> {
  const started = performance.now();
  const record = dispatchTyped(state, req, InteractionType.ApplicationCommand);
  return collectReply(state, record, started, req);
}

export async function autocomplete(state: SandboxState, req: AutocompleteRequest): Promise<AutocompleteResult> {
  const started = performance.now();
  const record = dispatchTyped(state, req, InteractionType.Autocomplete);
  const answered = await state.interactions.waitFor(
    record,
    (r) => r.callbackType !== undefined || r.refused.length > 0,
    state.limits.interactionDeadlineMs + 100,
  );
  if (!answered || record.callbackType === undefined) {
    return {
      ok: false,
      status: 200,
      error: `no autocomplete answer within ${state.limits.interactionDeadlineMs} ms${record.refused[0] ? ` (${record.refused[0].message})` : ''}`,
      choices: [],
      elapsedMs: elapsedSince(started),
    };
  }
  return {
    ok: true,
    status: 200,
    choices: (record.choices ?? []) as AutocompleteResult['choices'],
    elapsedMs: elapsedSince(started),
  };
}

/** Finds a component by custom_id anywhere in a message's component tree. */
function findComponent(components: unknown[], customId: string): Obj | undefined {
  for (const c of components) {
    if (typeof c !== 'object' || c === null) continue;
    const o = c as Obj;
    if (o.custom_id === customId) return o;
    for (const key of ['components', 'accessory', 'component']) {
      const nested = o[key];
      const list = Array.isArray(nested) ? nested : nested ? [nested] : [];
      const found = findComponent(list, customId);
      if (found) return found;
    }
  }
  return undefined;
}

export async function click(state: SandboxState, req: ClickRequest): Promise<ReplyResult> {
  const started = performance.now();
  const { world } = state;
  const message = typeof req.message === 'string' ? state.messages.get(req.message) : undefined;
  if (!message) throw new ControlError(404, `unknown message "${req.message}"`);
  if (typeof req.customId !== 'string') throw new ControlError(400, '"customId" is required');
  const component = findComponent(message.components, req.customId);
  if (!component) throw new ControlError(400, `message ${message.id} has no component with custom_id "${req.customId}"`);
  if (component.disabled === true) throw new ControlError(400, `component "${req.customId}" is disabled`);
  const channel = world.channelById(message.channelId);
  if (!channel?.guildId) throw new ControlError(400, 'components can only be used in guild channels here');
  const place = resolvePlace(state, { guild: channel.guildId, channel: channel.id, user: req.user });
  if (message.ephemeral && message.interaction && message.interaction.userId !== place.user.id) {
    throw new ControlError(403, 'only the user who received an ephemeral message can use its components');
  }
  const componentType = Number(component.type);
  const data: Obj = { custom_id: req.customId, component_type: componentType };
  if (componentType === 2) {
    if (req.values !== undefined) throw new ControlError(400, 'a button takes no values');
  } else {
    const values = req.values ?? [];
    const min = typeof component.min_values === 'number' ? component.min_values : 1;
    const max = typeof component.max_values === 'number' ? component.max_values : 1;
    if (values.length < min || values.length > max) {
      throw new ControlError(400, `select "${req.customId}" takes ${min === max ? min : `${min} to ${max}`} value(s), got ${values.length}`);
    }
    const resolved: Record<string, Obj> = {};
    const put = (kind: string, id: string, value: unknown) => {
      (resolved[kind] ??= {})[id] = value;
    };
    const ids = values.map((v) => {
      switch (componentType) {
        case 3: {
          const options = Array.isArray(component.options) ? (component.options as Obj[]) : [];
          const option = options.find((o) => o.value === v) ?? options.find((o) => String(o.label).toLowerCase() === v.toLowerCase());
          if (!option) throw new ControlError(400, `select "${req.customId}" has no option "${v}"`);
          return String(option.value);
        }
        case 5:
        case 7: {
          let user: UserRecord | undefined;
          try {
            user = world.user(v);
          } catch (e) {
            if (componentType === 5) throw e;
          }
          if (user) {
            put('users', user.id, userObject(user));
            const member = world.member(place.guild.id, user.id);
            if (member) {
              const { user: _u, ...rest } = memberObject(world, member, false);
              put('members', user.id, { ...rest, permissions: basePermissions(world, place.guild.id, user.id).toString() });
            }
            return user.id;
          }
          const role = world.role(place.guild.id, v);
          put('roles', role.id, roleObject(role));
          return role.id;
        }
        case 6: {
          const role = world.role(place.guild.id, v);
          put('roles', role.id, roleObject(role));
          return role.id;
        }
        case 8: {
          const ch = world.channel(place.guild.id, v);
          put('channels', ch.id, { id: ch.id, name: ch.name, type: ch.type, permissions: channelPermissions(world, ch, place.user.id).toString(), parent_id: null, flags: 0 });
          return ch.id;
        }
        default:
          throw new ControlError(400, `component type ${componentType} cannot be clicked`);
      }
    });
    data.values = ids;
    if (Object.keys(resolved).length > 0) data.resolved = resolved;
  }
  const record = state.interactions.create({
    type: InteractionType.MessageComponent,
    guildId: place.guild.id,
    channelId: channel.id,
    userId: place.user.id,
    ...(req.locale ? { locale: req.locale } : {}),
    label: req.customId,
    componentMessageId: message.id,
  });
  const payload = {
    ...interactionBase({ world, record, channel, user: place.user, applicationId: world.applicationId }),
    data,
    message: messageObject(world, message, state.baseUrl),
  };
  dispatchInteraction(state, place.guild.id, payload);
  return collectReply(state, record, started, req);
}

/** Submits the modal the bot opened in answer to an interaction. */
export async function submitModal(state: SandboxState, req: ModalSubmitRequest): Promise<ReplyResult> {
  const started = performance.now();
  const { world } = state;
  const opener = typeof req.interaction === 'string' ? state.interactions.get(req.interaction) : undefined;
  if (!opener) throw new ControlError(404, `unknown interaction "${req.interaction}"`);
  const modal = opener.modal as Obj | undefined;
  if (!modal) throw new ControlError(400, `interaction ${opener.id} was not answered with a modal`);
  const fields = req.fields ?? {};
  const inputs: Obj[] = [];
  const collect = (c: unknown) => {
    if (typeof c !== 'object' || c === null) return;
    const o = c as Obj;
    if (o.type === 4) inputs.push(o);
    if (Array.isArray(o.components)) o.components.forEach(collect);
    if (o.component) collect(o.component);
  };
  (Array.isArray(modal.components) ? modal.components : []).forEach(collect);
  for (const key of Object.keys(fields)) {
    if (!inputs.some((i) => i.custom_id === key)) throw new ControlError(400, `the modal has no text input "${key}"`);
  }
  for (const input of inputs) {
    const value = fields[String(input.custom_id)] ?? '';
    if (input.required !== false && value === '') throw new ControlError(400, `text input "${input.custom_id}" is required`);
  }
  const components = (Array.isArray(modal.components) ? (modal.components as Obj[]) : []).map((row) => {
    if (row.type === 18 && row.component) {
      const inner = row.component as Obj;
      return { type: 18, id: row.id ?? 0, component: { type: inner.type, id: inner.id ?? 0, custom_id: inner.custom_id, value: fields[String(inner.custom_id)] ?? '' } };
    }
    const children = Array.isArray(row.components) ? (row.components as Obj[]) : [];
    return {
      type: 1,
      id: row.id ?? 0,
      components: children.map((c) => ({ type: c.type, id: c.id ?? 0, custom_id: c.custom_id, value: fields[String(c.custom_id)] ?? '' })),
    };
  });
  const channel = world.channelById(opener.channelId);
  const user = world.userById(opener.userId);
  if (!channel || !user) throw new ControlError(400, 'the modal\'s channel or user is gone');
  const record = state.interactions.create({
    type: InteractionType.ModalSubmit,
    guildId: opener.guildId,
    channelId: opener.channelId,
    userId: opener.userId,
    // The modal is submitted by the user who opened it, in the same client.
    ...(opener.locale ? { locale: opener.locale } : {}),
    label: String(modal.custom_id),
    ...(opener.componentMessageId ? { componentMessageId: opener.componentMessageId } : {}),
  });
  const payload = {
    ...interactionBase({ world, record, channel, user, applicationId: world.applicationId }),
    data: { custom_id: modal.custom_id, components },
    ...(opener.componentMessageId && state.messages.get(opener.componentMessageId)
      ? { message: messageObject(world, state.messages.get(opener.componentMessageId) as StoredMessage, state.baseUrl) }
      : {}),
  };
  dispatchInteraction(state, opener.guildId, payload);
  return collectReply(state, record, started, req);
}

