/**
 * Discord's rate limits as the bot meets them: per-route buckets announced in
 * X-RateLimit-* headers, a per-channel limit on posting messages, and a global limit on
 * requests per second. Fixed windows, like Discord's buckets.
 */
import { createHash } from 'node:crypto';

export interface Window {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** false: headers are still sent, but nothing is counted and nothing is refused. */
  enabled: boolean;
  /** Requests per second with the bot token, across all routes (Discord: 50). */
  globalPerSecond: number;
  /** POST /channels/{id}/messages per channel (Discord: 5 per 5 s). */
  channelMessages: Window;
  /** Every other route bucket (per route and major parameter). */
  route: Window;
}

export interface BucketRef {
  /** e.g. "POST /channels/{channel_id}/messages" */
  route: string;
  /** The major parameter value (channel, guild or webhook id) or '' */
  major: string;
  window: Window;
}

export interface Verdict {
  headers: Record<string, string>;
  /** Set when the request is refused with 429. */
  retryAfterMs?: number;
  global?: boolean;
}

interface Counter {
  count: number;
  resetAt: number;
}

const secs = (ms: number) => (Math.max(ms, 0) / 1000).toFixed(3);

export class RateLimiter {
  private readonly buckets = new Map<string, Counter>();
  private global: Counter = { count: 0, resetAt: 0 };

  constructor(public options: RateLimitOptions) {}

  static bucketHash(route: string): string {
    return createHash('md5').update(route).digest('hex');
  }

  /** Counts one request against the global limit; returns a 429 verdict when over. */
  checkGlobal(now = Date.now()): Verdict | undefined {
    if (!this.options.enabled) return undefined;
    if (now >= this.global.resetAt) this.global = { count: 0, resetAt: now + 1000 };
    if (this.global.count >= this.options.globalPerSecond) {
      const retryAfterMs = this.global.resetAt - now;
      return { headers: tooManyHeaders(retryAfterMs, 'global'), retryAfterMs, global: true };
    }
    this.global.count += 1;
    return undefined;
  }

  /** Counts one request against its route bucket; returns headers, and retryAfterMs when refused. */
  take(ref: BucketRef, now = Date.now()): Verdict {
    const hash = RateLimiter.bucketHash(ref.route);
    const { limit, windowMs } = ref.window;
    if (!this.options.enabled) {
      return { headers: bucketHeaders(hash, limit, limit, now + windowMs, windowMs) };
    }
    const key = `${ref.route}|${ref.major}`;
    let counter = this.buckets.get(key);
    if (!counter || now >= counter.resetAt) {
      counter = { count: 0, resetAt: now + windowMs };
      this.buckets.set(key, counter);
    }
    const resetAfter = counter.resetAt - now;
    if (counter.count >= limit) {
      return {
        headers: { ...bucketHeaders(hash, limit, 0, counter.resetAt, resetAfter), ...tooManyHeaders(resetAfter, 'user') },
        retryAfterMs: resetAfter,
      };
    }
    counter.count += 1;
    return { headers: bucketHeaders(hash, limit, limit - counter.count, counter.resetAt, resetAfter) };
  }

  reset(): void {
    this.buckets.clear();
    this.global = { count: 0, resetAt: 0 };
  }
}

function bucketHeaders(hash: string, limit: number, remaining: number, resetAt: number, resetAfterMs: number) {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': secs(resetAt),
    'X-RateLimit-Reset-After': secs(resetAfterMs),
    'X-RateLimit-Bucket': hash,
  };
}

/** A route bucket's headers when it is used up until `retryAfterMs` from now. */
export function exhaustedBucketHeaders(route: string, limit: number, retryAfterMs: number, now = Date.now()): Record<string, string> {
  return bucketHeaders(RateLimiter.bucketHash(route), limit, 0, now + retryAfterMs, retryAfterMs);
}

/**
 * Headers of a 429. Retry-After is whole seconds rounded up, as Discord sends it (the body's
 * retry_after keeps the decimals); discord.js waits on the header, so a short wait costs a second.
 */
export function tooManyHeaders(retryAfterMs: number, scope: 'user' | 'global' | 'shared'): Record<string, string> {
  return {
    'Retry-After': String(Math.ceil(Math.max(retryAfterMs, 0) / 1000)),
    'X-RateLimit-Scope': scope,
    ...(scope === 'global' ? { 'X-RateLimit-Global': 'true' } : {}),
  };
}

/** The body of a 429. */
export function tooManyBody(retryAfterMs: number, global: boolean) {
  return { message: 'You are being rate limited.', retry_after: Number(secs(retryAfterMs)), global };
}
