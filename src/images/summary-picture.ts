// What the summary's map and chart show, decided from the service's result: each state's
// category, the legend, the rows by UN regional group, and the text that describes each image
// (alt text and embed) with the counts per category. Pure.
import type { SummaryResult } from '../services/interventions.js';
import { allStates, getState, stateName } from '../states/index.js';
import type { ChartSpec, GroupRow } from './chart-svg.js';
import type { Fill, MapSpec } from './map-svg.js';
import { SUMMARY_COLOURS, type SummaryCategory } from './palette.js';

export interface Category {
  key: string;
  label: string;
  states: string[];
}

export interface SummaryPictures {
  map: MapSpec;
  /** The counts per category, one line each, for the embed. */
  mapText: string;
  mapAlt: string;
  chart: ChartSpec;
  chartText: string;
  chartAlt: string;
}

const GROUP_ORDER = ['African', 'Asia-Pacific', 'Eastern European', 'Latin American and Caribbean', 'Western European and others'] as const;
const OBSERVERS = 'Observer states';

/** Discord's limit for an attachment's description (its alt text). */
export const ALT_MAX = 1024;

const byName = (codes: Iterable<string>) => [...codes].sort((a, b) => stateName(a).localeCompare(stateName(b), 'en'));

/** "Albania, Australia and 28 more" within roughly `max` characters. */
export function nameList(codes: string[], max = 300): string {
  const names = codes.map((c) => stateName(c));
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const more = names.length - i;
    const piece = (i ? ', ' : '') + names[i];
    if (out.length + piece.length > max && more > 1) return `${out} and ${more} more`;
    out += piece;
  }
  return out;
}

export function alt(lead: string, categories: Category[], listed: Set<string>): string {
  const parts = categories.map((c) => `${c.label}: ${c.states.length}${listed.has(c.key) && c.states.length ? ` (${nameList(c.states, 200)})` : ''}.`);
  const whole = `${lead} ${parts.join(' ')}`;
  return whole.length <= ALT_MAX ? whole : `${whole.slice(0, ALT_MAX - 1)}…`;
}

export function summaryPictures(s: SummaryResult, label: string): SummaryPictures {
  const review = s.review.stateCode;
  const themed = s.theme ? new Set(s.theme.themes) : null;
  const recs = themed ? s.byRecommendation.filter((r) => r.themes.some((t) => themed.has(t))) : s.byRecommendation;
  const recommended = new Set(s.theme ? s.theme.states : recs.flatMap((r) => r.states));
  const tookFloor = new Set(s.states);
  const intervened = [...tookFloor].filter((c) => !recommended.has(c));
  const absent = allStates()
    .map((st) => st.code)
    .filter((c) => c !== review && !tookFloor.has(c) && !recommended.has(c));

  const theme = s.theme ? `"${s.theme.themes.join('", "')}"` : '';
  const categories: Array<Category & { key: SummaryCategory }> = [
    { key: 'recommended', label: s.theme ? `Recommended on ${theme}` : 'Made a recommendation', states: byName(recommended) },
    { key: 'intervened', label: s.theme ? 'Took the floor, not on this theme' : 'Took the floor, no recommendation recorded', states: byName(intervened) },
    { key: 'absent', label: 'Did not take the floor', states: absent },
    { key: 'review', label: `Under review: ${stateName(review)}`, states: [review] },
  ];
  const fills: Record<string, Fill> = {};
  for (const c of categories) for (const code of c.states) fills[code] = { colour: SUMMARY_COLOURS[c.key] };

  const map: MapSpec = {
    title: `Who took the floor — ${label}`,
    subtitle: s.theme ? `Theme ${theme}: ${recommended.size} state(s) recommended on it, ${s.theme.recommendations} recommendation(s)` : `${tookFloor.size} state(s) took the floor; ${s.recommendations} recommendation(s)`,
    fills,
    otherStates: { colour: SUMMARY_COLOURS.absent },
    focus: review,
    legend: categories.map((c) => ({ label: c.key === 'review' ? c.label : `${c.label} (${c.states.length})`, colour: SUMMARY_COLOURS[c.key], outlined: c.key === 'review' })),
  };
  const mapText = categories.filter((c) => c.key !== 'review').map((c) => `• ${c.label}: **${c.states.length}**`).join('\n');
  const mapAlt = alt(`World map of ${label}${s.theme ? `, theme ${theme}` : ''}, states coloured by what they did.`, categories, new Set(['recommended', 'intervened']));

  const rows = groupRows(s.states, recs);
  const chart: ChartSpec = {
    title: `By UN regional group — ${label}`,
    subtitle: s.theme ? `Recommendations on ${theme} by response; states that took the floor` : 'Recommendations by response; states that took the floor',
    rows,
  };
  const rowLine = (r: GroupRow) => `${r.label}: ${r.interventions} state(s) took the floor; ${r.supported + r.noted + r.pending} recommendation(s): ${r.supported} supported, ${r.noted} noted, ${r.pending} pending`;
  const chartText = rows.map((r) => `• ${rowLine(r)}`).join('\n');
  const chartAltText = `Bar chart by UN regional group${s.theme ? `, theme ${theme}` : ''}. ${rows.map(rowLine).join('. ')}.`;
  const chartAlt = chartAltText.length <= ALT_MAX ? chartAltText : `${chartAltText.slice(0, ALT_MAX - 1)}…`;
  return { map, mapText, mapAlt, chart, chartText, chartAlt };
}

/**
 * States that took the floor, and recommendations by response, per UN regional group. A joint
 * recommendation counts once in each group that one of its states belongs to.
 */
export function groupRows(tookFloor: string[], recs: SummaryResult['byRecommendation']): GroupRow[] {
  const groupOf = (code: string): string => getState(code)?.regionalGroup ?? OBSERVERS;
  const rows = new Map<string, GroupRow>([...GROUP_ORDER, OBSERVERS].map((g) => [g, { label: g, interventions: 0, supported: 0, noted: 0, pending: 0 }]));
  for (const code of new Set(tookFloor)) rows.get(groupOf(code))!.interventions++;
  for (const r of recs) for (const g of new Set(r.states.map(groupOf))) rows.get(g)![r.response]++;
  const observers = rows.get(OBSERVERS)!;
  const empty = observers.interventions + observers.supported + observers.noted + observers.pending === 0;
  return [...rows.values()].filter((r) => r !== observers || !empty);
}
