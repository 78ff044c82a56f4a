/**
 * Interactions the sandbox created (slash commands, autocomplete, component clicks): their
 * INTERACTION_CREATE payloads, and what the bot did with them — callback, edits of
 * @original, follow-ups — so the control API can wait for and report the reply.
 */
import { channelObject, memberObject, userObject } from './discord-objects.js';
import { channelPermissions } from './permission-resolver.js';
import { randomBytes } from 'node:crypto';
import type { SnowflakeGenerator } from './snowflake.js';
import type { ChannelRecord, UserRecord, World } from './world-store.js';

export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
  LaunchActivity: 12,
} as const;

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  /** The user's locale for this interaction, when the caller chose one (else the user's own). */
  locale?: string;
  /** "upr add", or the clicked component's custom_id */
  label: string;
  commandName?: string;
  createdAt: number;
  /** Autocomplete: the focused option's type, to check the choices' value type. */
  focusedType?: number;
  /** Component interactions: the message whose component was used. */
  componentMessageId?: string;
  callbackType?: number;
  callbackAt?: number;
  /** The message @original refers to. */
  originalMessageId?: string;
  /** For a deferred reply: true until the first edit (or follow-up) fills it. */
  loading: boolean;
  /** The bot deleted the @original reply (e.g. to answer privately with a follow-up instead). */
  originalDeleted?: boolean;
  ephemeral: boolean;
  edits: number;
  followUpIds: string[];
  choices?: unknown[];
  modal?: unknown;
  /** Callbacks that Discord refused (late, twice): kept to explain a failed run. */
  refused: { at: number; code: number; message: string }[];
}

export class InteractionStore {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();
  private readonly watchers = new Map<string, Set<() => void>>();

  constructor(private readonly ids: SnowflakeGenerator) {}

  create(init: Pick<InteractionRecord, 'type' | 'guildId' | 'channelId' | 'userId' | 'label'> & Partial<InteractionRecord>): InteractionRecord {
    const id = this.ids.next();
    const record: InteractionRecord = {
      loading: false,
      ephemeral: false,
      edits: 0,
      followUpIds: [],
      refused: [],
      ...init,
      id,
      // Discord's tokens are long opaque strings beginning with "aW50ZXJhY3Rpb246" ("interaction:")
      token: `${Buffer.from(`interaction:${id}:`).toString('base64url')}${randomBytes(48).toString('base64url')}`,
      createdAt: Date.now(),
    };
    this.byId.set(id, record);
    this.byToken.set(record.token, record);
    return record;
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  byWebhookToken(token: string): InteractionRecord | undefined {
    return this.byToken.get(token);
  }

  list(): InteractionRecord[] {
    return [...this.byId.values()];
  }

  /** Call after changing a record: wakes whoever waits on it. */
  changed(record: InteractionRecord): void {
    for (const w of this.watchers.get(record.id) ?? []) w();
  }

  /** Resolves true once `predicate` holds, false after `timeoutMs`. */
  waitFor(record: InteractionRecord, predicate: (r: InteractionRecord) => boolean, timeoutMs: number): Promise<boolean> {
    if (predicate(record)) return Promise.resolve(true);
    return new Promise((resolve) => {
      let set = this.watchers.get(record.id);
      if (!set) this.watchers.set(record.id, (set = new Set()));
      const done = (value: boolean) => {
        clearTimeout(timer);
        set?.delete(check);
        resolve(value);
      };
      const check = () => {
        if (predicate(record)) done(true);
      };
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      timer.unref();
      set.add(check);
    });
  }

  clear(): void {
    this.byId.clear();
    this.byToken.clear();
  }
}

export interface PayloadContext {
  world: World;
  record: InteractionRecord;
  channel: ChannelRecord;
  user: UserRecord;
  applicationId: string;
}

/** The fields every INTERACTION_CREATE carries in a guild (discord.js 14 needs all of them). */
export function interactionBase(ctx: PayloadContext): Record<string, unknown> {
  const { world, record, channel, user } = ctx;
  const guild = world.guildById(record.guildId);
  const member = world.member(record.guildId, user.id);
  const memberPermissions = channelPermissions(world, channel, user.id);
  return {
    id: record.id,
    application_id: ctx.applicationId,
    type: record.type,
    token: record.token,
    version: 1,
    guild_id: record.guildId,
    guild: { id: record.guildId, locale: guild?.locale ?? 'en-US', features: [] },
    channel_id: channel.id,
    channel: {
      ...channelObject(world, channel),
      permissions: memberPermissions.toString(),
    },
    member: member
      ? { ...memberObject(world, member, true), permissions: memberPermissions.toString() }
      : { user: userObject(user), roles: [], permissions: memberPermissions.toString(), joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null, premium_since: null, communication_disabled_until: null },
    app_permissions: channelPermissions(world, channel, world.bot.id).toString(),
    locale: record.locale ?? user.locale,
    guild_locale: guild?.locale ?? 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': record.guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

/** A summary of an interaction for the control API. */
export function interactionSummary(record: InteractionRecord): Record<string, unknown> {
  return {
    id: record.id,
    type: record.type,
    label: record.label,
    guildId: record.guildId,
    channelId: record.channelId,
    userId: record.userId,
    createdAt: new Date(record.createdAt).toISOString(),
    callbackType: record.callbackType ?? null,
    callbackMs: record.callbackAt !== undefined ? record.callbackAt - record.createdAt : null,
    originalMessageId: record.originalMessageId ?? null,
    ephemeral: record.ephemeral,
    edits: record.edits,
    followUpIds: record.followUpIds,
    refused: record.refused,
  };
}
