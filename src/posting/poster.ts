// Posting a message to a channel, as the scheduler and the reminder admin need it: one interface,
// a typed error that says whether trying again can help, and the implementation on discord.js's
// REST client.
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type REST } from 'discord.js';
import { carriesMarker } from './marker';

/** Discord's allowed_mentions: never `parse`; at most the configured ping role. */
export interface AllowedMentions {
  parse: [];
  roles: string[];
}

export interface OutgoingMessage {
  content: string;
  allowedMentions: AllowedMentions;
  /** At most 25 characters; the same for every attempt of one reminder (Discord de-duplicates). */
  nonce: string;
  embeds?: Record<string, unknown>[];
}

export interface MessagePoster {
  /** Posts and returns Discord's message id; throws PostError. */
  post(channelId: string, message: OutgoingMessage): Promise<{ messageId: string }>;
  /**
   * The bot's own message in the channel whose content carries the marker of `nonce`
   * (src/posting/marker.ts), looked for among the messages since `since`; throws PostError.
   * Without it, a post whose earlier attempt may have landed is simply sent again.
   */
  findPosted?(channelId: string, nonce: string, since: Date): Promise<{ messageId: string } | undefined>;
}

/** Discord error codes after which posting to that channel cannot succeed until someone acts. */
export const PERMANENT_CODES: ReadonlyMap<number, string> = new Map([
  [10003, 'the channel no longer exists (Unknown Channel, 10003)'],
  [10004, 'the bot is no longer in this server (Unknown Guild, 10004)'],
  [50001, 'the bot cannot see the channel (Missing Access, 50001): give it View Channel there'],
  [50013, 'the bot cannot post in the channel (Missing Permissions, 50013): give it Send Messages there'],
]);

export class PostError extends Error {
  /** true: retrying cannot help (no access, unknown channel, a refused request). */
  readonly permanent: boolean;
  readonly code?: number;
  readonly status?: number;

  constructor(message: string, opts: { permanent: boolean; code?: number; status?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PostError';
    this.permanent = opts.permanent;
    if (opts.code !== undefined) this.code = opts.code;
    if (opts.status !== undefined) this.status = opts.status;
  }
}

export const isPostError = (err: unknown): err is PostError => err instanceof PostError;

/** 4xx other than 429/408 is the request's fault: sending it again would fail again. */
const refusedStatus = (status: number) => status >= 400 && status < 500 && status !== 429 && status !== 408;

/** Turns whatever a post threw into a PostError (transient unless known to be permanent). */
export function toPostError(err: unknown): PostError {
  if (err instanceof PostError) return err;
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : undefined;
    const known = code !== undefined ? PERMANENT_CODES.get(code) : undefined;
    const permanent = known !== undefined || refusedStatus(err.status);
    const message = known ?? `Discord answered ${err.status}${code ? ` (code ${code})` : ''}: ${err.message}`;
    return new PostError(message, { permanent, code, status: err.status, cause: err });
  }
  if (err instanceof RateLimitError) {
    return new PostError(`rate limited by Discord (retry after ${err.retryAfter} ms)`, { permanent: false, status: 429, cause: err });
  }
  if (err instanceof HTTPError) {
    return new PostError(`Discord answered ${err.status}: ${err.message}`, { permanent: refusedStatus(err.status), status: err.status, cause: err });
  }
  const e = err as { name?: string; message?: string; code?: string } | undefined;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
    return new PostError('Discord did not answer in time', { permanent: false, cause: err });
  }
  return new PostError(`could not reach Discord: ${e?.code ?? e?.message ?? String(err)}`, { permanent: false, cause: err });
}

/**
 * Posts through discord.js's REST client (`client.rest`), with `nonce` + `enforce_nonce` so that
 * discord.js's own re-sends (a POST that timed out is sent again) and the scheduler's retries
 * cannot make a second message. discord.js waits out 429s without limit, so each post is also
 * bounded here (`timeoutMs`, shorter than the scheduler's lease) and then counts as transient.
 */
export class DiscordRestPoster implements MessagePoster {
  private readonly timeoutMs: number;
  private readonly selfId: () => string | undefined;

  constructor(
    private readonly rest: Pick<REST, 'post'> & Partial<Pick<REST, 'get'>>,
    opts: { timeoutMs?: number; selfId?: () => string | undefined } = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.selfId = opts.selfId ?? (() => undefined);
  }

  /**
   * Reads the channel newest first, a page of 100 at a time (Discord's largest), until a page
   * reaches back before `since` (a minute's margin for clocks that differ) or `maxPages` were
   * read. Needs Read Message History: without it Discord answers with no messages at all.
   */
  async findPosted(channelId: string, nonce: string, since: Date, maxPages = 5): Promise<{ messageId: string } | undefined> {
    if (!this.rest.get) return undefined;
    const self = this.selfId();
    const stopBefore = since.getTime() - 60_000;
    let before: string | undefined;
    try {
      for (let page = 0; page < maxPages; page++) {
        const query = new URLSearchParams({ limit: '100', ...(before ? { before } : {}) });
        const messages = (await this.rest.get(Routes.channelMessages(channelId), {
          query,
          signal: AbortSignal.timeout(this.timeoutMs),
        })) as { id: string; content?: string; author?: { id?: string } }[];
        for (const m of messages) {
          if ((self === undefined || m.author?.id === self) && carriesMarker(m.content ?? '', nonce)) return { messageId: m.id };
        }
        const oldest = messages[messages.length - 1];
        if (!oldest || messages.length < 100 || snowflakeTime(oldest.id) < stopBefore) return undefined;
        before = oldest.id;
      }
      return undefined;
    } catch (err) {
      throw toPostError(err);
    }
  }

  async post(channelId: string, message: OutgoingMessage): Promise<{ messageId: string }> {
    const body = {
      content: message.content,
      allowed_mentions: message.allowedMentions,
      nonce: message.nonce,
      enforce_nonce: true,
      ...(message.embeds && message.embeds.length > 0 ? { embeds: message.embeds } : {}),
    };
    try {
      const created = (await this.rest.post(Routes.channelMessages(channelId), {
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      })) as { id?: unknown };
      if (typeof created?.id !== 'string') throw new PostError('Discord answered without a message id', { permanent: false });
      return { messageId: created.id };
    } catch (err) {
      throw toPostError(err);
    }
  }
}

const DISCORD_EPOCH = 1_420_070_400_000;

/** The creation instant (ms) a Discord id carries. */
export const snowflakeTime = (id: string): number => Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
