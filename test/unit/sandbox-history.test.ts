// The sandbox's answers to GET /channels/{id}/messages and its nonce window, from values alone.
import { describe, expect, it } from 'vitest';
import { DiscordHttpError } from '../../src/sandbox/errors';
import { historyPage } from '../../src/sandbox/message-history';
import { NonceWindow } from '../../src/sandbox/nonce-window';

const messages = Array.from({ length: 7 }, (_, i) => ({ id: String(1000 + i) })); // oldest first
const ids = (q: Record<string, string>) => historyPage(messages, new URLSearchParams(q)).map((m) => Number(m.id) - 1000);

describe('historyPage', () => {
  it('newest first, 50 by default, at most `limit`', () => {
    expect(ids({})).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(ids({ limit: '2' })).toEqual([6, 5]);
  });

  it('before: just before the id; after: just after it (the oldest ones); around: half newer, the rest older with the id', () => {
    expect(ids({ before: '1005', limit: '2' })).toEqual([4, 3]);
    expect(ids({ after: '1001', limit: '2' })).toEqual([3, 2]);
    expect(ids({ around: '1003', limit: '3' })).toEqual([4, 3, 2]);
    expect(ids({ around: '1003', limit: '4' })).toEqual([5, 4, 3, 2]);
  });

  it('refuses a limit outside 1-100 and an anchor that is not a snowflake, as an invalid form body', () => {
    for (const q of [{ limit: '0' }, { limit: '101' }, { limit: 'x' }, { before: 'abc' }] as Record<string, string>[]) {
      const err = (() => {
        try {
          historyPage(messages, new URLSearchParams(q));
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(DiscordHttpError);
      expect((err as DiscordHttpError).body.code).toBe(50035);
    }
  });
});

describe('NonceWindow', () => {
  it('finds the same author\'s nonce inside the window only, whatever the channel', () => {
    const w = new NonceWindow();
    const t0 = new Date('2026-01-01T00:00:00Z');
    w.remember('bot', 'n1', 'm1', t0);
    expect(w.find('bot', 'n1', new Date(t0.getTime() + 60_000), 300_000)).toBe('m1');
    expect(w.find('someone-else', 'n1', t0, 300_000)).toBeUndefined();
    expect(w.find('bot', 'n1', new Date(t0.getTime() + 300_001), 300_000)).toBeUndefined();
  });
});
