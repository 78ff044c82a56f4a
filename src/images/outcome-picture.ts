// What the outcome map shows: the states a server wrote to, coloured by what each did in the
// review (recommended the ask / intervened / did not intervene), hatched where the letter was
// not sent; the legend and the text that describes the image, in the reader's language. Pure.
import { translator, type Lang } from '../i18n/index.js';
import type { OutcomeRow } from '../services/interventions.js';
import type { Fill, MapSpec } from './map-svg.js';
import { OUTCOME_COLOURS } from './palette.js';
import { alt, type Category } from './summary-picture.js';

export interface OutcomePicture {
  map: MapSpec;
  text: string;
  alt: string;
}

type Did = 'ask' | 'intervened' | 'silent';
const didOf = (row: OutcomeRow): Did => (!row.intervened ? 'silent' : row.recommendedAsk ? 'ask' : 'intervened');

/** The category of one state written to, as the map and its description name it. */
export function outcomeCategory(row: OutcomeRow, lang: Lang = 'en'): { key: string; label: string; fill: Fill } {
  const key = `${row.sent ? 'sent' : 'unsent'}-${didOf(row)}`;
  return { key, label: translator(lang)(`images:outcome.category.${key}`), fill: { colour: OUTCOME_COLOURS[didOf(row)], hatched: !row.sent } };
}

export function outcomePicture(rows: OutcomeRow[], reviewState: string, label: string, lang: Lang = 'en'): OutcomePicture {
  const t = translator(lang);
  const categories = new Map<string, Category>();
  const fills: Record<string, Fill> = {};
  for (const row of rows) {
    const c = outcomeCategory(row, lang);
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
    title: t('images:outcome.title', { label }),
    subtitle: t('images:outcome.subtitle', { written: rows.length, sent: rows.filter((r) => r.sent).length, intervened: rows.filter((r) => r.intervened).length, ask: count('ask') }),
    fills,
    otherStates: { colour: OUTCOME_COLOURS.unwritten },
    focus: reviewState,
    legend: [
      { label: t('images:outcome.legendAsk', { count: count('ask') }), colour: OUTCOME_COLOURS.ask },
      { label: t('images:outcome.legendIntervened', { count: count('intervened') }), colour: OUTCOME_COLOURS.intervened },
      { label: t('images:outcome.legendSilent', { count: count('silent') }), colour: OUTCOME_COLOURS.silent },
      ...(anyUnsent ? [{ label: t('images:outcome.legendUnsent', { count: rows.filter((r) => !r.sent).length }), colour: '#8c8c8c', hatched: true }] : []),
      { label: t('images:outcome.legendUnwritten'), colour: OUTCOME_COLOURS.unwritten },
      { label: t('images:summary.review', { code: reviewState }), colour: OUTCOME_COLOURS.review, outlined: true },
    ],
    footnote: t('images:map.footnote'),
  };
  const text = present.map((c) => t('images:summary.textLine', { label: c.label, count: c.states.length })).join('\n');
  const description = alt(t('images:outcome.alt', { label, code: reviewState }), present, new Set(present.map((c) => c.key)), lang);
  return { map, text, alt: description };
}
