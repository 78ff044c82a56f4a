// Who took the floor in a review and what they recommended: add, remove, check, summary,
// outcome (the states a server wrote to); import and export are delegated to ./recommendations.
import { DomainError, msg } from '../domain-error';
import { stateName } from '../states';
import { FIELD_MAX_LENGTHS, requireState, text, type ServiceDeps } from './common';
import { askMatcher } from './recommendations/ask-matching';
import { dedupeKey, normaliseTheme, parseThemes, type Response } from './recommendations/cells';
import { recommendationsCsv } from './recommendations/csv-export';
import { importRecommendations, type ImportFile, type ImportResult } from './recommendations/importer';
import { loadRecommendations, type RecommendationFull } from './recommendations/store';
import type { Review, ReviewsService } from './reviews';
import type { SettingsService } from './settings';

export type { Response, RecommendationFull, ImportFile, ImportResult };
export const RESPONSES = ['supported', 'noted', 'pending'] as const satisfies readonly Response[];

export interface InterventionInput {
  review: string;
  state: string;
  recommendation?: string | null;
  /** "political prisoners, freedom of expression" */
  themes?: string | null;
  response?: Response | null;
  paragraph?: string | null;
  source?: string | null;
}


export interface CheckResult {
  review: Review;
  /** The server's time zone, to show the review's dates in. */
  zone: string;
  stateCode: string;
  intervened: boolean;
  recommendations: RecommendationFull[];
}

export interface ThemeCount {
  theme: string;
  recommendations: number;
  states: string[];
}

export interface SummaryResult {
  review: Review;
  /** The server's time zone, to show the review's dates in. */
  zone: string;
  states: string[];
  recommendations: number;
  byResponse: Record<Response, number>;
  byTheme: ThemeCount[];
  /** Each recommendation's response, recommending states and themes (for the maps and charts). */
  byRecommendation: Array<{ response: Response; states: string[]; themes: string[] }>;
  /** With a theme: which themes matched, which states recommended on them. */
  theme?: { query: string; themes: string[]; states: string[]; recommendations: number };
}

export interface OutcomeRow {
  stateCode: string;
  letters: Array<{ id: number; status: string; sentAt: Date | null; deadlineAt: Date; ask: string | null }>;
  sent: boolean;
  intervened: boolean;
  /** null when no letter recorded an ask. */
  recommendedAsk: boolean | null;
  matching: RecommendationFull[];
}

export class InterventionsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly reviews: ReviewsService,
    private readonly settings: SettingsService,
  ) {}

  private get db() {
    return this.deps.db;
  }

  /** The review a command names, and the server's zone its dates are shown in. */
  private async reviewAndZone(guildId: string, reviewRef: string): Promise<{ review: Review; zone: string }> {
    const [review, zone] = await Promise.all([this.reviews.resolve(guildId, reviewRef), this.settings.timezone(guildId)]);
    return { review, zone };
  }

  private recommendations(guildId: string, reviewId: number): Promise<RecommendationFull[]> {
    return loadRecommendations(this.db, guildId, reviewId);
  }

  /**
   * Records that a state took the floor, and optionally a recommendation it made (the same text
   * from several states becomes one recommendation carrying all of them).
   */
  async add(guildId: string, input: InterventionInput): Promise<{ review: Review; zone: string; stateCode: string; interventionCreated: boolean; recommendation?: { id: number; created: boolean } }> {
    const { review, zone } = await this.reviewAndZone(guildId, input.review);
    const state = requireState(input.state);
    const recText = text(input.recommendation, 'recommendation', FIELD_MAX_LENGTHS.recommendation);
    const themes = parseThemes(input.themes);
    const paragraph = text(input.paragraph, 'paragraph', FIELD_MAX_LENGTHS.paragraph, { oneLine: true });
    if (!recText && (themes.length || input.response || paragraph)) {
      throw new DomainError('invalid', msg('intervention:error.needsText'));
    }
    if (state.code === review.stateCode) throw new DomainError('invalid', msg('intervention:error.ownReview', { code: state.code }));
    return this.db.$transaction(async (tx) => {
      const existing = await tx.intervention.findFirst({ where: { guildId, reviewId: review.id, stateCode: state.code } });
      if (existing && !recText) {
        throw new DomainError('duplicate', msg('intervention:error.alreadyIntervening', { code: state.code }));
      }
      if (!existing) await tx.intervention.create({ data: { guildId, reviewId: review.id, stateCode: state.code, source: input.source ?? 'manual' } });
      let recommendation: { id: number; created: boolean } | undefined;
      if (recText) {
        const key = dedupeKey(recText);
        let rec = await tx.recommendation.findFirst({ where: { guildId, reviewId: review.id, dedupeKey: key }, include: { states: true } });
        const created = !rec;
        if (!rec) {
          rec = await tx.recommendation.create({
            data: { guildId, reviewId: review.id, text: recText, paragraph: paragraph ?? null, response: input.response ?? 'pending', dedupeKey: key, source: input.source ?? 'manual' },
            include: { states: true },
          });
        } else {
          if (rec.states.some((s) => s.stateCode === state.code) && !input.response && !paragraph && !themes.length) {
            throw new DomainError('duplicate', msg('intervention:error.alreadyRecommended', { code: state.code }));
          }
          const data: { response?: Response; paragraph?: string } = {};
          if (input.response) data.response = input.response;
          if (paragraph) data.paragraph = paragraph;
          if (Object.keys(data).length) await tx.recommendation.update({ where: { id: rec.id }, data });
        }
        if (!rec.states.some((s) => s.stateCode === state.code)) await tx.recommendationState.create({ data: { recommendationId: rec.id, stateCode: state.code } });
        const have = new Set((await tx.recommendationTheme.findMany({ where: { recommendationId: rec.id } })).map((t) => t.theme));
        for (const theme of themes) if (!have.has(theme)) await tx.recommendationTheme.create({ data: { recommendationId: rec.id, theme } });
        recommendation = { id: rec.id, created };
      }
      return { review, zone, stateCode: state.code, interventionCreated: !existing, recommendation };
    });
  }

  /** Removes a state's intervention and takes it off the review's recommendations (a recommendation left with no state goes too). */
  async remove(guildId: string, reviewRef: string, stateInput: string): Promise<{ review: Review; zone: string; stateCode: string; recommendationsRemoved: number }> {
    const { review, zone } = await this.reviewAndZone(guildId, reviewRef);
    const state = requireState(stateInput);
    return this.db.$transaction(async (tx) => {
      const existing = await tx.intervention.findFirst({ where: { guildId, reviewId: review.id, stateCode: state.code } });
      const inReview = { recommendation: { guildId, reviewId: review.id } };
      const mine = await tx.recommendationState.count({ where: { ...inReview, stateCode: state.code } });
      if (!existing && !mine) throw new DomainError('not_found', msg('intervention:error.notIntervening', { code: state.code }));
      if (existing) await tx.intervention.delete({ where: { id: existing.id } });
      // Recommendations only this state made go; the others lose it. Filters, not id lists, so
      // a review of any size stays within the engines' parameter limits.
      const { count: removed } = await tx.recommendation.deleteMany({
        where: { guildId, reviewId: review.id, states: { some: { stateCode: state.code }, every: { stateCode: state.code } } },
      });
      await tx.recommendationState.deleteMany({ where: { ...inReview, stateCode: state.code } });
      return { review, zone, stateCode: state.code, recommendationsRemoved: removed };
    });
  }

  async check(guildId: string, reviewRef: string, stateInput: string): Promise<CheckResult> {
    const { review, zone } = await this.reviewAndZone(guildId, reviewRef);
    const state = requireState(stateInput);
    const [intervention, recs] = await Promise.all([
      this.db.intervention.findFirst({ where: { guildId, reviewId: review.id, stateCode: state.code } }),
      this.recommendations(guildId, review.id),
    ]);
    const mine = recs.filter((r) => r.states.some((s) => s.stateCode === state.code));
    return { review, zone, stateCode: state.code, intervened: Boolean(intervention) || mine.length > 0, recommendations: mine };
  }

  private async intervenedStates(guildId: string, reviewId: number, recs: RecommendationFull[]): Promise<string[]> {
    const rows = await this.db.intervention.findMany({ where: { guildId, reviewId }, select: { stateCode: true } });
    const set = new Set(rows.map((r) => r.stateCode));
    for (const r of recs) for (const s of r.states) set.add(s.stateCode);
    return sortByName([...set]);
  }

  async summary(guildId: string, reviewRef: string, themeQuery?: string | null): Promise<SummaryResult> {
    const { review, zone } = await this.reviewAndZone(guildId, reviewRef);
    const recs = await this.recommendations(guildId, review.id);
    const states = await this.intervenedStates(guildId, review.id, recs);
    const byResponse: Record<Response, number> = { supported: 0, noted: 0, pending: 0 };
    const themes = new Map<string, { recs: number; states: Set<string> }>();
    for (const r of recs) {
      byResponse[r.response]++;
      for (const { theme } of r.themes) {
        const t = themes.get(theme) ?? { recs: 0, states: new Set<string>() };
        t.recs++;
        r.states.forEach((s) => t.states.add(s.stateCode));
        themes.set(theme, t);
      }
    }
    const byTheme = [...themes.entries()]
      .map(([theme, t]) => ({ theme, recommendations: t.recs, states: sortByName([...t.states]) }))
      .sort((a, b) => b.states.length - a.states.length || a.theme.localeCompare(b.theme));
    const byRecommendation = recs.map((r) => ({ response: r.response, states: r.states.map((x) => x.stateCode), themes: r.themes.map((t) => t.theme) }));
    const result: SummaryResult = { review, zone, states, recommendations: recs.length, byResponse, byTheme, byRecommendation };
    if (themeQuery?.trim()) {
      const q = normaliseTheme(themeQuery);
      let matched = byTheme.filter((t) => t.theme === q);
      if (!matched.length) matched = byTheme.filter((t) => t.theme.includes(q));
      if (!matched.length) {
        const known = byTheme.map((t) => t.theme).slice(0, 15);
        // Themes are the users' own words, in whatever language they were recorded: listed as they are.
        throw new DomainError('not_found', known.length ? msg('intervention:error.unknownTheme', { theme: themeQuery.trim(), themes: known.join(', ') }) : msg('intervention:error.noThemes'), known);
      }
      const names = new Set(matched.map((t) => t.theme));
      const themed = recs.filter((r) => r.themes.some((t) => names.has(t.theme)));
      const themeStates = new Set<string>();
      themed.forEach((r) => r.states.forEach((s) => themeStates.add(s.stateCode)));
      result.theme = { query: themeQuery.trim(), themes: [...names], states: sortByName([...themeStates]), recommendations: themed.length };
    }
    return result;
  }

  /** The states this server wrote to about the review: letter sent or not, intervened or not, recommended the ask or not. */
  async outcome(guildId: string, reviewRef: string): Promise<{ review: Review; zone: string; rows: OutcomeRow[] }> {
    const { review, zone } = await this.reviewAndZone(guildId, reviewRef);
    const [letters, recs] = await Promise.all([
      this.db.letter.findMany({ where: { guildId, reviewId: review.id, status: { not: 'cancelled' } }, orderBy: { deadlineAt: 'asc' } }),
      this.recommendations(guildId, review.id),
    ]);
    const intervened = new Set(await this.intervenedStates(guildId, review.id, recs));
    const byState = new Map<string, typeof letters>();
    for (const l of letters) byState.set(l.stateCode, [...(byState.get(l.stateCode) ?? []), l]);
    const matchesAsk = askMatcher(review.stateCode);
    const rows: OutcomeRow[] = [];
    for (const code of sortByName([...byState.keys()])) {
      const ls = byState.get(code)!;
      const asks = ls.map((l) => l.ask).filter((a): a is string => Boolean(a));
      const mine = recs.filter((r) => r.states.some((s) => s.stateCode === code));
      const matching = mine.filter((r) => asks.some((a) => matchesAsk(a, r)));
      rows.push({
        stateCode: code,
        letters: ls.map((l) => ({ id: l.id, status: l.status, sentAt: l.sentAt, deadlineAt: l.deadlineAt, ask: l.ask })),
        sent: ls.some((l) => l.status === 'sent'),
        intervened: intervened.has(code),
        recommendedAsk: asks.length ? matching.length > 0 : null,
        matching,
      });
    }
    return { review, zone, rows };
  }

  /** Themes used in this server (optionally in one review), for autocomplete. */
  async themes(guildId: string, typed: string, reviewId?: number): Promise<string[]> {
    const rows = await this.db.recommendationTheme.findMany({
      where: { recommendation: { guildId, ...(reviewId ? { reviewId } : {}) } },
      select: { theme: true },
      distinct: ['theme'],
    });
    const q = normaliseTheme(typed);
    return rows
      .map((r) => r.theme)
      .filter((t) => !q || t.includes(q))
      .sort((a, b) => Number(!a.startsWith(q)) - Number(!b.startsWith(q)) || a.localeCompare(b))
      .slice(0, 25);
  }

  /** Imports a UPR Info, OHCHR UHRI or own export into one review, or (review null) into each row's review. */
  async importFile(guildId: string, reviewRef: string | null, file: ImportFile, opts: { source?: string } = {}): Promise<ImportResult & { zone: string }> {
    const [review, zone] = await Promise.all([reviewRef ? this.reviews.resolve(guildId, reviewRef) : null, this.settings.timezone(guildId)]);
    return { ...(await importRecommendations(this.db, guildId, review, file, opts)), zone };
  }

  /** The project's own CSV format (what importFile reads back): one row per recommendation, plus intervention-only rows. */
  async exportCsv(guildId: string, reviewRef: string): Promise<{ review: Review; zone: string; filename: string; csv: string; rows: number }> {
    const { review, zone } = await this.reviewAndZone(guildId, reviewRef);
    const recs = await this.recommendations(guildId, review.id);
    const states = await this.intervenedStates(guildId, review.id, recs);
    const recommending = new Set(recs.flatMap((r) => r.states.map((s) => s.stateCode)));
    return { review, zone, ...recommendationsCsv(review, recs, states.filter((c) => !recommending.has(c))) };
  }
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });
export const sortByName = (codes: string[]): string[] => [...codes].sort((a, b) => collator.compare(stateName(a), stateName(b)));
