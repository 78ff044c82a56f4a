/**
 * The interaction callback (POST /interactions/{id}/{token}/callback) and the interaction's
 * webhook (follow-ups, @original and follow-up edits and deletes), with Discord's rules: the
 * 3-second deadline, one callback, the 15-minute token, and a webhook that exists only once the
 * interaction is acknowledged.
 */
import { Errors } from './errors.js';
import { CallbackType, InteractionType, type InteractionRecord } from './interactions.js';
import { MessageFlags, MessageType, type MessageInput, type StoredMessage } from './messages.js';
import { noContent, obj, ok, queryFlag, type Obj, type RestContext, type RestResult, type RouteDef } from './rest-context.js';
import { apiMessage, applyEdit } from './rest-lookups.js';
import { validateInteractionCallback, validateWebhookEdit, validateWebhookExecute } from './validation.js';

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

  if (queryFlag(ctx.query, 'with_response') !== true) return noContent();
  return ok({
    interaction: {
      id: record.id,
      type: record.type,
      activity_instance_id: null,
      response_message_id: message?.id ?? null,
      response_message_loading: record.loading,
      response_message_ephemeral: record.ephemeral,
    },
    // The resource carries a message only for a reply (4) or an update (7).
    ...(message && (type === CallbackType.ChannelMessageWithSource || type === CallbackType.UpdateMessage)
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
  // For interaction follow-ups `wait` is always true: the message comes back whatever the query says.
  return ok(apiMessage(ctx, message));
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

function deleteWebhookMessage(ctx: RestContext): RestResult {
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
}

/** An interaction webhook's bucket is its id and token, as for Discord's webhooks. */
const WEBHOOK = ['webhook_id', 'webhook_token'];

export const interactionRoutes: RouteDef[] = [
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
    handler: deleteWebhookMessage,
  },
];
