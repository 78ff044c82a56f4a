// The private calendar feed end to end: the real bot with its HTTP port, `/settings
// calendar-feed` through the sandbox, and the feed fetched over HTTP as a calendar app would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/env';
import { hashFeedToken } from '../../src/services/calendar-feed';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { parseIcs } from '../helpers/ics';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false, config: { httpPort: 0, httpHost: '127.0.0.1' } });
}, 60_000);
afterAll(async () => h?.stop());

const feedUrl = (content: string | null): string => {
  const m = /<(http:\/\/[^>]+\/calendar\/[A-Za-z0-9_-]{43}\.ics)>/.exec(content ?? '');
  if (!m) throw new Error(`no feed address in: ${content}`);
  return m[1]!;
};

describe('calendar feed', () => {
  it('on, fetch, add a review, fetch again, rotate (old address 404), off (404)', async () => {
    const on = await h.control.run('/settings calendar-feed action:on');
    expect(on.ok).toBe(true);
    expect(on.ephemeral).toBe(true);
    const first = feedUrl(on.content);
    expect(first.startsWith(`${h.bot.app.http!.url}/calendar/`)).toBe(true);
    // Only the token's hash is stored.
    const token = /\/calendar\/(.+)\.ics$/.exec(first)![1]!;
    const row = await h.db.calendarFeed.findFirstOrThrow();
    expect(row.tokenHash).toBe(hashFeedToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    let res = await fetch(first);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(parseIcs(await res.text()).events).toEqual([]);

    await h.control.run('/upr add state:Belarus date:3 Nov 2025');
    const belarus = await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR' } });
    res = await fetch(first);
    const events = parseIcs(await res.text()).events;
    const review = events.find((e) => e.uid.startsWith(`review-${belarus.id}.`));
    expect(review?.summary).toBe('UPR review of Belarus (WG 50)');
    expect(review?.localStart).toBe('2025-11-03');

    const again = await h.control.run('/settings calendar-feed action:on');
    expect(again.content).toBe('The calendar feed is already on. Its address is shown only once; to get a new one (the old one stops working), use `/settings calendar-feed rotate`.');

    const rotated = await h.control.run('/settings calendar-feed action:rotate');
    const second = feedUrl(rotated.content);
    expect(second).not.toBe(first);
    const gone = await fetch(first);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toBe(await (await fetch(`${h.bot.app.http!.url}/no-such-path`)).text());
    expect((await fetch(second)).status).toBe(200);

    const off = await h.control.run('/settings calendar-feed action:off');
    expect(off.content).toBe('Calendar feed off: its address no longer works.');
    expect((await fetch(second)).status).toBe(404);
    expect(await h.db.calendarFeed.count()).toBe(0);
    const rotateOff = await h.control.run('/settings calendar-feed action:rotate');
    expect(rotateOff.content).toBe('The calendar feed is off: turn it on with `/settings calendar-feed on`.');
  });

  it('an unknown or malformed token answers exactly like any missing path; the feed is read-only', async () => {
    const base = h.bot.app.http!.url;
    const missing = await (await fetch(`${base}/no-such-path`)).text();
    for (const path of ['/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', '/calendar/short.ics', '/calendar/../x.ics']) {
      const r = await fetch(base + path);
      expect(r.status, path).toBe(404);
      expect(await r.text()).toBe(missing);
    }
    const on = await h.control.run('/settings calendar-feed action:on');
    const url = feedUrl(on.content);
    expect((await fetch(url, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    await h.control.run('/settings calendar-feed action:off');
  });

  it('only Manage Server may turn it on', async () => {
    const r = await h.control.run('/settings calendar-feed action:on', { user: 'member' });
    if (r.ok) {
      expect(r.ephemeral).toBe(true);
      expect(r.content).toContain('Manage Server');
    } else {
      expect(r.status).toBe(403);
    }
    expect(await h.db.calendarFeed.count()).toBe(0);
  });

  it('PUBLIC_BASE_URL is read as an http(s) address', () => {
    const base = { DISCORD_TOKEN: 'x'.repeat(60), DISCORD_APPLICATION_ID: '123456789012345678' };
    expect(readConfig({ ...base, PUBLIC_BASE_URL: 'https://upr.example.org/' }).publicBaseUrl).toBe('https://upr.example.org');
    expect(readConfig(base).publicBaseUrl).toBeUndefined();
    expect(() => readConfig({ ...base, PUBLIC_BASE_URL: 'upr.example.org' })).toThrow(/PUBLIC_BASE_URL/);
  });
});
