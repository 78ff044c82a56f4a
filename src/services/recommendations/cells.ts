// Cell values of the recommendation exports -> typed values: state lists, responses, themes,
// action categories, sessions, dates. Pure functions; each format's table says which to apply.
import { createHash } from 'node:crypto';
import { calendarSessions } from '../../calendar/cycle4';
import { DomainError, msg, type Message } from '../../domain-error';
import { normalise, resolveState, type ResolveResult } from '../../states';
import { FIELD_MAX_LENGTHS } from '../common';
import type { Split } from './formats';
import { excelSerialDay } from './read-table';
import type { Models } from '../../db/client';

export type Response = Models.RecommendationResponse;

/** Theme slug: lower case, single spaces, UHRI codes ("A41 ") dropped. */
export function normaliseTheme(theme: string): string {
  return theme.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^[a-z]\d{1,2}(\.\d+)?\s+/, '').replace(/[.;,]+$/, '');
}

/** Splits a cell holding several values; "- " prefixes and "parent::child" nesting are undone. */
export function splitValues(cell: string, split: Split, opts: { dashPrefix?: boolean; nested?: boolean } = {}): string[] {
  const raw = cell.trim();
  if (!raw) return [];
  let parts: string[];
  switch (split) {
    case 'one':
      parts = [raw];
      break;
    case 'comma':
      parts = raw.split(',');
      break;
    case 'semicolon':
      parts = raw.split(';');
      break;
    case 'pipe':
      parts = raw.split('|');
      break;
    case 'newline':
      parts = raw.split(/\r\n|\r|\n/);
      break;
    case 'auto':
      parts = /[;|\n]/.test(raw) ? raw.split(/[;|\n]/) : raw.split(',');
  }
  return parts
    .map((p) => (opts.dashPrefix ? p.trim().replace(/^[-–•]\s*/, '') : p.trim()))
    .map((p) => (opts.nested && p.includes('::') ? p.slice(p.lastIndexOf('::') + 2).trim() : p))
    .filter(Boolean);
}

export function parseThemes(input: string | null | undefined, split: Split = 'auto', opts: { dashPrefix?: boolean; nested?: boolean } = {}): string[] {
  const out = [...new Set(splitValues(input ?? '', split, opts).map(normaliseTheme).filter(Boolean))];
  for (const t of out) if (t.length > FIELD_MAX_LENGTHS.theme) throw new DomainError('invalid', msg('intervention:theme.tooLong', { start: t.slice(0, 40), max: FIELD_MAX_LENGTHS.theme }));
  if (out.length > FIELD_MAX_LENGTHS.themes) throw new DomainError('invalid', msg('intervention:theme.tooMany', { max: FIELD_MAX_LENGTHS.themes, got: out.length }));
  return out;
}

/** What makes two recommendations the same: their text, ignoring case, accents, punctuation. */
export function dedupeKey(recText: string): string {
  return createHash('sha256').update(normalise(recText)).digest('hex').slice(0, 40);
}

/**
 * A response as exports and people write it, in English or Spanish: "Supported", "Accepted",
 * "apoyada", "apoyó" -> supported; "Noted", "not supported", "anotada", "se tomó nota", "no
 * apoyada" -> noted; empty, "pending", "pendiente" -> pending.
 */
export function parseResponse(input: string | null | undefined): Response | undefined {
  const t = (input ?? '').trim().replace(/^[-–]\s+/, '').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  if (!t || /^(pending|-|–|n\/?a|none|no response|not yet|awaiting|pendiente|sin respuesta|en espera)$/.test(t)) return 'pending';
  if (/not (support|accept)|noted|note|reject|\bnota\b|anotad|no (apoy|acept)|rechaz/.test(t)) return 'noted';
  if (/support|accept|acept|apoy/.test(t)) return 'supported';
  return undefined;
}

/** UPR Info's action category: "5", "Category 5", "5 - Specific action". */
export function parseAction(cell: string): number | undefined | null {
  const v = cell.trim();
  if (!v) return undefined;
  const m = /^(?:category\s*)?([1-5])\b/i.exec(v);
  return m ? Number(m[1]) : null;
}

/** WG session number: "50", "50th session", "Session 50", "A/HRC/WG.6/50/…". */
export function sessionNumber(value: string): number | undefined {
  const v = value.trim().replace(/^[-–]\s+/, '');
  if (!v) return undefined;
  const m =
    /^(\d{1,2})(?:st|nd|rd|th)?$/i.exec(v) ??
    /(\d{1,2})(?:st|nd|rd|th)?\s+session/i.exec(v) ??
    /session\s+(\d{1,2})\b/i.exec(v) ??
    /WG\.6\/(\d{1,2})\b/i.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** A day from "2026-01-01", an Excel serial number ("46023") or a Date text. */
export function parseDay(value: string): string | undefined {
  const v = value.trim().replace(/^[-–]\s+/, '');
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  if (/^\d{5}(\.\d+)?$/.test(v)) return excelSerialDay(Number(v));
  return undefined;
}

/** The WG session whose report a document published on this day belongs to: the last one ended before it. */
export function sessionBefore(isoDay: string): number | undefined {
  let found: number | undefined;
  for (const s of calendarSessions) if (s.end && s.end < isoDay) found = s.session;
  return found;
}

/** Why a cell does not name one state, in the reader's words (with the states it could mean). */
export function stateProblem(value: string, r: Extract<ResolveResult, { ok: false }>): Message {
  const codes = r.suggestions.map((s) => s.code);
  if (r.reason === 'empty') return msg('intervention:state.empty');
  if (r.reason === 'ambiguous') return msg('intervention:state.ambiguous', { value: value.trim(), codes });
  return codes.length ? msg('intervention:state.unknownSuggest', { value: value.trim(), codes }) : msg('intervention:state.unknown', { value: value.trim() });
}

/**
 * Recommending states in one cell. "Korea, Republic of" and "Iran, Islamic Republic of" split at
 * their comma are joined back. `resolve` caches lookups across a file.
 */
export function parseStateList(input: string, split: Split = 'auto', opts: { dashPrefix?: boolean; resolve?: (s: string) => ResolveResult } = {}): { codes: string[]; problem?: Message } {
  const resolve = opts.resolve ?? resolveState;
  const parts = splitValues(input, split, opts);
  const commaSplit = split === 'comma' || (split === 'auto' && !/[;|\n]/.test(input));
  const codes: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const next = parts[i + 1];
    const joined = next !== undefined && commaSplit ? resolve(`${parts[i]}, ${next}`) : undefined;
    if (joined?.ok) {
      codes.push(joined.state.code);
      i++;
      continue;
    }
    const one = resolve(parts[i]!);
    if (!one.ok) return { codes, problem: stateProblem(parts[i]!, one) };
    codes.push(one.state.code);
  }
  return { codes: [...new Set(codes)] };
}

/** A cell this bot wrote as text so spreadsheets would not run it ("'=..."): the text back. */
export const unguardFormula = (v: string): string => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
