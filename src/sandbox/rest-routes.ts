/**
 * The REST routes the bot calls (below /api/v10), with Discord's answers: messages,
 * channels, guilds, users, command registration, interaction callbacks and the
 * interaction webhooks (@original, follow-ups).
 */
import { Errors, DiscordHttpError } from './errors.js';
import { CallbackType, InteractionType, type InteractionRecord } from './interactions.js';
import { MessageFlags, MessageType, messageObject, type MessageInput, type StoredMessage, type UploadedFile } from './messages.js';
import { Permission } from './permissions.js';
import type { SandboxState } from './state.js';
import {
  validateCommandBulk,
  validateCommandCreate,
  validateCommandEdit,
  validateCreateDm,
  validateInteractionCallback,
  validateMessageCreate,
  validateMessageEdit,
  validateWebhookEdit,
  validateWebhookExecute,
  type Issue,
} from './validation.js';
import type { ChannelRecord } from './world.js';

export interface RestContext {
  state: SandboxState;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  /** Throws Discord's 400 (and records a violation) when there are issues. */
  validate: (issues: Issue[]) => void;
}

export interface RestResult {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: string;
  /** 'bot': needs `Authorization: Bot <token>` and counts against the global limit; 'token': the token is in the path. */
  auth: 'bot' | 'token' | 'none';
  /** The major parameter(s) of the rate-limit bucket. */
  major?: string | string[];
  /** The per-channel message limit instead of the generic route window. */
  channelMessageLimit?: boolean;
  handler: (ctx: RestContext) => RestResult | Promise<RestResult>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const ok = (body: unknown, status = 200): RestResult => ({ status, body });
const noContent = (): RestResult => ({ status: 204 });

// ------------------------------------------------------------------------------------------------
// Lookups with Discord's errors
// ------------------------------------------------------------------------------------------------

function applicationOf(ctx: RestContext): void {
  const app = ctx.params.application_id;
  if (app !== ctx.state.world.applicationId) throw Errors.missingAccess();
}

function guildOf(ctx: RestContext) {
  const guild = ctx.state.world.guildById(ctx.params.guild_id ?? '');
  if (!guild) throw Errors.unknownGuild();
  return guild;
}

/** The channel, checked the way Discord checks the bot: 10003 unknown, 50001 cannot see it. */
function visibleChannel(ctx: RestContext): { channel: ChannelRecord; perms: bigint } {
  const { world } = ctx.state;
  const channel = world.channelById(ctx.params.channel_id ?? '');
  if (!channel) throw Errors.unknownChannel();
  const perms = world.channelPermissions(channel, world.bot.id);
  if ((perms & Permission.ViewChannel) === 0n) throw Errors.missingAccess();
  return { channel, perms };
}

function ownMessage(ctx: RestContext, channel: ChannelRecord): StoredMessage {
  const message = ctx.state.messages.get(ctx.params.message_id ?? '');
  if (!message || message.channelId !== channel.id || message.ephemeral) throw Errors.unknownMessage();
  return message;
}

/** Whether an edit would leave the message with nothing in it (Discord refuses: 50006). */
function editLeavesEmpty(m: StoredMessage, input: MessageInput, files: UploadedFile[]): boolean {
  const content = input.content !== undefined ? (input.content ?? '') : m.content;
  const embeds = input.embeds !== undefined ? (input.embeds ?? []) : m.embeds;
  const components = input.components !== undefined ? (input.components ?? []) : m.components;
  const attachments =
    input.attachments !== undefined || files.length > 0 ? (input.attachments?.length ?? 0) + files.length : m.attachments.length;
  return content.trim().length === 0 && embeds.length === 0 && components.length === 0 && attachments === 0;
}

/** Applies an edit unless it would leave the message empty. */
function applyEdit(ctx: RestContext, m: StoredMessage, input: MessageInput): StoredMessage {
  if (editLeavesEmpty(m, input, ctx.files)) {
    ctx.state.recordViolation({
      method: ctx.method,
      path: ctx.path,
      body: ctx.body,
      issues: [{ path: '', code: 'EMPTY_MESSAGE', message: 'Cannot send an empty message', source: 'limits' }],
      status: 400,
      code: 50006,
    });
    throw Errors.emptyMessage();
  }
  return ctx.state.messages.edit(m, input, ctx.files);
}

const apiMessage = (ctx: RestContext, m: StoredMessage) => messageObject(ctx.state.world, m, ctx.state.baseUrl);

// ------------------------------------------------------------------------------------------------
// Interactions and their webhooks
// ------------------------------------------------------------------------------------------------

function interactionFromWebhook(ctx: RestContext): InteractionRecord {
  const { state } = ctx;
  if (ctx.params.webhook_id !== state.world.applicationId) throw Errors.unknownWebhook();
  const record = state.interactions.byWebhookToken(ctx.params.webhook_token ?? '');
  if (!record) throw Errors.invalidWebhookToken();
  if (Date.now() - record.createdAt > state.limits.interactionTokenTtlMs) throw Errors.invalidWebhookToken();
  // Until the interaction is acknowledged, its webhook does not exist.
  if (record.callbackType === undefined) throw Errors.unknownWebhook();
  return record;
}

function webhookMessage(ctx: RestContext, record: InteractionRecord): StoredMessage {
  const id = ctx.params.message_id;
  const messageId = id === '@original' ? record.originalMessageId : id;
  const allowed = id === '@original' || (messageId !== undefined && record.followUpIds.includes(messageId));
  const message = allowed && messageId ? ctx.state.messages.get(messageId) : undefined;
  if (!message) throw Errors.unknownMessage();
  return message;
}

function interactionInfo(record: InteractionRecord) {
  return { id: record.id, type: record.type, name: record.commandName ?? record.label, userId: record.userId };
}

function callback(ctx: RestContext): RestResult {
  const { state } = ctx;
  const record = state.interactions.get(ctx.params.interaction_id ?? '');
  if (!record || record.token !== ctx.params.interaction_token) throw Errors.unknownInteraction();
  if (record.callbackType !== undefined) {
    record.refused.push({ at: Date.now(), code: 40060, message: 'Interaction has already been acknowledged.' });
    throw Errors.alreadyAcknowledged();
  }
  if (Date.now() - record.createdAt > state.limits.interactionDeadlineMs) {
    record.refused.push({ at: Date.now(), code: 10062, message: 'Unknown interaction (answered after the deadline)' });
    state.interactions.changed(record);
    throw Errors.unknownInteraction();
  }
  const body = obj(ctx.body);
  ctx.validate(validateInteractionCallback(ctx.body, { focusedType: record.focusedType, files: ctx.files.length }));
  const type = body.type as number;
  const data = obj(body.data) as MessageInput & Obj;
  const wrongFor = (what: string): never => {
    ctx.validate([{ path: 'type', code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: `Callback type ${type} is not valid for ${what}`, source: 'limits' }]);
    throw Errors.invalidFormBody({});
  };
  const isComponent = record.type === InteractionType.MessageComponent;
  const isAutocomplete = record.type === InteractionType.Autocomplete;
  if (isAutocomplete && type !== CallbackType.AutocompleteResult) wrongFor('an autocomplete interaction');
  if (!isAutocomplete && type === CallbackType.AutocompleteResult) wrongFor('this interaction (only autocomplete)');
  if (!isComponent && (type === CallbackType.DeferredUpdateMessage || type === CallbackType.UpdateMessage)) {
    wrongFor('this interaction (only component interactions can update their message)');
  }
  if (type === CallbackType.Pong || type === CallbackType.LaunchActivity) wrongFor('this interaction');

  const extra = {
    webhookId: state.world.applicationId,
    interaction: interactionInfo(record),
    via: 'interaction' as const,
  };
  let message: StoredMessage | undefined;
  switch (type) {
    case CallbackType.ChannelMessageWithSource: {
      message = state.messages.create(record.channelId, data, ctx.files, {
        ...extra,
        type: record.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
      });
      record.originalMessageId = message.id;
      record.ephemeral = message.ephemeral;
      state.announceMessage('create', message);
      break;
    }
    case CallbackType.DeferredChannelMessageWithSource: {
      const flags = ((data.flags ?? 0) & MessageFlags.Ephemeral) | MessageFlags.Loading;
      message = state.messages.create(record.channelId, { content: '', flags }, [], {
        ...extra,
        type: record.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
      });
      record.originalMessageId = message.id;
      record.ephemeral = message.ephemeral;
      record.loading = true;
      state.announceMessage('create', message);
      break;
    }
    case CallbackType.DeferredUpdateMessage:
    case CallbackType.UpdateMessage: {
      message = record.componentMessageId ? state.messages.get(record.componentMessageId) : undefined;
      if (!message) throw Errors.unknownMessage();
      record.originalMessageId = message.id;
      record.ephemeral = message.ephemeral;
      if (type === CallbackType.UpdateMessage) {
        applyEdit(ctx, message, data);
        state.announceMessage('update', message);
      }
      break;
    }
    case CallbackType.AutocompleteResult:
      record.choices = Array.isArray(data.choices) ? data.choices : [];
      break;
    case CallbackType.Modal:
      record.modal = body.data;
      break;
  }
  record.callbackType = type;
  record.callbackAt = Date.now();
  state.interactions.changed(record);

  if (ctx.query.get('with_response') !== 'true') return noContent();
  return ok({
    interaction: {
      id: record.id,
      type: record.type,
      activity_instance_id: null,
      response_message_id: message?.id ?? null,
      response_message_loading: record.loading,
      response_message_ephemeral: record.ephemeral,
    },
    ...(message && type !== CallbackType.DeferredUpdateMessage
      ? { resource: { type, message: apiMessage(ctx, message) } }
      : { resource: { type } }),
  });
}

function followUp(ctx: RestContext): RestResult {
  const { state } = ctx;
  const record = interactionFromWebhook(ctx);
  ctx.validate(validateWebhookExecute(ctx.body, ctx.files.length));
  const data = obj(ctx.body) as MessageInput & Obj;
  let message: StoredMessage;
  const original = record.originalMessageId ? state.messages.get(record.originalMessageId) : undefined;
  if (record.loading && original && record.callbackType === CallbackType.DeferredChannelMessageWithSource) {
    // The first follow-up of a deferred reply fills the "thinking..." message (Discord's rule).
    const { flags: _ignored, ...rest } = data;
    message = applyEdit(ctx, original, rest);
    record.loading = false;
    record.edits += 1;
    state.announceMessage('update', message);
  } else {
    message = state.messages.create(record.channelId, data, ctx.files, {
      webhookId: state.world.applicationId,
      interaction: interactionInfo(record),
      via: 'followup',
    });
    record.followUpIds.push(message.id);
    state.announceMessage('create', message);
  }
  state.interactions.changed(record);
  return ctx.query.get('wait') === 'false' ? noContent() : ok(apiMessage(ctx, message));
}

function editWebhookMessage(ctx: RestContext): RestResult {
  const { state } = ctx;
  const record = interactionFromWebhook(ctx);
  const message = webhookMessage(ctx, record);
  ctx.validate(validateWebhookEdit(ctx.body));
  applyEdit(ctx, message, obj(ctx.body) as MessageInput);
  if (message.id === record.originalMessageId) {
    record.loading = false;
    record.edits += 1;
  }
  state.announceMessage('update', message);
  state.interactions.changed(record);
  return ok(apiMessage(ctx, message));
}

// ------------------------------------------------------------------------------------------------
// Commands
// ------------------------------------------------------------------------------------------------

function commandRoutes(prefix: string, scopeOf: (ctx: RestContext) => string): RouteDef[] {
  const check = (ctx: RestContext) => {
    applicationOf(ctx);
    return scopeOf(ctx);
  };
  const one = (ctx: RestContext, scope: string) => {
    const command = ctx.state.commands.get(scope, ctx.params.command_id ?? '');
    if (!command) throw Errors.unknownCommand();
    return command;
  };
  return [
    { method: 'GET', pattern: prefix, auth: 'bot', major: 'application_id', handler: (ctx) => ok(ctx.state.commands.list(check(ctx))) },
    {
      method: 'PUT',
      pattern: prefix,
      auth: 'bot',
      major: 'application_id',
      handler: (ctx) => {
        const scope = check(ctx);
        ctx.validate(validateCommandBulk(ctx.body));
        return ok(ctx.state.commands.overwrite(scope, (ctx.body as Obj[] | null) ?? []));
      },
    },
    {
      method: 'POST',
      pattern: prefix,
      auth: 'bot',
      major: 'application_id',
      handler: (ctx) => {
        const scope = check(ctx);
        ctx.validate(validateCommandCreate(ctx.body));
        const { command, created } = ctx.state.commands.upsert(scope, obj(ctx.body));
        return ok(command, created ? 201 : 200);
      },
    },
    { method: 'GET', pattern: `${prefix}/:command_id`, auth: 'bot', major: 'application_id', handler: (ctx) => ok(one(ctx, check(ctx))) },
    {
      method: 'PATCH',
      pattern: `${prefix}/:command_id`,
      auth: 'bot',
      major: 'application_id',
      handler: (ctx) => {
        const scope = check(ctx);
        one(ctx, scope);
        ctx.validate(validateCommandEdit(ctx.body));
        return ok(ctx.state.commands.patch(scope, ctx.params.command_id ?? '', obj(ctx.body)));
      },
    },
    {
      method: 'DELETE',
      pattern: `${prefix}/:command_id`,
      auth: 'bot',
      major: 'application_id',
      handler: (ctx) => {
        const scope = check(ctx);
        one(ctx, scope);
        ctx.state.commands.remove(scope, ctx.params.command_id ?? '');
        return noContent();
      },
    },
  ];
}

// ------------------------------------------------------------------------------------------------
// The table
// ------------------------------------------------------------------------------------------------

function applicationObject(ctx: RestContext): Obj {
  const { world } = ctx.state;
  const owner = world.users.find((u) => u.name === 'owner' && !u.bot) ?? world.bot;
  return {
    id: world.applicationId,
    name: world.bot.name,
    icon: null,
    description: 'UPR advocacy bot (local Discord sandbox)',
    summary: '',
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    hook: true,
    is_monetized: false,
    is_verified: false,
    is_discoverable: false,
    integration_types_config: { '0': {} },
    approximate_guild_count: world.guilds.length,
    owner: world.userObject(owner),
    team: null,
    bot: world.userObject(world.bot),
    tags: [],
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
  };
}

/** An interaction webhook's bucket is its id and token, as for Discord's webhooks. */
const WEBHOOK = ['webhook_id', 'webhook_token'];

export const routes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/gateway',
    auth: 'none',
    handler: (ctx) => ok({ url: ctx.state.gatewayUrl }),
  },
  {
    method: 'GET',
    pattern: '/gateway/bot',
    auth: 'bot',
    handler: (ctx) =>
      ok({
        url: ctx.state.gatewayUrl,
        shards: ctx.state.recommendedShards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
  },
  {
    method: 'GET',
    pattern: '/users/@me',
    auth: 'bot',
    handler: (ctx) => ok({ ...ctx.state.world.userObject(ctx.state.world.bot), verified: true, mfa_enabled: false, email: null, locale: 'en-US' }),
  },
  {
    method: 'GET',
    pattern: '/users/:user_id',
    auth: 'bot',
    handler: (ctx) => {
      const user = ctx.state.world.userById(ctx.params.user_id ?? '');
      if (!user) throw Errors.unknownUser();
      return ok(ctx.state.world.userObject(user));
    },
  },
  {
    method: 'POST',
    pattern: '/users/@me/channels',
    auth: 'bot',
    handler: (ctx) => {
      ctx.validate(validateCreateDm(ctx.body));
      const user = ctx.state.world.userById(String(obj(ctx.body).recipient_id ?? ''));
      if (!user) throw Errors.unknownUser();
      return ok(ctx.state.world.channelObject(ctx.state.world.dmChannel(user.id)));
    },
  },
  { method: 'GET', pattern: '/applications/@me', auth: 'bot', handler: (ctx) => ok(applicationObject(ctx)) },
  { method: 'GET', pattern: '/oauth2/applications/@me', auth: 'bot', handler: (ctx) => ok(applicationObject(ctx)) },

  ...commandRoutes('/applications/:application_id/commands', () => 'global'),
  ...commandRoutes('/applications/:application_id/guilds/:guild_id/commands', (ctx) => guildOf(ctx).id),

  {
    method: 'GET',
    pattern: '/channels/:channel_id',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => ok(ctx.state.world.channelObject(visibleChannel(ctx).channel)),
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/messages',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => {
      const { channel, perms } = visibleChannel(ctx);
      if ((perms & Permission.ReadMessageHistory) === 0n) return ok([]);
      const limit = Math.min(Math.max(Number(ctx.query.get('limit') ?? 50) || 50, 1), 100);
      const before = ctx.query.get('before');
      const after = ctx.query.get('after');
      let list = ctx.state.messages.inChannel(channel.id);
      if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
      if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
      const newestFirst = [...list].reverse();
      const page = after ? newestFirst.slice(-limit) : newestFirst.slice(0, limit);
      return ok(page.map((m) => apiMessage(ctx, m)));
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel_id/messages',
    auth: 'bot',
    major: 'channel_id',
    channelMessageLimit: true,
    handler: (ctx) => {
      const { state } = ctx;
      const { channel, perms } = visibleChannel(ctx);
      if ((perms & Permission.SendMessages) === 0n) throw Errors.missingPermissions();
      if (ctx.files.length > 0 && (perms & Permission.AttachFiles) === 0n) throw Errors.missingPermissions();
      ctx.validate(validateMessageCreate(ctx.body, ctx.files.length));
      const body = obj(ctx.body) as MessageInput & Obj;
      if (body.enforce_nonce === true && body.nonce !== undefined && body.nonce !== null) {
        const earlier = state.messages.findByNonce(channel.id, body.nonce, state.limits.nonceTtlMs);
        if (earlier) return ok(apiMessage(ctx, earlier));
      }
      const message = state.messages.create(channel.id, body, ctx.files, { via: 'channel' });
      state.announceMessage('create', message);
      return ok(apiMessage(ctx, message));
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/messages/:message_id',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => ok(apiMessage(ctx, ownMessage(ctx, visibleChannel(ctx).channel))),
  },
  {
    method: 'PATCH',
    pattern: '/channels/:channel_id/messages/:message_id',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => {
      const message = ownMessage(ctx, visibleChannel(ctx).channel);
      if (message.authorId !== ctx.state.world.bot.id) {
        throw new DiscordHttpError(403, { code: 50005, message: 'Cannot edit a message authored by another user' });
      }
      ctx.validate(validateMessageEdit(ctx.body));
      applyEdit(ctx, message, obj(ctx.body) as MessageInput);
      ctx.state.announceMessage('update', message);
      return ok(apiMessage(ctx, message));
    },
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channel_id/messages/:message_id',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => {
      const message = ownMessage(ctx, visibleChannel(ctx).channel);
      ctx.state.messages.delete(message);
      ctx.state.announceMessage('delete', message);
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel_id/typing',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => {
      const { perms } = visibleChannel(ctx);
      if ((perms & Permission.SendMessages) === 0n) throw Errors.missingPermissions();
      return noContent();
    },
  },

  {
    method: 'GET',
    pattern: '/guilds/:guild_id',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const body = ctx.state.world.guildObject(guild);
      if (ctx.query.get('with_counts') === 'true') {
        const members = ctx.state.world.members.filter((m) => m.guildId === guild.id).length;
        return ok({ ...body, approximate_member_count: members, approximate_presence_count: 0 });
      }
      return ok(body);
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/channels',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { world } = ctx.state;
      return ok(world.channels.filter((c) => c.guildId === guild.id).map((c) => world.channelObject(c)));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/roles',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { world } = ctx.state;
      return ok(world.roles.filter((r) => r.guildId === guild.id).map((r) => world.roleObject(r)));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/members',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { world } = ctx.state;
      const limit = Math.min(Math.max(Number(ctx.query.get('limit') ?? 1) || 1, 1), 1000);
      const after = ctx.query.get('after') ?? '0';
      const list = world.members
        .filter((m) => m.guildId === guild.id && BigInt(m.userId) > BigInt(after))
        .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
        .slice(0, limit);
      return ok(list.map((m) => world.memberObject(m)));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/members/:user_id',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { world } = ctx.state;
      const userId = ctx.params.user_id === '@me' ? world.bot.id : (ctx.params.user_id ?? '');
      const member = world.member(guild.id, userId);
      if (!member) throw Errors.unknownMember();
      return ok(world.memberObject(member));
    },
  },

  {
    method: 'POST',
    pattern: '/interactions/:interaction_id/:interaction_token/callback',
    auth: 'token',
    major: 'interaction_id',
    handler: callback,
  },
  { method: 'POST', pattern: '/webhooks/:webhook_id/:webhook_token', auth: 'token', major: WEBHOOK, handler: followUp },
  {
    method: 'GET',
    pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
    auth: 'token',
    major: WEBHOOK,
    handler: (ctx) => ok(apiMessage(ctx, webhookMessage(ctx, interactionFromWebhook(ctx)))),
  },
  {
    method: 'PATCH',
    pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
    auth: 'token',
    major: WEBHOOK,
    handler: editWebhookMessage,
  },
  {
    method: 'DELETE',
    pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
    auth: 'token',
    major: WEBHOOK,
    handler: (ctx) => {
      const record = interactionFromWebhook(ctx);
      const message = webhookMessage(ctx, record);
      ctx.state.messages.delete(message);
      ctx.state.announceMessage('delete', message);
      if (message.id === record.originalMessageId) {
        // A deleted "thinking…" reply: what the bot sends next is a new message of its own.
        record.originalDeleted = true;
        record.loading = false;
        ctx.state.interactions.changed(record);
      }
      return noContent();
    },
  },
];

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
  /** "POST /channels/{channel_id}/messages": the bucket's route. */
  bucketRoute: string;
}

/** Finds the route for a method and (decoded) path; 'method' when only the method is wrong. */
export function matchRoute(method: string, path: string): RouteMatch | 'method' | undefined {
  const segments = path.split('/').filter(Boolean);
  let pathMatched = false;
  // Literal segments win over parameters (/users/@me before /users/:user_id).
  const candidates = routes
    .map((route) => ({ route, parts: route.pattern.split('/').filter(Boolean) }))
    .filter(({ parts }) => parts.length === segments.length)
    .sort((a, b) => b.parts.filter((p) => !p.startsWith(':')).length - a.parts.filter((p) => !p.startsWith(':')).length);
  for (const { route, parts } of candidates) {
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const seg = segments[i] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = seg;
        return true;
      }
      return part === seg;
    });
    if (!matches) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    return {
      route,
      params,
      bucketRoute: `${route.method} ${route.pattern.replace(/:([a-z_]+)/g, '{$1}')}`,
    };
  }
  return pathMatched ? 'method' : undefined;
}
