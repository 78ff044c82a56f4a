// The founding scenario: an NGO's letter to Argentina about Belarus's UPR on 3 Nov 2025.
import type { SummaryResult } from '../../src/services/interventions';
import { resolveState } from '../../src/states';

/** The 30 states that recommended the release of political prisoners, as the founding document names them. */
export const FOUNDING_RECOMMENDERS = [
  'Albania', 'Australia', 'Belgium', 'Canada', 'Cyprus', 'Czech Republic', 'Denmark', 'Estonia', 'Finland', 'France',
  'Germany', 'Greece', 'Ireland', 'Italy', 'Latvia', 'Liechtenstein', 'Lithuania', 'Luxembourg', 'Malta', 'Mexico',
  'Moldova', 'Netherlands', 'New Zealand', 'Norway', 'Poland', 'Romania', 'Slovenia', 'Sweden', 'Ukraine', 'the United Kingdom',
];

const code = (name: string) => {
  const r = resolveState(name);
  if (!r.ok) throw new Error(name);
  return r.state.code;
};
const RECOMMENDERS = FOUNDING_RECOMMENDERS.map(code).sort();
export const LABEL = 'Belarus — WG 50 — 3 Nov 2025';
const review = { id: 1, stateCode: 'BLR', session: 50, reviewAt: new Date('2025-11-03T08:00:00Z') } as SummaryResult['review'];

/** The summary the service gives for it (plus Switzerland, which took the floor on another theme). */
export const foundingSummary = (theme: boolean): SummaryResult => ({
  review,
  zone: 'Europe/Zurich',
  states: [...RECOMMENDERS, 'CHE'],
  recommendations: 2,
  byResponse: { supported: 0, noted: 1, pending: 1 },
  byTheme: [],
  byRecommendation: [
    { response: 'pending', states: RECOMMENDERS, themes: ['political prisoners'] },
    { response: 'noted', states: ['CHE', 'FRA'], themes: ['death penalty'] },
  ],
  ...(theme ? { theme: { query: 'political prisoners', themes: ['political prisoners'], states: RECOMMENDERS, recommendations: 1 } } : {}),
});

