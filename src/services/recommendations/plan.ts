// What an import changes in one review, decided from values: rows with the same text become one
// recommendation carrying all their states; existing recommendations gain states, themes, a
// response, a paragraph or an action category. Nothing here touches the database.
import { dedupeKey, type Response } from './cells';
import type { ImportRow } from './parse-rows';

export interface ExistingRecommendation {
  id: number;
  dedupeKey: string;
  response: Response;
  paragraph: string | null;
  actionCategory: number | null;
  states: Set<string>;
  themes: Set<string>;
}

export interface NewRecommendation {
  key: string;
  text: string;
  paragraph: string | null;
  response: Response;
  actionCategory: number | null;
  states: Set<string>;
  themes: Set<string>;
}

export interface ReviewImportPlan {
  interventions: string[];
  created: NewRecommendation[];
  updates: Array<{ id: number; data: { response?: Response; paragraph?: string; actionCategory?: number } }>;
  /** New states and themes of existing recommendations. */
  states: Array<{ recommendationId: number; stateCode: string }>;
  themes: Array<{ recommendationId: number; theme: string }>;
  counts: { created: number; updated: number; unchanged: number; interventionsAdded: number };
}

export function planReviewImport(rows: readonly ImportRow[], existing: { interventions: Set<string>; recommendations: readonly ExistingRecommendation[] }): ReviewImportPlan {
  const interventions = new Set<string>();
  const byKey = new Map(existing.recommendations.map((r) => [r.dedupeKey, r]));
  const created = new Map<string, NewRecommendation>();
  const updates = new Map<number, ReviewImportPlan['updates'][number]['data']>();
  const states: ReviewImportPlan['states'] = [];
  const themes: ReviewImportPlan['themes'] = [];
  const touched = new Set<number>();
  const changed = new Set<number>();

  for (const row of rows) {
    for (const code of row.states) if (!existing.interventions.has(code)) interventions.add(code);
    if (!row.text) continue;
    const key = dedupeKey(row.text);
    const fresh = created.get(key);
    if (fresh) {
      row.states.forEach((s) => fresh.states.add(s));
      row.themes.forEach((t) => fresh.themes.add(t));
      if (row.response && row.response !== 'pending') fresh.response = row.response;
      if (row.paragraph) fresh.paragraph = row.paragraph;
      if (row.action) fresh.actionCategory = row.action;
      continue;
    }
    const rec = byKey.get(key);
    if (!rec) {
      created.set(key, { key, text: row.text, paragraph: row.paragraph ?? null, response: row.response ?? 'pending', actionCategory: row.action ?? null, states: new Set(row.states), themes: new Set(row.themes) });
      continue;
    }
    touched.add(rec.id);
    const data = updates.get(rec.id) ?? {};
    if (row.response && row.response !== 'pending' && row.response !== rec.response) data.response = rec.response = row.response;
    if (row.paragraph && row.paragraph !== rec.paragraph) data.paragraph = rec.paragraph = row.paragraph;
    if (row.action && row.action !== rec.actionCategory) data.actionCategory = rec.actionCategory = row.action;
    if (Object.keys(data).length) {
      updates.set(rec.id, data);
      changed.add(rec.id);
    }
    for (const code of row.states) {
      if (rec.states.has(code)) continue;
      rec.states.add(code);
      states.push({ recommendationId: rec.id, stateCode: code });
      changed.add(rec.id);
    }
    for (const theme of row.themes) {
      if (rec.themes.has(theme)) continue;
      rec.themes.add(theme);
      themes.push({ recommendationId: rec.id, theme });
      changed.add(rec.id);
    }
  }
  return {
    interventions: [...interventions],
    created: [...created.values()],
    updates: [...updates].map(([id, data]) => ({ id, data })),
    states,
    themes,
    counts: { created: created.size, updated: changed.size, unchanged: touched.size - changed.size, interventionsAdded: interventions.size },
  };
}
