/**
 * What REST handlers look up and change, with Discord's errors: the application, guild, a channel
 * the bot can see, its own message, and an edit that may not leave a message empty.
 */
import { Errors } from './errors.js';
import { messageObject, type MessageInput, type StoredMessage, type UploadedFile } from './messages.js';
import { channelPermissions } from './permission-resolver.js';
import { Permission } from './permissions.js';
import type { RestContext } from './rest-context.js';
import type { ChannelRecord } from './world-store.js';

export function applicationOf(ctx: RestContext): void {
  const app = ctx.params.application_id;
  if (app !== ctx.state.world.applicationId) throw Errors.missingAccess();
}

export function guildOf(ctx: RestContext) {
  const guild = ctx.state.world.guildById(ctx.params.guild_id ?? '');
  if (!guild) throw Errors.unknownGuild();
  return guild;
}

/** The channel, checked the way Discord checks the bot: 10003 unknown, 50001 cannot see it. */
export function visibleChannel(ctx: RestContext): { channel: ChannelRecord; perms: bigint } {
  const { world } = ctx.state;
  const channel = world.channelById(ctx.params.channel_id ?? '');
  if (!channel) throw Errors.unknownChannel();
  const perms = channelPermissions(world, channel, world.bot.id);
  if ((perms & Permission.ViewChannel) === 0n) throw Errors.missingAccess();
  return { channel, perms };
}

export function ownMessage(ctx: RestContext, channel: ChannelRecord): StoredMessage {
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
export function applyEdit(ctx: RestContext, m: StoredMessage, input: MessageInput): StoredMessage {
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

export const apiMessage = (ctx: RestContext, m: StoredMessage) => messageObject(ctx.state.world, m, ctx.state.baseUrl);

