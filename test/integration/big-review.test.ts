// A review the size of the largest real ones (5,000 recommendations from 150 states) imports in
// one go and every read command still answers: no query carries a list of ids that would run
// into the engines' parameter limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigCsv, bigRowStates, BIG_STATES, BIG_THEMES } from '../helpers/big-import';
import { asFile } from '../helpers/import-file';
import { createTestServices, GUILD, USER } from '../helpers/services';

const STATES = BIG_STATES;

let t: Awaited<ReturnType<typeof createTestServices>>;
let ref: string;
beforeAll(async () => {
  t = await createTestServices('2025-09-01T10:00:00Z');
  ref = `#${(await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' })).id}`;
  await t.services.letters.add(GUILD, { to: STATES[0]!.code, review: ref, deadline: '2025-09-30', ask: 'Strengthen the protection of rights', createdBy: USER });
  await t.services.letters.add(GUILD, { to: 'Argentina', review: ref, deadline: '2025-09-30', ask: 'Release political prisoners', createdBy: USER });
}, 120_000);
afterAll(async () => t?.cleanup());

describe('a review with 5,000 recommendations from 150 states', () => {
  it('imports in one transaction, then every read answers', async () => {
    const r = await t.services.interventions.importFile(GUILD, ref, asFile(bigCsv()));
    expect(r.rejected).toEqual([]);
    expect(r.reviews).toMatchObject([{ rows: 5000, created: 5000, interventionsAdded: 150 }]);
    const pairs = Array.from({ length: 5000 }, (_, i) => new Set([i % 150, (i * 7 + 3) % 150, (i * 13 + 5) % 150].slice(0, 1 + (i % 3))).size).reduce((a, b) => a + b, 0);
    expect(await t.db.recommendationState.count()).toBe(pairs);

    const s = await t.services.interventions.summary(GUILD, ref);
    expect(s.states).toHaveLength(150);
    expect(s.recommendations).toBe(5000);
    expect(s.byResponse).toEqual({ supported: 2500, noted: 2500, pending: 0 });
    expect((await t.services.interventions.summary(GUILD, ref, 'torture')).theme!.recommendations).toBe(1000);

    const c = await t.services.interventions.check(GUILD, ref, STATES[0]!.code);
    expect(c.intervened).toBe(true);
    expect(c.recommendations.length).toBeGreaterThan(30);

    const o = await t.services.interventions.outcome(GUILD, ref);
    const byState = new Map(o.rows.map((x) => [x.stateCode, x]));
    expect(byState.get(STATES[0]!.code)).toMatchObject({ intervened: true, recommendedAsk: true });
    // Argentina's letter asked for the release of political prisoners: a match only where one of its recommendations has that theme.
    const argAsked = Array.from({ length: 5000 }, (_, i) => i).some((i) => bigRowStates(i).some((s) => s.code === 'ARG') && BIG_THEMES[i % BIG_THEMES.length] === 'political prisoners');
    expect(byState.get('ARG')).toMatchObject({ intervened: true, recommendedAsk: argAsked });

    const ex = await t.services.interventions.exportCsv(GUILD, ref);
    expect(ex.rows).toBe(5000);
    const shown = await t.services.reviews.show(GUILD, ref);
    expect(shown.recommendations).toHaveLength(5000);
    expect(await t.services.interventions.themes(GUILD, 'tor')).toEqual(['torture']);

    // Re-importing the export changes nothing; removing a state reaches every recommendation.
    const again = await t.services.interventions.importFile(GUILD, ref, asFile(ex.csv, ex.filename));
    expect(again.reviews).toMatchObject([{ created: 0, updated: 0, unchanged: 5000, interventionsAdded: 0 }]);
    const removed = await t.services.interventions.remove(GUILD, ref, STATES[0]!.code);
    expect(removed.recommendationsRemoved).toBeGreaterThan(0);
    expect((await t.services.interventions.check(GUILD, ref, STATES[0]!.code)).intervened).toBe(false);
  }, 240_000);
});
