// The founding scenario (CADAL's letter to Argentina about Belarus's UPR, 3 Nov 2025),
// through the services on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateName } from '../../src/states';
import { FOUNDING_RECOMMENDERS } from '../helpers/founding';
import { createTestServices, GUILD, USER } from '../helpers/services';

const RECOMMENDATION =
  'Immediately release Ales Bialiatski and all individuals imprisoned for political reasons, and ensure full respect for freedom of expression, peaceful assembly and association';

describe('founding scenario (services)', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  beforeAll(async () => {
    t = await createTestServices('2025-09-01T08:00:00Z');
  });
  afterAll(async () => t.cleanup());

  it('runs from the review to the outcome', async () => {
    const s = t.services;
    const review = await s.reviews.add(GUILD, { state: 'Belarus', date: '3 Nov 2025', createdBy: USER });
    expect(review.session).toBe(50);
    const letter = await s.letters.add(GUILD, {
      to: 'Argentina',
      review: 'Belarus',
      deadline: '30 Sep 2025',
      recipient: "Argentina's Permanent Mission to the International Organizations in Geneva",
      ask: 'Intervene in the UPR of Belarus and recommend the release of Ales Bialiatski and all political prisoners',
      createdBy: USER,
    });
    t.clock.set('2025-09-25T15:00:00Z');
    const sent = await s.letters.markSent(GUILD, `#${letter.id}`, '25 Sep 2025');
    expect(sent.status).toBe('sent');

    t.clock.set('2025-11-04T10:00:00Z');
    for (const name of FOUNDING_RECOMMENDERS) {
      await s.interventions.add(GUILD, { review: 'Belarus 50', state: name, recommendation: RECOMMENDATION, themes: 'political prisoners' });
    }

    const check = await s.interventions.check(GUILD, 'Belarus', 'Argentina');
    expect(check.intervened).toBe(false);
    expect(check.recommendations).toEqual([]);

    const summary = await s.interventions.summary(GUILD, 'Belarus', 'political prisoners');
    expect(summary.theme!.states).toHaveLength(30);
    expect(summary.states).toHaveLength(30);
    expect(summary.theme!.states.map((c) => stateName(c))).toContain('United Kingdom of Great Britain and Northern Ireland');
    expect(summary.theme!.states.map((c) => stateName(c))).toContain('Czechia');
    expect(summary.theme!.states.map((c) => stateName(c))).toContain('Republic of Moldova');

    const outcome = await s.interventions.outcome(GUILD, 'Belarus');
    expect(outcome.rows).toHaveLength(1);
    expect(outcome.rows[0]).toMatchObject({ stateCode: 'ARG', sent: true, intervened: false, recommendedAsk: false });
    expect(outcome.rows[0]!.letters[0]!.sentAt!.toISOString()).toBe('2025-09-25T07:00:00.000Z');
  });
});
