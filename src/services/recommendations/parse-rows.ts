// A recognised table -> import rows: each field decoded as its format says, bad rows set aside
// with the reason. Works in slices that yield, so a 5,000-row file never blocks the process.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { isDomainError, msg, type Text } from '../../domain-error';
import { resolveState, type ResolveResult } from '../../states';
import { FIELD_MAX_LENGTHS } from '../common';
import { parseAction, parseDay, parseResponse, parseStateList, parseThemes, sessionBefore, sessionNumber, stateProblem, unguardFormula, type Response } from './cells';
import type { Field, Recognised } from './formats';
import type { Table } from './read-table';

export interface ImportRow {
  line: number;
  /** State under review (alpha-3) and WG session, where the file says. */
  sur?: string;
  session?: number;
  text?: string;
  paragraph?: string;
  states: string[];
  response?: Response;
  themes: string[];
  action?: number;
}

export interface Rejected {
  line: number;
  /** Why, as a catalog message the reply translates. */
  reason: Text;
}

const SLICE = 250;

export async function parseRows(table: Table, { format, col }: Recognised): Promise<{ rows: ImportRow[]; rejected: Rejected[] }> {
  const cache = new Map<string, ResolveResult>();
  const resolve = (s: string): ResolveResult => {
    let r = cache.get(s);
    if (!r) cache.set(s, (r = resolveState(s)));
    return r;
  };
  const rows: ImportRow[] = [];
  const rejected: Rejected[] = [];
  const opts = { dashPrefix: format.dashPrefix, nested: format.nested };
  for (let i = 0; i < table.rows.length; i++) {
    if (i % SLICE === SLICE - 1) await yieldToLoop();
    const { line, cells } = table.rows[i]!;
    const cell = (f: Field): string => {
      const v = col[f] !== undefined ? (cells[col[f]!] ?? '').trim() : '';
      return format.formulaGuard ? unguardFormula(v) : v;
    };
    const reject = (reason: Text) => rejected.push({ line, reason });

    const recText = cell('text').replace(/^[-–]\s+/, format.dashPrefix ? '' : '$&');
    if (recText.length > FIELD_MAX_LENGTHS.recommendation) {
      reject(msg('intervention:reject.textTooLong', { length: recText.length, max: FIELD_MAX_LENGTHS.recommendation }));
      continue;
    }
    let sur: string | undefined;
    const surCell = cell('sur').replace(/^[-–]\s+/, '').split(/\r\n|\r|\n/)[0]!.trim();
    if (surCell) {
      const r = resolve(surCell);
      if (!r.ok) {
        reject(msg('intervention:reject.sur', { problem: stateProblem(surCell, r) }));
        continue;
      }
      sur = r.state.code;
    }
    const sessionCell = cell('session');
    let session = sessionNumber(sessionCell);
    if (sessionCell && session === undefined) {
      reject(msg('intervention:reject.session', { value: sessionCell.slice(0, 40) }));
      continue;
    }
    if (session === undefined) {
      const day = parseDay(cell('published'));
      if (day) session = sessionBefore(day);
    }
    const statesCell = cell('states');
    if (!statesCell) {
      reject(msg('intervention:reject.noStates'));
      continue;
    }
    const states = parseStateList(statesCell, format.states, { ...opts, resolve });
    if (states.problem) {
      reject(msg('intervention:reject.states', { problem: states.problem }));
      continue;
    }
    if (sur && states.codes.includes(sur)) {
      reject(msg('intervention:reject.self', { code: sur }));
      continue;
    }
    const responseCell = cell('response');
    const response = parseResponse(responseCell);
    if (!response) {
      reject(msg('intervention:reject.response', { value: responseCell.slice(0, 40) }));
      continue;
    }
    let themes: string[];
    try {
      themes = parseThemes(cell('themes'), format.themes, opts);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reject(err.text);
      continue;
    }
    const action = parseAction(cell('action'));
    if (action === null) {
      reject(msg('intervention:reject.action', { value: cell('action').slice(0, 40) }));
      continue;
    }
    const paragraph = cell('paragraph').slice(0, FIELD_MAX_LENGTHS.paragraph) || undefined;
    if (!recText && (themes.length || paragraph)) {
      reject(msg('intervention:reject.themesWithoutText'));
      continue;
    }
    rows.push({ line, sur, session, text: recText || undefined, paragraph, states: states.codes, response: recText ? response : undefined, themes, action });
  }
  return { rows, rejected };
}
