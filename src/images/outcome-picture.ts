// What the outcome map shows: the states a server wrote to, coloured by what each did in the
// review (recommended the ask / intervened / did not intervene), hatched where the letter was
// not sent; the legend and the text that describes the image. Pure.
import type { OutcomeRow } from '../services/interventions.js';
import { stateName } from '../states/index.js';
import type { Fill, MapSpec } from './map-svg.js';
import { OUTCOME_COLOURS } from './palette.js';
import { alt, type Category } from './summary-picture.js';

export interface OutcomePicture {
  map: MapSpec;
  text: string;
  alt: string;
}

type Did = 'ask' | 'intervened' | 'silent';
const DID: Record<Did, string> = {
  ask: 'intervened and recommended the ask',
  intervened: 'intervened, not the ask',
  silent: 'did not intervene',
};
const didOf = (row: OutcomeRow): Did => (!row.intervened ? 'silent' : row.recommendedAsk ? 'ask' : 'intervened');

/** The category of one state written to, as the map and its description name it. */
export function outcomeCategory(row: OutcomeRow): { key: string; label: string; fill: Fill } {
  const did = didOf(row);
  return { key: `${row.sent ? 'sent' : 'unsent'}-${did}`, label: `Letter ${row.sent ? 'sent' : 'not sent'}, ${DID[did]}`, fill: { colour: OUTCOME_COLOURS[did], hatched: !row.sent } };
}

export function outcomePicture(rows: OutcomeRow[], reviewState: string, label: string): OutcomePicture {
  const categories = new Map<string, Category>();
  const fills: Record<string, Fill> = {};
  for (const row of rows) {
    const c = outcomeCategory(row);
    fills[row.stateCode] = c.fill;
    const cat = categories.get(c.key) ?? { key: c.key, label: c.label, states: [] };
    cat.states.push(row.stateCode);
    categories.set(c.key, cat);
  }
  fills[reviewState] = { colour: OUTCOME_COLOURS.review };
  // Every combination that occurs, in a fixed order: sent before not sent, best outcome first.
  const order = ['sent', 'unsent'].flatMap((s) => (['ask', 'intervened', 'silent'] as Did[]).map((d) => `${s}-${d}`));
  const present = order.map((k) => categories.get(k)).filter((c): c is Category => Boolean(c));
  const anyUnsent = rows.some((r) => !r.sent);
  const count = (d: Did) => rows.filter((r) => didOf(r) === d).length;
  const map: MapSpec = {
    title: `Letters and outcome — ${label}`,
    subtitle: `Wrote to ${rows.length} state(s): ${rows.filter((r) => r.sent).length} letter(s) sent; ${rows.filter((r) => r.intervened).length} intervened, ${count('ask')} recommended the ask`,
    fills,
    otherStates: { colour: OUTCOME_COLOURS.unwritten },
    focus: reviewState,
    legend: [
      { label: `Intervened and recommended the ask (${count('ask')})`, colour: OUTCOME_COLOURS.ask },
      { label: `Intervened, not the ask (${count('intervened')})`, colour: OUTCOME_COLOURS.intervened },
      { label: `Did not intervene (${count('silent')})`, colour: OUTCOME_COLOURS.silent },
      ...(anyUnsent ? [{ label: `Hatched: letter not sent (${rows.filter((r) => !r.sent).length})`, colour: '#8c8c8c', hatched: true }] : []),
      { label: 'Not written to', colour: OUTCOME_COLOURS.unwritten },
      { label: `Under review: ${stateName(reviewState)}`, colour: OUTCOME_COLOURS.review, outlined: true },
    ],
  };
  const text = present.map((c) => `• ${c.label}: **${c.states.length}**`).join('\n');
  const description = alt(`World map of the states written to about ${label}; ${stateName(reviewState)} is under review.`, present, new Set(present.map((c) => c.key)));
  return { map, text, alt: description };
}
