// The colours of each image stay apart for readers with each kind of colour-vision deficiency:
// every pair, simulated for protanopia, deuteranopia and tritanopia (culori's Machado et al.
// filters), differs by a CIEDE2000 distance of at least 10 (clearly distinct side by side).
import { differenceCiede2000, filterDeficiencyDeuter, filterDeficiencyProt, filterDeficiencyTrit, parse, type Color } from 'culori';
import { describe, expect, it } from 'vitest';
import { CHART_COLOURS, OUTCOME_COLOURS, SUMMARY_COLOURS } from '../../src/images/palette';

const distance = differenceCiede2000();
const vision = {
  normal: (c: Color) => c,
  protanopia: filterDeficiencyProt(1),
  deuteranopia: filterDeficiencyDeuter(1),
  tritanopia: filterDeficiencyTrit(1),
};

function closestPair(colours: Record<string, string>, see: (c: Color) => Color): { pair: string; d: number } {
  const keys = Object.keys(colours);
  let best = { pair: '', d: Infinity };
  for (let i = 0; i < keys.length; i++)
    for (let j = i + 1; j < keys.length; j++) {
      const d = distance(see(parse(colours[keys[i]!]!)!), see(parse(colours[keys[j]!]!)!));
      if (d < best.d) best = { pair: `${keys[i]}/${keys[j]}`, d };
    }
  return best;
}

describe('palette', () => {
  for (const [image, colours] of Object.entries({ summary: SUMMARY_COLOURS, outcome: OUTCOME_COLOURS, chart: CHART_COLOURS })) {
    for (const [kind, see] of Object.entries(vision)) {
      it(`${image} map/chart colours stay distinct with ${kind}`, () => {
        const { pair, d } = closestPair(colours, see);
        expect(d, pair).toBeGreaterThanOrEqual(10);
      });
    }
  }

  it('the check can fail: an orange and a green of equal lightness merge for a deuteranope', () => {
    expect(closestPair({ orange: '#d95f02', green: '#66a61e' }, vision.deuteranopia).d).toBeLessThan(10);
  });
});
