// What the summary's map and chart show, decided from the service's result: each state's
// category, the legend, the rows by UN regional group, and the text that describes each image
// (alt text and embed) with the counts per category, in the reader's language. Pure.
import { translator, type Lang, type T } from '../i18n/index.js';
import type { SummaryResult } from '../services/interventions.js';
import { allStates, getState, stateName, type RegionalGroup } from '../states/index.js';
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

const GROUP_ORDER = ['African', 'Asia-Pacific', 'Eastern European', 'Latin American and Caribbean', 'Western European and others'] as const satisfies readonly RegionalGroup[];
const OBSERVERS = 'Observer states';
const GROUP_KEY: Record<(typeof GROUP_ORDER)[number] | typeof OBSERVERS, string> = {
  African: 'african',
  'Asia-Pacific': 'asiaPacific',
  'Eastern European': 'easternEuropean',
  'Latin American and Caribbean': 'latinAmerican',
  'Western European and others': 'westernEuropean',
  [OBSERVERS]: 'observers',
};

/** Discord's limit for an attachment's description (its alt text). */
export const ALT_MAX = 1024;

const LOCALE: Record<Lang, string> = { en: 'en', es: 'es' };

// One collator per language: localeCompare with a locale builds one per comparison, which made
// sorting the ~190 states of a summary take most of its 4-5 ms.
const collators = new Map<Lang, Intl.Collator>();
const collator = (lang: Lang) => collators.get(lang) ?? collators.set(lang, new Intl.Collator(LOCALE[lang])).get(lang)!;

/** States in the order their names sort in the language. */
export function byName(codes: Iterable<string>, lang: Lang = 'en'): string[] {
  const { compare } = collator(lang);
  return [...codes]
    .map((code) => ({ code, name: stateName(code, lang) }))
    .sort((a, b) => compare(a.name, b.name))
    .map((s) => s.code);
}

/** "Albania, Australia and 28 more" within roughly `max` characters. */
export function nameList(codes: string[], max = 300, lang: Lang = 'en'): string {
  const t = translator(lang);
  const names = codes.map((c) => stateName(c, lang));
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const more = names.length - i;
    const piece = (i ? ', ' : '') + names[i];
    if (out.length + piece.length > max && more > 1) return t('images:names.more', { names: out, count: more });
    out += piece;
  }
  return out;
}

export function alt(lead: string, categories: Category[], listed: Set<string>, lang: Lang = 'en'): string {
  const t = translator(lang);
  const parts = categories.map((c) =>
    listed.has(c.key) && c.states.length
      ? t('images:alt.categoryNamed', { label: c.label, count: c.states.length, names: nameList(c.states, 200, lang) })
      : t('images:alt.category', { label: c.label, count: c.states.length }),
  );
  const whole = `${lead} ${parts.join(' ')}`;
  return whole.length <= ALT_MAX ? whole : `${whole.slice(0, ALT_MAX - 1)}…`;
}

/** What a summary's pictures say in words: each picture's counts and alt text. */
export type SummaryTexts = Pick<SummaryPictures, 'mapText' | 'mapAlt' | 'chartText' | 'chartAlt'>;

interface SummaryFacts {
  s: SummaryResult;
  label: string;
  lang: Lang;
  t: T;
  theme: string;
  recommended: Set<string>;
  tookFloor: Set<string>;
  categories: Array<Category & { key: SummaryCategory }>;
  rows: GroupRow[];
}

function summaryFacts(s: SummaryResult, label: string, lang: Lang): SummaryFacts {
  const t = translator(lang);
  const review = s.review.stateCode;
  const themed = s.theme ? new Set(s.theme.themes) : null;
  const recs = themed ? s.byRecommendation.filter((r) => r.themes.some((th) => themed.has(th))) : s.byRecommendation;
  const recommended = new Set(s.theme ? s.theme.states : recs.flatMap((r) => r.states));
  const tookFloor = new Set(s.states);
  const intervened = [...tookFloor].filter((c) => !recommended.has(c));
  const absent = byName(
    allStates()
      .map((st) => st.code)
      .filter((c) => c !== review && !tookFloor.has(c) && !recommended.has(c)),
    lang,
  );
  const theme = s.theme ? `"${s.theme.themes.join('", "')}"` : '';
  const categories: SummaryFacts['categories'] = [
    { key: 'recommended', label: s.theme ? t('images:summary.recommendedOn', { theme }) : t('images:summary.recommended'), states: byName(recommended, lang) },
    { key: 'intervened', label: t(s.theme ? 'images:summary.intervenedOffTheme' : 'images:summary.intervened'), states: byName(intervened, lang) },
    { key: 'absent', label: t('images:summary.absent'), states: absent },
    { key: 'review', label: t('images:summary.review', { code: review }), states: [review] },
  ];
  return { s, label, lang, t, theme, recommended, tookFloor, categories, rows: groupRows(s.states, recs, lang) };
}

function textsOf({ s, label, lang, t, theme, categories, rows }: SummaryFacts): SummaryTexts {
  const mapText = categories.filter((c) => c.key !== 'review').map((c) => t('images:summary.textLine', { label: c.label, count: c.states.length })).join('\n');
  const mapAlt = alt(s.theme ? t('images:summary.altTheme', { label, theme }) : t('images:summary.alt', { label }), categories, new Set(['recommended', 'intervened']), lang);
  const rowLine = (r: GroupRow) =>
    t('images:chart.row', { group: r.label, interventions: r.interventions, total: r.supported + r.noted + r.pending, supported: r.supported, noted: r.noted, pending: r.pending });
  const chartText = rows.map((r) => `• ${rowLine(r)}`).join('\n');
  const chartAltText = s.theme ? t('images:chart.altTheme', { theme, rows: rows.map(rowLine).join('. ') }) : t('images:chart.alt', { rows: rows.map(rowLine).join('. ') });
  const chartAlt = chartAltText.length <= ALT_MAX ? chartAltText : `${chartAltText.slice(0, ALT_MAX - 1)}…`;
  return { mapText, mapAlt, chartText, chartAlt };
}

function mapOf({ s, label, t, theme, recommended, tookFloor, categories }: SummaryFacts): MapSpec {
  const fills: Record<string, Fill> = {};
  for (const c of categories) for (const code of c.states) fills[code] = { colour: SUMMARY_COLOURS[c.key] };
  return {
    title: t('images:summary.title', { label }),
    subtitle: s.theme
      ? t('images:summary.subtitleTheme', { theme, states: recommended.size, recommendations: s.theme.recommendations })
      : t('images:summary.subtitle', { states: tookFloor.size, recommendations: s.recommendations }),
    fills,
    otherStates: { colour: SUMMARY_COLOURS.absent },
    focus: s.review.stateCode,
    legend: categories.map((c) => ({ label: c.key === 'review' ? c.label : t('images:legendCount', { label: c.label, count: c.states.length }), colour: SUMMARY_COLOURS[c.key], outlined: c.key === 'review' })),
    footnote: t('images:map.footnote'),
  };
}

function chartOf({ s, label, t, theme, rows }: SummaryFacts): ChartSpec {
  return {
    title: t('images:chart.title', { label }),
    subtitle: s.theme ? t('images:chart.subtitleTheme', { theme }) : t('images:chart.subtitle'),
    rows,
    words: {
      tookFloor: t('images:chart.tookFloor'),
      supported: t('images:chart.supported'),
      noted: t('images:chart.noted'),
      pending: t('images:chart.pending'),
      bars: rows.map((r) => ({
        states: t('images:chart.states', { count: r.interventions }),
        recommendations: t('images:chart.recommendations', { count: r.supported + r.noted + r.pending }),
      })),
    },
  };
}

/** The words alone, for replies without pictures: the specs are not built. */
export function summaryTexts(s: SummaryResult, label: string, lang: Lang = 'en'): SummaryTexts {
  return textsOf(summaryFacts(s, label, lang));
}

export function summaryPictures(s: SummaryResult, label: string, lang: Lang = 'en'): SummaryPictures {
  const facts = summaryFacts(s, label, lang);
  return { ...textsOf(facts), map: mapOf(facts), chart: chartOf(facts) };
}

/**
 * States that took the floor, and recommendations by response, per UN regional group (named in
 * the language). A joint recommendation counts once in each group that one of its states belongs to.
 */
export function groupRows(tookFloor: string[], recs: SummaryResult['byRecommendation'], lang: Lang = 'en'): GroupRow[] {
  const t: T = translator(lang);
  const groupOf = (code: string): keyof typeof GROUP_KEY => getState(code)?.regionalGroup ?? OBSERVERS;
  const groups: Array<keyof typeof GROUP_KEY> = [...GROUP_ORDER, OBSERVERS];
  const rows = new Map<string, GroupRow>(groups.map((g) => [g, { label: t(`images:groups.${GROUP_KEY[g]}`), interventions: 0, supported: 0, noted: 0, pending: 0 }]));
  for (const code of new Set(tookFloor)) rows.get(groupOf(code))!.interventions++;
  for (const r of recs) for (const g of new Set(r.states.map(groupOf))) rows.get(g)![r.response]++;
  const observers = rows.get(OBSERVERS)!;
  const empty = observers.interventions + observers.supported + observers.noted + observers.pending === 0;
  return [...rows.values()].filter((r) => r !== observers || !empty);
}
