// The founding scenario seen as pictures, end to end: the real bot answers /intervention summary
// and /intervention outcome through the sandbox with PNG attachments referenced from its embeds;
// the test downloads them from the sandbox, decodes them and checks pixels at places found
// through the maps' own projection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dotOf } from '../../src/images/geography';
import { OUTCOME_COLOURS, SUMMARY_COLOURS } from '../../src/images/palette';
import type { ReplyResult } from '../../src/sandbox/control-types';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { FOUNDING_RECOMMENDERS } from '../helpers/founding';
import { decodePng, type Picture } from '../helpers/png';

const GERMANY: [number, number] = [10.4, 51.0];
const ARGENTINA: [number, number] = [-65, -35];
const BELARUS: [number, number] = [28.0, 53.5];
const RECOMMENDATION = 'Immediately release Ales Bialiatski and all individuals imprisoned for political reasons';
type Embed = { title?: string; description?: string; image?: { url: string } };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-11-04T10:00:00Z'), scheduler: false });
  expect((await h.control.run('/upr add state:Belarus date:3 Nov 2025')).content).toContain('Added');
  const letter = await h.control.run('/letter add to:Argentina review:Belarus 50 deadline:30 Sep 2025 sent:25 Sep 2025 ask:"Intervene and recommend the release of Ales Bialiatski and all political prisoners"');
  expect(letter.content).toMatch(/^Recorded letter/);
  const guildId = letter.message!.guildId!;
  for (const state of FOUNDING_RECOMMENDERS) {
    await h.bot.app.services.interventions.add(guildId, { review: 'Belarus 50', state, recommendation: RECOMMENDATION, themes: 'political prisoners' });
  }
}, 120_000);
afterAll(async () => h?.stop());

/** The PNG an embed shows, downloaded from the sandbox as Discord's CDN would serve it. */
async function image(r: ReplyResult, embed: Embed): Promise<Picture> {
  const name = /^attachment:\/\/(.+)$/.exec(embed.image?.url ?? '')?.[1];
  expect(name, 'the embed shows an attached image').toBeTruthy();
  const file = r.message!.attachments.find((a) => a.filename === name);
  expect(file, `attachment ${name}`).toBeDefined();
  expect(file!.contentType).toBe('image/png');
  const res = await fetch(file!.url);
  expect(res.status).toBe(200);
  const data = Buffer.from(await res.arrayBuffer());
  expect(data.length).toBe(file!.size);
  return decodePng(data);
}

describe('founding scenario as pictures', () => {
  it('/intervention summary with the theme: map and chart, each described by counts', async () => {
    const r = await h.control.run('/intervention summary review:Belarus 50 theme:political prisoners', { user: 'member' });
    expect(r.type).toBe('deferred');
    expect(r.ephemeral).toBe(false);
    const embeds = r.embeds as Embed[];
    expect(embeds.map((e) => e.title)).toEqual(['Summary — Belarus — WG 50 — 3 Nov 2025', 'Map', 'By UN regional group']);
    expect(embeds[1]!.description!.split('\n')).toEqual([
      '• Recommended on "political prisoners": **30**',
      '• Took the floor, not on this theme: **0**',
      '• Did not take the floor: **164**',
    ]);
    expect(embeds[2]!.description).toContain('• Western European and others: 18 state(s) took the floor; 1 recommendation(s): 0 supported, 0 noted, 1 pending');
    expect(r.message!.attachments.map((a) => a.filename)).toEqual(['map.png', 'groups.png']);
    // Alt text travels with each file.
    expect(r.message!.attachments[0]!.description).toMatch(/^World map of Belarus — WG 50 — 3 Nov 2025, theme "political prisoners".* Recommended on "political prisoners": 30 \(Albania, /);
    expect(r.message!.attachments[1]!.description).toMatch(/^Bar chart by UN regional group, theme "political prisoners"\. African: 0 state\(s\) took the floor/);

    const map = await image(r, embeds[1]!);
    expect(map.place(...GERMANY)).toBe(SUMMARY_COLOURS.recommended);
    expect(map.place(...ARGENTINA)).toBe(SUMMARY_COLOURS.absent);
    expect(map.place(...BELARUS)).toBe(SUMMARY_COLOURS.review);
    for (const small of ['LIE', 'MLT']) {
      const dot = dotOf(small)!;
      expect(map.at(dot.x, dot.y), small).toBe(SUMMARY_COLOURS.recommended);
      expect(map.countNear(dot.x, dot.y, 3, SUMMARY_COLOURS.recommended), small).toBeGreaterThanOrEqual(20);
    }
    const chart = await image(r, embeds[2]!);
    expect(chart.width).toBe(1000);
  });

  it('/intervention outcome: Argentina marked "letter sent, did not intervene"', async () => {
    const r = await h.control.run('/intervention outcome review:Belarus 50', { user: 'member' });
    const embeds = r.embeds as Embed[];
    expect(embeds[0]!.description).toBe('Wrote to 1 state: 0 intervened, 1 did not.');
    expect(embeds[1]!.description).toBe('• Letter sent, did not intervene: **1**');
    const map = await image(r, embeds[1]!);
    expect(map.place(...ARGENTINA)).toBe(OUTCOME_COLOURS.silent);
    expect(map.place(...GERMANY)).toBe(OUTCOME_COLOURS.unwritten);
    expect(map.place(...BELARUS)).toBe(OUTCOME_COLOURS.review);
  });

  it('the uploads are valid Discord requests', async () => {
    expect(await h.control.violations()).toEqual([]);
  });
});
