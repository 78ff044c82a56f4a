/**
 * Messages the bot posted (channel posts, interaction replies and follow-ups), kept per
 * channel in order, with nonce de-duplication as Discord does it for `enforce_nonce`.
 */
import { userObject } from './discord-objects.js';
import { mentionText, resolveMentions, type Mentions } from './mentions.js';
import { channelPermissions } from './permission-resolver.js';
import { Permission } from './permissions.js';
import type { SnowflakeGenerator } from './snowflake.js';
import type { World } from './world-store.js';
import { NonceWindow } from './nonce-window.js';
import { imageSize, resolveEmbedAttachments } from './uploads.js';

export const MessageFlags = { Ephemeral: 64, Loading: 128, IsComponentsV2: 1 << 15 } as const;
export const MessageType = { Default: 0, Reply: 19, ChatInputCommand: 20 } as const;

export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
  description?: string;
  data: Buffer;
}

export interface MessageInteractionInfo {
  id: string;
  type: number;
  name: string;
  userId: string;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  type: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  tts: boolean;
  nonce?: string | number | null;
  enforceNonce: boolean;
  allowedMentions?: unknown;
  /** Who the message pings (users, roles, @everyone/@here), as Discord fills them. */
  mentions: Mentions;
  messageReference?: unknown;
  attachments: StoredAttachment[];
  /** Real time of posting (ISO). */
  timestamp: string;
  /** The sandbox's bot clock at posting (ISO); differs from `timestamp` once the clock is moved. */
  botTime: string;
  editedTimestamp: string | null;
  ephemeral: boolean;
  deleted: boolean;
  /** Set for interaction replies and follow-ups (sent through the application's webhook). */
  webhookId?: string;
  interaction?: MessageInteractionInfo;
  /** How it was sent: 'channel' (POST /channels/{id}/messages), 'interaction' (callback or @original), 'followup'. */
  via: 'channel' | 'interaction' | 'followup';
}

/** What the bot sent for a message (already validated). */
export interface MessageInput {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  flags?: number | null;
  tts?: boolean | null;
  nonce?: string | number | null;
  enforce_nonce?: boolean | null;
  allowed_mentions?: unknown;
  message_reference?: unknown;
  attachments?: { id?: string | number; filename?: string; description?: string }[] | null;
}

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();
  private readonly byChannel = new Map<string, StoredMessage[]>();
  private readonly nonces = new NonceWindow();
  private readonly all: StoredMessage[] = [];
  private readonly listeners = new Set<(m: StoredMessage) => void>();

  constructor(
    private readonly world: World,
    private readonly ids: SnowflakeGenerator,
    private readonly botNow: () => Date,
  ) {}

  get(id: string): StoredMessage | undefined {
    const m = this.byId.get(id);
    return m && !m.deleted ? m : undefined;
  }

  /** Messages of a channel, oldest first; ephemeral ones only when asked. */
  inChannel(channelId: string, opts: { ephemeral?: boolean; after?: string } = {}): StoredMessage[] {
    return (this.byChannel.get(channelId) ?? []).filter(
      (m) => !m.deleted && (opts.ephemeral || !m.ephemeral) && (!opts.after || BigInt(m.id) > BigInt(opts.after)),
    );
  }

  /** Every message (any channel), oldest first. */
  everywhere(opts: { ephemeral?: boolean; after?: string } = {}): StoredMessage[] {
    return this.all.filter(
      (m) => !m.deleted && (opts.ephemeral || !m.ephemeral) && (!opts.after || BigInt(m.id) > BigInt(opts.after)),
    );
  }

  /** The author's earlier message with the same nonce (any channel) within the window, for `enforce_nonce`. */
  findByNonce(authorId: string, nonce: string | number, windowMs: number): StoredMessage | undefined {
    const id = this.nonces.find(authorId, nonce, this.botNow(), windowMs);
    return id === undefined ? undefined : this.byId.get(id);
  }

  onMessage(listener: (m: StoredMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  create(
    channelId: string,
    input: MessageInput,
    files: UploadedFile[],
    extra: Partial<Pick<StoredMessage, 'type' | 'webhookId' | 'interaction' | 'via' | 'ephemeral'>> = {},
  ): StoredMessage {
    const channel = this.world.channelById(channelId);
    const now = new Date();
    const flags = input.flags ?? 0;
    const message: StoredMessage = {
      id: this.ids.next(now.getTime()),
      channelId,
      guildId: channel?.guildId ?? null,
      authorId: this.world.bot.id,
      type: extra.type ?? (input.message_reference ? MessageType.Reply : MessageType.Default),
      content: input.content ?? '',
      embeds: input.embeds ?? [],
      components: input.components ?? [],
      flags,
      tts: input.tts ?? false,
      nonce: input.nonce ?? undefined,
      enforceNonce: input.enforce_nonce ?? false,
      allowedMentions: input.allowed_mentions ?? undefined,
      mentions: { users: [], roles: [], everyone: false },
      messageReference: input.message_reference ?? undefined,
      attachments: this.attachmentsFrom(input, files, []),
      timestamp: now.toISOString(),
      botTime: this.botNow().toISOString(),
      editedTimestamp: null,
      ephemeral: extra.ephemeral ?? (flags & MessageFlags.Ephemeral) !== 0,
      deleted: false,
      webhookId: extra.webhookId,
      interaction: extra.interaction,
      via: extra.via ?? 'channel',
    };
    message.mentions = this.mentionsOf(message, input.allowed_mentions);
    this.byId.set(message.id, message);
    let list = this.byChannel.get(channelId);
    if (!list) this.byChannel.set(channelId, (list = []));
    list.push(message);
    this.all.push(message);
    if (!message.ephemeral && channel) channel.lastMessageId = message.id;
    if (message.nonce !== undefined && message.nonce !== null) {
      this.nonces.remember(message.authorId, message.nonce, message.id, this.botNow());
    }
    for (const l of this.listeners) l(message);
    return message;
  }

  /** Applies an edit (PATCH): only the fields present change, as on Discord. */
  edit(message: StoredMessage, input: MessageInput, files: UploadedFile[]): StoredMessage {
    if (input.content !== undefined) message.content = input.content ?? '';
    if (input.embeds !== undefined) message.embeds = input.embeds ?? [];
    if (input.components !== undefined) message.components = input.components ?? [];
    if (input.allowed_mentions !== undefined) message.allowedMentions = input.allowed_mentions;
    if (input.flags !== undefined && input.flags !== null) {
      // Only some flags may change on edit; ephemeral and loading stay as they were.
      const keep = message.flags & (MessageFlags.Ephemeral | MessageFlags.IsComponentsV2);
      message.flags = (input.flags & ~(MessageFlags.Ephemeral | MessageFlags.Loading)) | keep;
    }
    if (input.attachments !== undefined || files.length > 0) {
      message.attachments = this.attachmentsFrom(input, files, message.attachments);
    }
    // New text is parsed again, with this edit's allowed mentions or the defaults.
    if (input.content !== undefined || input.components !== undefined) message.mentions = this.mentionsOf(message, input.allowed_mentions);
    message.flags &= ~MessageFlags.Loading;
    message.editedTimestamp = new Date().toISOString();
    return message;
  }

  private mentionsOf(message: StoredMessage, allowed: unknown): Mentions {
    const { world } = this;
    const channel = world.channelById(message.channelId);
    const text = mentionText(message.content, message.components, (message.flags & MessageFlags.IsComponentsV2) !== 0);
    const perms = channel ? channelPermissions(world, channel, message.authorId) : 0n;
    const mentionEveryone = message.guildId !== null && (perms & Permission.MentionEveryone) !== 0n;
    return resolveMentions(text, {
      allowed,
      defaults: message.via === 'channel' ? 'all' : 'users',
      isUser: (id) => world.userById(id) !== undefined,
      rolePingable: (id) => {
        const role = world.roleById(id);
        if (!role || role.guildId !== message.guildId) return undefined;
        return role.mentionable || mentionEveryone;
      },
      mentionEveryone,
    });
  }

  delete(message: StoredMessage): void {
    message.deleted = true;
  }

  attachment(id: string): StoredAttachment | undefined {
    for (const m of this.all) {
      const a = m.attachments.find((x) => x.id === id);
      if (a) return a;
    }
    return undefined;
  }

  clear(): void {
    this.byId.clear();
    this.byChannel.clear();
    this.nonces.clear();
    this.all.length = 0;
  }

  /**
   * Attachments after a create/edit: `attachments: [{ id }]` entries that name an upload
   * (`files[id]`) become new attachments; entries with the id of an existing attachment keep it.
   */
  private attachmentsFrom(input: MessageInput, files: UploadedFile[], previous: StoredAttachment[]): StoredAttachment[] {
    const result: StoredAttachment[] = [];
    const used = new Set<UploadedFile>();
    for (const entry of input.attachments ?? []) {
      const key = String(entry.id ?? '');
      const existing = previous.find((a) => a.id === key);
      if (existing) {
        result.push(existing);
        continue;
      }
      const file = files.find((f) => f.field === `files[${key}]`) ?? files.find((f) => !used.has(f) && f.filename === entry.filename);
      if (!file) continue;
      used.add(file);
      result.push(this.storeFile(file, entry.filename, entry.description));
    }
    for (const file of files) if (!used.has(file)) result.push(this.storeFile(file));
    return result;
  }

  private storeFile(file: UploadedFile, filename?: string, description?: string): StoredAttachment {
    const name = filename ?? file.filename;
    return {
      id: this.ids.next(),
      filename: name,
      size: file.data.length,
      contentType: file.contentType && file.contentType !== 'application/octet-stream' ? file.contentType : guessContentType(name),
      description,
      data: file.data,
    };
  }
}

/** Where the sandbox serves an uploaded file, as Discord's CDN would. */
const fileUrl = (baseUrl: string, a: StoredAttachment) => `${baseUrl}/_sandbox/files/${a.id}/${encodeURIComponent(a.filename)}`;

/** The Discord API message object (REST answers, gateway events, interaction `message`). */
export function messageObject(world: World, message: StoredMessage, baseUrl: string): Record<string, unknown> {
  const author = world.userById(message.authorId) ?? world.bot;
  const interactionUser = message.interaction ? world.userById(message.interaction.userId) : undefined;
  return {
    id: message.id,
    type: message.type,
    channel_id: message.channelId,
    content: message.content,
    author: userObject(author),
    attachments: message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      url: fileUrl(baseUrl, a),
      proxy_url: fileUrl(baseUrl, a),
      ...(a.contentType ? { content_type: a.contentType } : {}),
      ...(a.description ? { description: a.description } : {}),
      ...imageSize(a.data),
    })),
    embeds: resolveEmbedAttachments(message.embeds, message.attachments, (a) => fileUrl(baseUrl, a)),
    mentions: message.mentions.users.flatMap((id) => {
      const user = world.userById(id);
      return user ? [userObject(user)] : [];
    }),
    mention_roles: [...message.mentions.roles],
    mention_everyone: message.mentions.everyone,
    pinned: false,
    tts: message.tts,
    timestamp: message.timestamp,
    edited_timestamp: message.editedTimestamp,
    flags: message.flags,
    components: message.components,
    ...(message.nonce !== undefined && message.nonce !== null ? { nonce: message.nonce } : {}),
    ...(message.webhookId ? { webhook_id: message.webhookId, application_id: world.applicationId } : {}),
    ...(message.messageReference ? { message_reference: message.messageReference } : {}),
    ...(message.interaction && interactionUser
      ? {
          interaction_metadata: {
            id: message.interaction.id,
            type: message.interaction.type,
            user: userObject(interactionUser),
            authorizing_integration_owners: message.guildId ? { '0': message.guildId } : { '1': interactionUser.id },
            ...(message.interaction.type === 2 ? { name: message.interaction.name, command_type: 1 } : {}),
          },
          interaction: {
            id: message.interaction.id,
            type: message.interaction.type,
            name: message.interaction.name,
            user: userObject(interactionUser),
          },
        }
      : {}),
  };
}

/** The sandbox's own view of a message (control API): plain fields, with nonce and bot time. */
export function messageSummary(message: StoredMessage, baseUrl: string): Record<string, unknown> {
  return {
    id: message.id,
    channelId: message.channelId,
    guildId: message.guildId,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    flags: message.flags,
    ephemeral: message.ephemeral,
    nonce: message.nonce ?? null,
    enforceNonce: message.enforceNonce,
    allowedMentions: message.allowedMentions ?? null,
    mentions: [...message.mentions.users],
    mentionRoles: [...message.mentions.roles],
    mentionEveryone: message.mentions.everyone,
    attachments: message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      contentType: a.contentType,
      url: fileUrl(baseUrl, a),
      ...(a.description ? { description: a.description } : {}),
    })),
    timestamp: message.timestamp,
    botTime: message.botTime,
    editedTimestamp: message.editedTimestamp,
    via: message.via,
    interactionId: message.interaction?.id ?? null,
  };
}

/** A content type from a file name, as Discord infers it for uploads. */
export function guessContentType(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    csv: 'text/csv; charset=utf-8',
    txt: 'text/plain; charset=utf-8',
    json: 'application/json; charset=utf-8',
    md: 'text/markdown; charset=utf-8',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
  return types[ext] ?? 'application/octet-stream';
}
