// How a failed post is classified: permanent (never retried) or transient (retried with backoff).
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DiscordRestPoster, PostError, toPostError } from '../../src/posting/poster';

const apiError = (code: number, status: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', { body: {} });

describe('toPostError', () => {
  it.each([
    [10003, 404, 'Unknown Channel', 'the channel no longer exists (Unknown Channel, 10003)'],
    [10004, 404, 'Unknown Guild', 'the bot is no longer in this server (Unknown Guild, 10004)'],
    [50001, 403, 'Missing Access', 'the bot cannot see the channel (Missing Access, 50001): give it View Channel there'],
    [50013, 403, 'Missing Permissions', 'the bot cannot post in the channel (Missing Permissions, 50013): give it Send Messages there'],
  ])('Discord code %i is permanent, with a reason coordinators can act on', (code, status, message, reason) => {
    const e = toPostError(apiError(code, status, message));
    expect(e).toMatchObject({ permanent: true, code, status, message: reason });
  });

  it('other refused requests (4xx) are permanent: sending them again would fail again', () => {
    expect(toPostError(apiError(50035, 400, 'Invalid Form Body'))).toMatchObject({ permanent: true, code: 50035, status: 400 });
  });

  it('rate limits, 5xx, time-outs and network errors are transient', () => {
    expect(toPostError(apiError(0, 429, 'You are being rate limited.')).permanent).toBe(false);
    expect(toPostError(apiError(0, 502, 'Bad Gateway')).permanent).toBe(false);
    expect(toPostError(new HTTPError(503, 'Service Unavailable', 'POST', 'u', { body: {} }))).toMatchObject({ permanent: false, status: 503 });
    const rl = new RateLimitError({ timeToReset: 100, limit: 5, method: 'POST', hash: 'h', url: 'u', route: '/channels/:id/messages', majorParameter: '1', global: false, retryAfter: 100, sublimitTimeout: 0, scope: 'user' });
    expect(toPostError(rl)).toMatchObject({ permanent: false, status: 429 });
    const abort = new Error('This operation was aborted');
    abort.name = 'AbortError';
    expect(toPostError(abort)).toMatchObject({ permanent: false, message: 'Discord did not answer in time' });
    expect(toPostError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({
      permanent: false,
      message: 'could not reach Discord: ECONNREFUSED',
    });
    const same = new PostError('x', { permanent: true });
    expect(toPostError(same)).toBe(same);
  });
});

describe('DiscordRestPoster', () => {
  it('sends content, allowed_mentions, nonce and enforce_nonce to the channel messages route', async () => {
    const calls: unknown[] = [];
    const poster = new DiscordRestPoster({
      post: async (route: string, opts?: unknown) => {
        calls.push({ route, body: (opts as { body: unknown }).body });
        return { id: '123456789012345678' };
      },
    } as never);
    const res = await poster.post('222222222222222222', { content: 'hi', allowedMentions: { parse: [], roles: ['3'] }, nonce: 'r1-8w-x' });
    expect(res).toEqual({ messageId: '123456789012345678' });
    expect(calls).toEqual([
      {
        route: '/channels/222222222222222222/messages',
        body: { content: 'hi', allowed_mentions: { parse: [], roles: ['3'] }, nonce: 'r1-8w-x', enforce_nonce: true },
      },
    ]);
  });

  it('a post that hangs (discord.js waiting out 429s) is cut off as transient', async () => {
    const poster = new DiscordRestPoster(
      { post: (_route: string, opts?: { signal?: AbortSignal }) => new Promise((_, reject) => opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason))) } as never,
      { timeoutMs: 50 },
    );
    await expect(poster.post('1', { content: 'x', allowedMentions: { parse: [], roles: [] }, nonce: 'n' })).rejects.toMatchObject({ permanent: false, message: 'Discord did not answer in time' });
  });
});
