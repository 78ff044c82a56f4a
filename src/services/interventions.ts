// Who took the floor in a review and what they recommended: add, remove, check, summary,
// outcome (the states a server wrote to), CSV import (UPR Info, OHCHR UHRI, the project's own
// export) and export.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Models } from '../db/client';
import { DomainError } from '../domain-error';
import { normalise, resolveState, stateName } from '../states';
import { FIELD_MAX_LENGTHS, requireState, text, type ServiceDeps } from './common';
import type { Review, ReviewsService } from './reviews';

export type Response = Models.RecommendationResponse;
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

export type RecommendationFull = Models.Recommendation & { states: { stateCode: string }[]; themes: { theme: string }[] };

export interface CheckResult {
  review: Review;
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

export interface CsvImportResult {
  review: Review;
  format: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  interventionsAdded: number;
  rejected: Array<{ line: number; reason: string }>;
}

export const MAX_CSV_ROWS = 5000;
export const MAX_CSV_BYTES = 5_000_000;
const BATCH = 100;

/** Theme slug: lower case, single spaces, UHRI codes ("A41 ") dropped. */
export function normaliseTheme(theme: string): string {
  return theme.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^[a-z]\d{1,2}(\.\d+)?\s+/, '').replace(/[.;,]+$/, '');
}

export function parseThemes(input: string | null | undefined): string[] {
  if (!input?.trim()) return [];
  const parts = input.includes(';') || input.includes('|') || input.includes('\n') ? input.split(/[;|\n]/) : input.split(',');
  const out = [...new Set(parts.map(normaliseTheme).filter(Boolean))];
  for (const t of out) if (t.length > FIELD_MAX_LENGTHS.theme) throw new DomainError('invalid', `The theme "${t.slice(0, 40)}…" is too long (at most ${FIELD_MAX_LENGTHS.theme} characters).`);
  if (out.length > FIELD_MAX_LENGTHS.themes) throw new DomainError('invalid', `At most ${FIELD_MAX_LENGTHS.themes} themes per recommendation (got ${out.length}).`);
  return out;
}

/** What makes two recommendations the same: their text, ignoring case, accents, punctuation. */
export function dedupeKey(recText: string): string {
  const n = normalise(recText);
  return createHash('sha256').update(n).digest('hex').slice(0, 40);
}

export function parseResponse(input: string | null | undefined): Response | undefined {
  const t = (input ?? '').trim().toLowerCase();
  if (!t || /^(pending|-|–|n\/?a|none|no response|not yet|awaiting)$/.test(t)) return 'pending';
  if (/not supported|noted|note|reject|toma nota|anotad/.test(t)) return 'noted';
  if (/support|accept|acept|apoya/.test(t)) return 'supported';
  return undefined;
}

const STOP = new Set(['that', 'this', 'with', 'from', 'their', 'they', 'them', 'have', 'into', 'including', 'ensure', 'take', 'measures', 'state', 'states', 'recommend', 'recommendation', 'urge', 'urges', 'call', 'calls', 'upon', 'shall', 'should', 'would', 'which', 'also', 'such', 'other', 'those', 'these', 'accordance', 'immediately', 'full', 'fully', 'country', 'belarus']);
const words = (s: string): string[] => normalise(s).split(' ').filter((w) => w.length >= 4 && !STOP.has(w)).map((w) => w.replace(/(ment|ing|ed|es|s)$/, ''));

/** Whether a recommendation asks what a letter asked: a shared theme named in the ask, or most of the ask's words. */
export function matchesAsk(ask: string, rec: { text: string; themes: { theme: string }[] }): boolean {
  const a = ` ${normalise(ask)} `;
  if (rec.themes.some(({ theme }) => theme && a.includes(` ${normalise(theme)} `))) return true;
  const askWords = [...new Set(words(ask))];
  if (!askWords.length) return false;
  const recWords = new Set(words(rec.text));
  return askWords.filter((w) => recWords.has(w)).length / askWords.length >= 0.5;
}

/** Recommending states: "Argentina, Chile", "Libya; Chile", "Korea, Republic of; Chile". */
export function parseStateList(input: string): { codes: string[]; error?: string } {
  const raw = input.trim();
  if (!raw) return { codes: [] };
  const parts = (raw.includes(';') || raw.includes('|') || raw.includes('\n') ? raw.split(/[;|\n]/) : raw.split(',')).map((p) => p.trim()).filter(Boolean);
  const codes: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    // "Korea, Republic of" / "Iran, Islamic Republic of" split by the comma: the joined form wins.
    const next = parts[i + 1];
    const joined = next !== undefined && !raw.includes(';') ? resolveState(`${parts[i]}, ${next}`) : undefined;
    if (joined?.ok) {
      codes.push(joined.state.code);
      i++;
      continue;
    }
    const one = resolveState(parts[i]!);
    if (!one.ok) return { codes, error: one.error };
    codes.push(one.state.code);
  }
  return { codes: [...new Set(codes)] };
}

// Header names (normalised) -> field. First match wins per field.
const HEADERS: Record<string, string[]> = {
  text: ['recommendation', 'recommendation text', 'text', 'recommendations', 'full text'],
  states: ['recommending states', 'recommending state', 'upr recommending states', 'recommending country', 'recommending countries', 'recommended by', 'from state', 'states'],
  sur: ['state under review', 'countries concerned', 'country concerned', 'sur', 'under review', 'reviewed state', 'state reviewed'],
  response: ['response', 'upr position', 'position', 'state response'],
  themes: ['themes', 'theme', 'issues', 'issue', 'topics', 'topic'],
  paragraph: ['paragraph', 'para', 'paragraph number', 'recommendation number', 'rec number'],
  action: ['action category', 'action', 'category'],
  session: ['session', 'upr session', 'wg session'],
};

const headerKey = (h: string): string => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

function detectDelimiter(csv: string): string {
  const first = csv.split(/\r?\n/, 1)[0] ?? '';
  const outside = first.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, outside.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

function sessionNumber(value: string): number | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const m = /^(\d{1,2})(?:st|nd|rd|th)?$/i.exec(v) ?? /(\d{1,2})(?:st|nd|rd|th)?\s+session/i.exec(v) ?? /session\s+(\d{1,2})\b/i.exec(v) ?? /WG\.6\/(\d{1,2})\b/i.exec(v);
  return m ? Number(m[1]) : undefined;
}

interface ParsedRow {
  line: number;
  text?: string;
  paragraph?: string;
  states: string[];
  response?: Response;
  themes: string[];
  action?: number;
}

const csvCell = (v: string): string => (/[",\n\r;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export class InterventionsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly reviews: ReviewsService,
  ) {}

  private get db() {
    return this.deps.db;
  }

  private async recommendations(guildId: string, reviewId: number): Promise<RecommendationFull[]> {
    return this.db.recommendation.findMany({
      where: { guildId, reviewId },
      include: { states: { select: { stateCode: true }, orderBy: { stateCode: 'asc' } }, themes: { select: { theme: true }, orderBy: { theme: 'asc' } } },
      orderBy: { id: 'asc' },
    });
  }

  /**
   * Records that a state took the floor, and optionally a recommendation it made (the same text
   * from several states becomes one recommendation carrying all of them).
   */
  async add(guildId: string, input: InterventionInput): Promise<{ review: Review; stateCode: string; interventionCreated: boolean; recommendation?: { id: number; created: boolean } }> {
    const review = await this.reviews.resolve(guildId, input.review);
    const state = requireState(input.state);
    const recText = text(input.recommendation, 'recommendation', FIELD_MAX_LENGTHS.recommendation);
    const themes = parseThemes(input.themes);
    const paragraph = text(input.paragraph, 'paragraph', FIELD_MAX_LENGTHS.paragraph, { oneLine: true });
    if (!recText && (themes.length || input.response || paragraph)) {
      throw new DomainError('invalid', 'Themes, response and paragraph belong to a recommendation: give the recommendation text too.');
    }
    if (state.code === review.stateCode) throw new DomainError('invalid', `${state.name} is the state under review; it does not intervene in its own review.`);
    return this.db.$transaction(async (tx) => {
      const existing = await tx.intervention.findFirst({ where: { guildId, reviewId: review.id, stateCode: state.code } });
      if (existing && !recText) {
        throw new DomainError('duplicate', `${state.name} is already recorded as intervening in this review. Add a recommendation to record what it recommended.`);
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
            throw new DomainError('duplicate', `${state.name} already has this recommendation in this review.`);
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
      return { review, stateCode: state.code, interventionCreated: !existing, recommendation };
    });
  }

  /** Removes a state's intervention and takes it off the review's recommendations (a recommendation left with no state goes too). */
  async remove(guildId: string, reviewRef: string, stateInput: string): Promise<{ review: Review; stateCode: string; recommendationsRemoved: number }> {
    const review = await this.reviews.resolve(guildId, reviewRef);
    const state = requireState(stateInput);
    return this.db.$transaction(async (tx) => {
      const existing = await tx.intervention.findFirst({ where: { guildId, reviewId: review.id, stateCode: state.code } });
      const recs = await tx.recommendation.findMany({ where: { guildId, reviewId: review.id, states: { some: { stateCode: state.code } } }, include: { states: true } });
      if (!existing && !recs.length) throw new DomainError('not_found', `${state.name} is not recorded as intervening in this review.`);
      if (existing) await tx.intervention.delete({ where: { id: existing.id } });
      let removed = 0;
      for (const rec of recs) {
        if (rec.states.length <= 1) {
          await tx.recommendation.delete({ where: { id: rec.id } });
          removed++;
        } else {
          await tx.recommendationState.delete({ where: { recommendationId_stateCode: { recommendationId: rec.id, stateCode: state.code } } });
        }
      }
      return { review, stateCode: state.code, recommendationsRemoved: removed };
    });
  }

  async check(guildId: string, reviewRef: string, stateInput: string): Promise<CheckResult> {
    const review = await this.reviews.resolve(guildId, reviewRef);
    const state = requireState(stateInput);
    const [intervention, recs] = await Promise.all([
      this.db.intervention.findFirst({ where: { guildId, reviewId: review.id, stateCode: state.code } }),
      this.recommendations(guildId, review.id),
    ]);
    const mine = recs.filter((r) => r.states.some((s) => s.stateCode === state.code));
    return { review, stateCode: state.code, intervened: Boolean(intervention) || mine.length > 0, recommendations: mine };
  }

  private async intervenedStates(guildId: string, reviewId: number, recs: RecommendationFull[]): Promise<string[]> {
    const rows = await this.db.intervention.findMany({ where: { guildId, reviewId }, select: { stateCode: true } });
    const set = new Set(rows.map((r) => r.stateCode));
    for (const r of recs) for (const s of r.states) set.add(s.stateCode);
    return sortByName([...set]);
  }

  async summary(guildId: string, reviewRef: string, themeQuery?: string | null): Promise<SummaryResult> {
    const review = await this.reviews.resolve(guildId, reviewRef);
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
    const result: SummaryResult = { review, states, recommendations: recs.length, byResponse, byTheme, byRecommendation };
    if (themeQuery?.trim()) {
      const q = normaliseTheme(themeQuery);
      let matched = byTheme.filter((t) => t.theme === q);
      if (!matched.length) matched = byTheme.filter((t) => t.theme.includes(q));
      if (!matched.length) {
        const known = byTheme.map((t) => t.theme).slice(0, 15);
        throw new DomainError('not_found', known.length ? `No recommendation in this review has the theme "${themeQuery.trim()}". Themes here: ${known.join(', ')}.` : `No recommendation in this review has a theme yet.`, known);
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
  async outcome(guildId: string, reviewRef: string): Promise<{ review: Review; rows: OutcomeRow[] }> {
    const review = await this.reviews.resolve(guildId, reviewRef);
    const [letters, recs] = await Promise.all([
      this.db.letter.findMany({ where: { guildId, reviewId: review.id, status: { not: 'cancelled' } }, orderBy: { deadlineAt: 'asc' } }),
      this.recommendations(guildId, review.id),
    ]);
    const intervened = new Set(await this.intervenedStates(guildId, review.id, recs));
    const byState = new Map<string, typeof letters>();
    for (const l of letters) byState.set(l.stateCode, [...(byState.get(l.stateCode) ?? []), l]);
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
    return { review, rows };
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

  /** Imports recommendations from a CSV export; idempotent; bad rows are reported, not imported. */
  async importCsv(guildId: string, reviewRef: string, csv: string, opts: { source?: string } = {}): Promise<CsvImportResult> {
    const review = await this.reviews.resolve(guildId, reviewRef);
    if (Buffer.byteLength(csv) > MAX_CSV_BYTES) throw new DomainError('invalid', `The file is too large (at most ${MAX_CSV_BYTES / 1_000_000} MB).`);
    if (!csv.trim()) throw new DomainError('invalid', 'The file is empty.');
    // One line ending: csv-parse counts a CRLF inside a quoted field as two lines, which would
    // shift the line numbers of every later row of a Windows export.
    const lf = csv.replace(/\r\n?/g, '\n');
    let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
    try {
      records = parse(lf, { bom: true, delimiter: detectDelimiter(lf.replace(/^\uFEFF/, '')), relax_column_count: true, skip_empty_lines: true, info: true, raw: true, trim: true }) as unknown as typeof records;
    } catch (err) {
      const e = err as { message?: string; lines?: number; code?: string; raw?: unknown };
      // An unclosed quote is only noticed at the end of the file: name the line where it opened.
      const unclosed = e.code === 'CSV_QUOTE_NOT_CLOSED' && typeof e.raw === 'string' && e.lines;
      const line = unclosed ? e.lines! - ((e.raw as string).replace(/\n$/, '').match(/\n/g) ?? []).length : e.lines;
      const reason = unclosed ? 'a quoted field opens here and is never closed' : (e.message ?? 'parse error').replace(/^.*?:\s*/, '');
      throw new DomainError('invalid', `The file is not valid CSV${line ? ` (line ${line})` : ''}: ${reason}. Nothing was imported.`);
    }
    const [header, ...body] = records;
    if (!header) throw new DomainError('invalid', 'The file is empty.');
    const keys = header.record.map(headerKey);
    const col: Record<string, number> = {};
    for (const [field, names] of Object.entries(HEADERS)) {
      for (const name of names) {
        const i = keys.indexOf(name);
        if (i >= 0 && !Object.values(col).includes(i)) {
          col[field] = i;
          break;
        }
      }
    }
    if (col.states === undefined) {
      // Own single-state exports and some tools call it "state"/"country" when there is no SuR column ambiguity.
      const i = keys.findIndex((k) => (k === 'state' || k === 'country') && !Object.values(col).includes(keys.indexOf(k)));
      if (i >= 0) col.states = i;
    }
    const missing = (['text', 'states'] as const).filter((f) => col[f] === undefined);
    if (missing.length) {
      const expect = missing.map((f) => `${f === 'text' ? 'the recommendation text' : 'the recommending states'} (a column named ${HEADERS[f]!.slice(0, 3).map((n) => `"${n}"`).join(' or ')})`);
      throw new DomainError('invalid', `The CSV has no column for ${expect.join(' and ')}. Columns found: ${header.record.slice(0, 12).join(', ') || 'none'}. Nothing was imported.`);
    }
    if (body.length > MAX_CSV_ROWS) throw new DomainError('invalid', `The file has ${body.length} rows; at most ${MAX_CSV_ROWS} per import. Split it.`);
    const format =
      keys.includes('recommending states') && keys.includes('themes') && keys.includes('source')
        ? 'UPR bot export'
        : keys.includes('upr position') || keys.includes('countries concerned') || keys.includes('document symbol')
          ? 'OHCHR UHRI'
          : keys.includes('action category') || keys.includes('issue') || keys.includes('issues')
            ? 'UPR Info'
            : 'CSV';
    const source = opts.source ?? format;

    const rejected: Array<{ line: number; reason: string }> = [];
    const rows: ParsedRow[] = [];
    for (const { record, info, raw } of body) {
      const line = info.lines - ((raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length);
      const cell = (f: string) => (col[f] !== undefined ? (record[col[f]!] ?? '').trim() : '');
      if (record.every((c) => !c.trim())) continue;
      const reject = (reason: string) => rejected.push({ line, reason });
      const recText = cell('text');
      if (recText.length > FIELD_MAX_LENGTHS.recommendation) {
        reject(`recommendation text too long (${recText.length} characters, at most ${FIELD_MAX_LENGTHS.recommendation})`);
        continue;
      }
      const sur = cell('sur');
      if (sur) {
        const r = resolveState(sur);
        if (!r.ok) {
          reject(`unknown state under review "${sur}"`);
          continue;
        }
        if (r.state.code !== review.stateCode) {
          reject(`the state under review is ${r.state.name}, not ${stateName(review.stateCode)}`);
          continue;
        }
      }
      const session = sessionNumber(cell('session'));
      if (session !== undefined && session !== review.session) {
        reject(`from WG session ${session}, not ${review.session}`);
        continue;
      }
      const statesCell = cell('states');
      if (!statesCell) {
        reject('no recommending state');
        continue;
      }
      const states = parseStateList(statesCell);
      if (states.error) {
        reject(`recommending state: ${states.error}`);
        continue;
      }
      if (states.codes.includes(review.stateCode)) {
        reject(`${stateName(review.stateCode)} cannot recommend to itself`);
        continue;
      }
      const responseCell = cell('response');
      const response = parseResponse(responseCell);
      if (!response) {
        reject(`unknown response "${responseCell}" (expected supported, noted or pending)`);
        continue;
      }
      let themes: string[];
      try {
        themes = parseThemes(cell('themes'));
      } catch (err) {
        reject((err as Error).message);
        continue;
      }
      const actionCell = cell('action');
      let action: number | undefined;
      if (actionCell) {
        const m = /^(?:category\s*)?([1-5])\b/i.exec(actionCell);
        if (!m) {
          reject(`action category "${actionCell}" is not 1-5`);
          continue;
        }
        action = Number(m[1]);
      }
      const paragraph = cell('paragraph').slice(0, FIELD_MAX_LENGTHS.paragraph) || undefined;
      if (!recText && (themes.length || paragraph)) {
        reject('themes or paragraph without recommendation text');
        continue;
      }
      rows.push({ line, text: recText || undefined, paragraph, states: states.codes, response: recText ? response : undefined, themes, action });
    }

    const result: CsvImportResult = { review, format, rows: body.length, created: 0, updated: 0, unchanged: 0, interventionsAdded: 0, rejected };
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await this.db.$transaction(
        async (tx) => {
          const interventions = new Set((await tx.intervention.findMany({ where: { guildId, reviewId: review.id }, select: { stateCode: true } })).map((x) => x.stateCode));
          const recs = new Map(
            (await tx.recommendation.findMany({ where: { guildId, reviewId: review.id }, include: { states: true, themes: true } })).map((r) => [
              r.dedupeKey,
              { id: r.id, response: r.response, paragraph: r.paragraph, action: r.actionCategory, states: new Set(r.states.map((s) => s.stateCode)), themes: new Set(r.themes.map((t) => t.theme)), fresh: false },
            ]),
          );
          const touched = new Set<number>();
          const changed = new Set<number>();
          for (const row of batch) {
            for (const code of row.states) {
              if (!interventions.has(code)) {
                await tx.intervention.create({ data: { guildId, reviewId: review.id, stateCode: code, source } });
                interventions.add(code);
                result.interventionsAdded++;
              }
            }
            if (!row.text) continue;
            const key = dedupeKey(row.text);
            let rec = recs.get(key);
            if (!rec) {
              const created = await tx.recommendation.create({
                data: { guildId, reviewId: review.id, text: row.text, paragraph: row.paragraph ?? null, response: row.response ?? 'pending', actionCategory: row.action ?? null, dedupeKey: key, source },
              });
              rec = { id: created.id, response: created.response, paragraph: created.paragraph, action: created.actionCategory, states: new Set(), themes: new Set(), fresh: true };
              recs.set(key, rec);
              result.created++;
            } else {
              const data: { response?: Response; paragraph?: string; actionCategory?: number } = {};
              if (row.response && row.response !== 'pending' && row.response !== rec.response) data.response = rec.response = row.response;
              if (row.paragraph && row.paragraph !== rec.paragraph) data.paragraph = rec.paragraph = row.paragraph;
              if (row.action && row.action !== rec.action) data.actionCategory = rec.action = row.action;
              if (Object.keys(data).length) {
                await tx.recommendation.update({ where: { id: rec.id }, data });
                changed.add(rec.id);
              }
            }
            touched.add(rec.id);
            for (const code of row.states) {
              if (rec.states.has(code)) continue;
              await tx.recommendationState.create({ data: { recommendationId: rec.id, stateCode: code } });
              rec.states.add(code);
              if (!rec.fresh) changed.add(rec.id);
            }
            for (const theme of row.themes) {
              if (rec.themes.has(theme)) continue;
              await tx.recommendationTheme.create({ data: { recommendationId: rec.id, theme } });
              rec.themes.add(theme);
              if (!rec.fresh) changed.add(rec.id);
            }
          }
          const fresh = new Set([...recs.values()].filter((r) => r.fresh).map((r) => r.id));
          for (const id of touched) {
            if (fresh.has(id)) continue;
            if (changed.has(id)) result.updated++;
            else result.unchanged++;
          }
          // A later batch sees these as existing.
          for (const r of recs.values()) r.fresh = false;
        },
        { timeout: 120_000 },
      );
    }
    return result;
  }

  /** The project's own CSV format (what importCsv reads back): one row per recommendation, plus intervention-only rows. */
  async exportCsv(guildId: string, reviewRef: string): Promise<{ review: Review; filename: string; csv: string; rows: number }> {
    const review = await this.reviews.resolve(guildId, reviewRef);
    const recs = await this.recommendations(guildId, review.id);
    const states = await this.intervenedStates(guildId, review.id, recs);
    const lines = [['State under review', 'Session', 'Paragraph', 'Recommendation', 'Recommending states', 'Response', 'Themes', 'Action category', 'Source'].join(',')];
    const recommending = new Set<string>();
    for (const r of recs) {
      r.states.forEach((s) => recommending.add(s.stateCode));
      lines.push(
        [stateName(review.stateCode), String(review.session), r.paragraph ?? '', r.text, r.states.map((s) => stateName(s.stateCode)).join('; '), r.response, r.themes.map((t) => t.theme).join('; '), r.actionCategory ? String(r.actionCategory) : '', r.source ?? '']
          .map(csvCell)
          .join(','),
      );
    }
    for (const code of states) {
      if (!recommending.has(code)) lines.push([stateName(review.stateCode), String(review.session), '', '', stateName(code), '', '', '', 'intervention'].map(csvCell).join(','));
    }
    const filename = `upr-${review.stateCode.toLowerCase()}-wg${review.session}-recommendations.csv`;
    return { review, filename, csv: `${lines.join('\n')}\n`, rows: lines.length - 1 };
  }
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });
export const sortByName = (codes: string[]): string[] => [...codes].sort((a, b) => collator.compare(stateName(a), stateName(b)));
