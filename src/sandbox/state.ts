/**
 * Everything one running sandbox holds: the world, what the bot registered and posted, the
 * interactions in flight, faults, limits, and the logs tests read (requests, violations).
 */
import { memberObject } from './discord-objects.js';
import { BotClock } from './clock.js';
import type { AttachmentInput, StoredUpload } from './command-parser.js';
import { CommandRegistry } from './commands.js';
import { FaultTable } from './faults.js';
import { Gateway, Intent } from './gateway.js';
import { InteractionStore } from './interactions.js';
import type { SandboxLogger } from './logger.js';
import { MessageStore, guessContentType, messageObject, type StoredMessage } from './messages.js';
import { RateLimiter, type RateLimitOptions, type Window } from './ratelimit.js';
import { SnowflakeGenerator } from './snowflake.js';
import type { Issue } from './validation.js';
import { type WorldSpec } from './world-spec.js';
import { World } from './world-store.js';

export interface SandboxLimits {
  /** Discord's rate limits (headers are always sent; false: nothing is counted or refused). */
  rateLimits: boolean;
  /** Global requests per second with the bot token (Discord: 50). */
  globalPerSecond: number;
  /** Message posts per channel (Discord: 5 per 5 s). */
  channelMessages: Window;
  /** Every other route bucket. */
  route: Window;
  /** An interaction must be answered within this (Discord: 3 s). */
  interactionDeadlineMs: number;
  /** An interaction's token then lives this long (Discord: 15 min). */
  interactionTokenTtlMs: number;
  /** How long a nonce with enforce_nonce de-duplicates (Discord: a few minutes). */
  nonceTtlMs: number;
  /** How long POST /_sandbox/interactions waits for a deferred reply's first edit. */
  replyWaitMs: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  rateLimits: true,
  globalPerSecond: 50,
  channelMessages: { limit: 5, windowMs: 5000 },
  route: { limit: 50, windowMs: 1000 },
  interactionDeadlineMs: 3000,
  interactionTokenTtlMs: 15 * 60 * 1000,
  nonceTtlMs: 5 * 60 * 1000,
  replyWaitMs: 10_000,
};

export type LimitsPatch = Partial<Omit<SandboxLimits, 'channelMessages' | 'route'>> & {
  channelMessages?: Partial<Window>;
  route?: Partial<Window>;
};

export function applyLimits(target: SandboxLimits, patch: LimitsPatch = {}): SandboxLimits {
  const { channelMessages, route, ...flat } = patch;
  for (const [key, value] of Object.entries(flat)) {
    if (value === undefined) continue;
    if (!(key in target)) throw new Error(`unknown limit "${key}"`);
    (target as unknown as Record<string, unknown>)[key] = value;
  }
  if (channelMessages) target.channelMessages = { ...target.channelMessages, ...channelMessages };
  if (route) target.route = { ...target.route, ...route };
  return target;
}

export interface Violation {
  at: string;
  method: string;
  path: string;
  body: unknown;
  issues: Issue[];
  status: number;
  code: number;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  /** The fault rule that answered, if any. */
  fault?: number;
  /** Discord error code of an error answer. */
  code?: number;
}

const MAX_LOG = 20_000;

export class SandboxState {
  readonly ids = new SnowflakeGenerator(1n, 0n);
  readonly world: World;
  readonly clock = new BotClock();
  readonly messages: MessageStore;
  readonly commands: CommandRegistry;
  readonly interactions: InteractionStore;
  readonly faults = new FaultTable();
  readonly rate: RateLimiter;
  readonly gateway: Gateway;
  readonly uploads = new Map<string, StoredUpload>();
  readonly violations: Violation[] = [];
  readonly requests: RequestLogEntry[] = [];
  baseUrl = 'http://127.0.0.1:0';
  /** `shards` in GET /gateway/bot (what a ShardingManager with totalShards 'auto' spawns). */
  recommendedShards = 1;

  constructor(
    spec: WorldSpec,
    readonly limits: SandboxLimits,
    gatewayOptions: { heartbeatIntervalMs: number; replayBuffer: number },
    readonly log: SandboxLogger,
  ) {
    this.world = new World(spec, this.ids);
    this.messages = new MessageStore(this.world, this.ids, () => this.clock.now());
    this.commands = new CommandRegistry(this.world.applicationId, this.ids);
    this.interactions = new InteractionStore(this.ids);
    this.rate = new RateLimiter(this.rateOptions());
    this.gateway = new Gateway(this.world, gatewayOptions, () => ({ gateway: this.gatewayUrl }), log);
  }

  get gatewayUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/gateway`;
  }

  /** The rate limiter reads the limits through this view, so changes apply at once. */
  private rateOptions(): RateLimitOptions {
    const limits = this.limits;
    return {
      get enabled() {
        return limits.rateLimits;
      },
      get globalPerSecond() {
        return limits.globalPerSecond;
      },
      get channelMessages() {
        return limits.channelMessages;
      },
      get route() {
        return limits.route;
      },
    };
  }

  recordViolation(v: Omit<Violation, 'at'>): void {
    this.violations.push({ at: new Date().toISOString(), ...v });
    this.log.warn({ method: v.method, path: v.path, issues: v.issues }, 'sandbox: request Discord would refuse');
  }

  recordRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
  }

  /** Stores a file a test attaches to a command; the bot downloads it from the sandbox. */
  upload(input: AttachmentInput): { upload: StoredUpload; url: string } {
    const data = input.base64 !== undefined ? Buffer.from(input.base64, 'base64') : Buffer.from(input.content ?? '', 'utf8');
    const upload: StoredUpload = {
      id: this.ids.next(),
      filename: input.filename,
      contentType: input.contentType ?? guessContentType(input.filename),
      data,
    };
    this.uploads.set(upload.id, upload);
    return { upload, url: `${this.baseUrl}/_sandbox/attachments/${upload.id}/${encodeURIComponent(upload.filename)}` };
  }

  /** Tells connected bots about a message, as Discord does for the message intents. */
  announceMessage(kind: 'create' | 'update' | 'delete', message: StoredMessage): void {
    if (message.ephemeral) return;
    const intent = message.guildId ? Intent.GuildMessages : Intent.DirectMessages;
    if (kind === 'delete') {
      this.gateway.broadcast(message.guildId, 'MESSAGE_DELETE', {
        id: message.id,
        channel_id: message.channelId,
        ...(message.guildId ? { guild_id: message.guildId } : {}),
      }, intent);
      return;
    }
    const body = messageObject(this.world, message, this.baseUrl);
    const { guildId } = message;
    const member = guildId ? this.world.member(guildId, message.authorId) : undefined;
    // In gateway events each mentioned user carries a partial member of the guild.
    const mentions = (body.mentions as { id: string }[]).map((user) => {
      const mentioned = guildId ? this.world.member(guildId, user.id) : undefined;
      return mentioned ? { ...user, member: memberObject(this.world, mentioned, false) } : user;
    });
    this.gateway.broadcast(
      message.guildId,
      kind === 'create' ? 'MESSAGE_CREATE' : 'MESSAGE_UPDATE',
      {
        ...body,
        mentions,
        ...(message.guildId ? { guild_id: message.guildId } : {}),
        ...(member ? { member: memberObject(this.world, member, false) } : {}),
      },
      intent,
    );
  }

  /** Clears what tests accumulate (messages, interactions, logs, faults, rate counters). */
  reset(): void {
    this.messages.clear();
    this.interactions.clear();
    this.violations.length = 0;
    this.requests.length = 0;
    this.faults.clear();
    this.rate.reset();
  }
}
