// /upr calendar end to end: the real bot uploads the .ics through discord.js to the sandbox
// (multipart), and the file the user downloads parses with ical.js.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewUid } from '../../src/ical/entries';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { parseIcs } from '../helpers/ics';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false });
}, 60_000);
afterAll(async () => h?.stop());

describe('/upr calendar', () => {
  it('says so privately when nothing matches, with no file', async () => {
    const r = await h.control.run('/upr calendar');
    expect(r.ok).toBe(true);
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe('Nothing to put in a calendar: no review, milestone or letter deadline matches. Add reviews with `/upr add` or `/upr import`.');
    expect(r.message?.attachments ?? []).toEqual([]);
  });

  it('answers with an .ics attachment that parses and holds the reviews', async () => {
    await h.control.run('/upr add state:Belarus date:3 Nov 2025');
    await h.control.run('/upr add state:Libya date:4 Nov 2025 time:14:30');
    const libya = await h.db.review.findFirstOrThrow({ where: { stateCode: 'LBY' } });
    const r = await h.control.run('/upr calendar session:50');
    expect(r.ok).toBe(true);
    expect(r.ephemeral).toBe(true);
    const files = r.message?.attachments ?? [];
    expect(files.map((f) => f.filename)).toEqual(['upr-wg50.ics']);
    const text = await (await fetch(files[0]!.url)).text();
    expect(files[0]!.size).toBe(Buffer.byteLength(text));
    const { events } = parseIcs(text);
    expect(r.content).toContain(`Calendar file with **${events.length}** event${events.length === 1 ? '' : 's'}:`);
    const e = events.find((x) => x.uid === reviewUid(libya.guildId, libya.id))!;
    expect(e.localStart).toBe('2025-11-04T14:30:00');
    expect(e.start.toISOString()).toBe('2025-11-04T13:30:00.000Z');
  });

  it('refuses bad filters privately', async () => {
    const r = await h.control.run('/upr calendar from:30 Nov 2025 to:1 Nov 2025');
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe('"from" is after "to": give the earlier day first.');
    expect(r.message?.attachments ?? []).toEqual([]);
  });
});

describe('/settings calendar-feed without an HTTP port', () => {
  it('says why privately and changes nothing', async () => {
    const r = await h.control.run('/settings calendar-feed action:on');
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe("Calendar feeds need the bot's web address, and this bot runs without one (HTTP_PORT is not set). Ask whoever runs the bot; meanwhile `/upr calendar` gives you the file.");
    expect(await h.db.calendarFeed.count()).toBe(0);
  });
});
