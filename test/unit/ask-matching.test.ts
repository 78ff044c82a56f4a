import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { askMatcher, STOP_WORDS } from '../../src/services/recommendations/ask-matching';
import { allStates, normalise } from '../../src/states';

describe('ask matching', () => {
  it('names no state among its stop words', () => {
    const names = new Set(allStates().flatMap((s) => [s.name, ...s.aliases].map(normalise)));
    expect([...STOP_WORDS].filter((w) => names.has(w))).toEqual([]);
  });

  it("never counts the state under review's names as ask words, for any review", () => {
    const states = allStates();
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.boolean(), (s, alias) => {
        const name = alias && s.aliases[0] ? s.aliases[0] : s.name;
        const matches = askMatcher(s.code);
        // The only words the two share are the state's name.
        return !matches(`Urge ${name} to release political prisoners`, { text: `${name} should ratify the optional protocol`, themes: [] });
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('still matches on the words of the ask', () => {
    const matches = askMatcher('BLR');
    expect(matches('Recommend that Belarus release all political prisoners', { text: 'Release all political prisoners in Belarus', themes: [] })).toBe(true);
    expect(matches('Recommend that Belarus release all political prisoners', { text: 'Belarus should abolish the death penalty', themes: [] })).toBe(false);
    expect(matches('Ask for the release of political prisoners', { text: 'Free Ales Bialiatski', themes: [{ theme: 'political prisoners' }] })).toBe(true);
  });
});
