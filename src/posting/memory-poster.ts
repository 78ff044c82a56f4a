// A MessagePoster kept in memory, for tests and local runs without Discord: it records every
// post, de-duplicates nonces per channel as Discord does with enforce_nonce, and can be told to
// fail. Not a mock of the scheduler's logic: the scheduler runs for real against it.
import { carriesMarker } from './marker';
import { type MessagePoster, type OutgoingMessage, PostError } from './poster';

export interface PostedMessage {
  messageId: string;
  channelId: string;
  content: string;
  nonce: string;
  allowedMentions: OutgoingMessage['allowedMentions'];
  at: number;
}

export type FailRule = (channelId: string, message: OutgoingMessage) => PostError | undefined;

export class MemoryPoster implements MessagePoster {
  readonly messages: PostedMessage[] = [];
  /** Every call, including refused and de-duplicated ones. */
  calls = 0;
  /** Searches for an earlier post (findPosted). */
  searches = 0;
  private readonly byNonce = new Map<string, PostedMessage>();
  private readonly rules: FailRule[] = [];
  private seq = 0;
  private lost = 0;

  constructor(private readonly opts: { delayMs?: number } = {}) {}

  /** Fails matching posts (the rule returns the error, or undefined to let the post through). */
  failWhen(rule: FailRule): this {
    this.rules.push(rule);
    return this;
  }

  /** Fails the next `times` posts (to any channel, or to `channelId`) with `error`. */
  failNext(times: number, error: PostError, channelId?: string): this {
    let left = times;
    return this.failWhen((ch) => {
      if (left <= 0 || (channelId !== undefined && ch !== channelId)) return undefined;
      left--;
      return error;
    });
  }

  /** The next `times` posts land, but their answer is lost: the caller sees a time-out. */
  loseResponses(times: number): this {
    this.lost += times;
    return this;
  }

  clearFailures(): void {
    this.rules.length = 0;
  }

  async post(channelId: string, message: OutgoingMessage): Promise<{ messageId: string }> {
    this.calls++;
    if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
    for (const rule of this.rules) {
      const error = rule(channelId, message);
      if (error) throw error;
    }
    const key = `${channelId}:${message.nonce}`;
    const earlier = this.byNonce.get(key);
    if (earlier) return this.answer(earlier.messageId);
    const posted: PostedMessage = {
      messageId: String(1_300_000_000_000_000_000n + BigInt(++this.seq)),
      channelId,
      content: message.content,
      nonce: message.nonce,
      allowedMentions: message.allowedMentions,
      at: Date.now(),
    };
    this.byNonce.set(key, posted);
    this.messages.push(posted);
    return this.answer(posted.messageId);
  }

  private answer(messageId: string): { messageId: string } {
    if (this.lost > 0) {
      this.lost--;
      throw new PostError('Discord did not answer in time', { permanent: false });
    }
    return { messageId };
  }

  /** Searches every message of the channel (`since` only bounds how far Discord is read back). */
  async findPosted(channelId: string, nonce: string): Promise<{ messageId: string } | undefined> {
    this.searches++;
    const hit = this.messages.find((m) => m.channelId === channelId && carriesMarker(m.content, nonce));
    return hit ? { messageId: hit.messageId } : undefined;
  }

  /** Forgets nonces, as Discord does after its window: a re-sent nonce makes a new message. */
  forgetNonces(): void {
    this.byNonce.clear();
  }

  /** Messages in one channel. */
  inChannel(channelId: string): PostedMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }
}
