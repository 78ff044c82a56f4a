// Shared pieces of the services: dependencies, text fields and their lengths, state resolution, re-planning reminders.
import { currentUnit } from '../audit/unit';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { ConstraintViolation, reportConstraints } from '../db/errors';
import { DomainError, msg, type NextStep, type Text } from '../domain-error';
import type { Logger } from '../logging/logger';
import type { ReminderPlanner } from '../reminders/planner';
import { resolveState, type State } from '../states';
import { hasLineBreak, stripInvisible } from '../text/clean';

/** The planner methods the services call (`ReminderPlanner`). */
export type ReminderHooks = Pick<ReminderPlanner, 'replanReview' | 'replanLetter' | 'cancelItem' | 'replanGuild'>;

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: { defaultTimezone: string };
  logger: Logger;
  reminders: ReminderHooks;
  /** Told (after the commit) that a server's reviews changed; the composition root wires it. */
  reviewsChanged?: (guildId: string) => void;
}

/** The longest text each field stores, in characters. */
export const FIELD_MAX_LENGTHS = {
  notes: 1000,
  ask: 1000,
  recipient: 200,
  recommendation: 2000,
  theme: 80,
  themes: 10,
  paragraph: 20,
} as const;

/** The text fields users type, each named in the catalogs (`common:field.name.<field>`). */
export type TextField = 'notes' | 'ask' | 'recipient' | 'recommendation' | 'paragraph';

/**
 * Trims and removes invisible and direction-changing characters; empty becomes undefined; over
 * the limit is refused with the field's name, and so is a line break in a one-line field.
 */
export function text(value: string | null | undefined, field: TextField, max: number, opts: { oneLine?: boolean } = {}): string | undefined {
  if (value == null) return undefined;
  const t = stripInvisible(value).trim();
  if (!t) return undefined;
  const name = msg(`common:field.name.${field}`);
  if (opts.oneLine && hasLineBreak(t)) throw new DomainError('invalid', msg('common:field.oneLine', { field: name }));
  if (t.length > max) throw new DomainError('invalid', msg('common:field.tooLong', { field: name, length: t.length, max }));
  return t;
}

/**
 * Runs a database write and says what a constraint failure means for the row at hand:
 * `duplicate` (e.g. "Belarus is already tracked in WG session 50") and `missing` are the
 * caller's words; the defaults fit any row.
 */
export async function translateDbErrors<T>(work: () => Promise<T>, messages: { duplicate?: Text; duplicateNext?: NextStep; missing?: Text } = {}): Promise<T> {
  try {
    return await reportConstraints(work);
  } catch (err) {
    if (err instanceof ConstraintViolation) {
      if (err.kind === 'duplicate') throw new DomainError('duplicate', messages.duplicate ?? msg('common:db.duplicate'), [], messages.duplicateNext);
      if (err.kind === 'missing') throw new DomainError('not_found', messages.missing ?? msg('common:db.missing'));
      throw new DomainError('invalid', msg('common:db.badReference'));
    }
    throw err;
  }
}

/** Why a typed state was not one state, in the reader's words: the codes of the states it could be. */
function stateProblem(typed: string, r: { reason: 'empty' | 'ambiguous' | 'unknown'; suggestions: readonly State[] }) {
  const codes = r.suggestions.map((s) => s.code);
  if (r.reason === 'empty') return msg('common:state.empty');
  if (r.reason === 'ambiguous') return msg('common:state.ambiguous', { typed, codes });
  return codes.length ? msg('common:state.unknownSuggest', { typed, codes }) : msg('common:state.unknown', { typed });
}

/** One state from what a user typed; `option` names the option it came from when it is not the state itself. */
export function requireState(input: string, option?: 'to'): State {
  const r = resolveState(input);
  if (r.ok) return r.state;
  const problem = stateProblem(input.trim(), r);
  throw new DomainError('invalid', option ? msg('common:state.inOption', { option: msg(`common:state.option.${option}`), problem }) : problem, r.suggestions.map((s) => s.name));
}

/**
 * Calls the reminder planner after a change that is already committed. A planner failure must
 * not undo or hide the change the user made, so it is logged; the planner can re-plan the guild.
 */
export async function replanAfterCommit(deps: ServiceDeps, what: string, work: (r: ReminderHooks) => Promise<void>): Promise<void> {
  // Inside a change (an audited unit of work) the commit comes later: plan after it.
  const unit = currentUnit();
  if (unit) {
    unit.afterCommit.push(() => replanAfterCommit(deps, what, work));
    return;
  }
  try {
    await work(deps.reminders);
  } catch (err) {
    deps.logger.error({ err, what }, 'reminder planning failed after a change');
  }
}

/**
 * Reports a change to a server's reviews to whoever mirrors them, once it is committed (inside a
 * change, after its commit: a mirror reading earlier would see the reviews as they were); never
 * fails the change.
 */
export function reviewsChanged(deps: ServiceDeps, guildId: string): void {
  const unit = currentUnit();
  if (unit) {
    unit.afterCommit.push(async () => reviewsChanged(deps, guildId));
    return;
  }
  try {
    deps.reviewsChanged?.(guildId);
  } catch (err) {
    deps.logger.error({ err, guildId }, 'review change listener failed');
  }
}

/** "a,b" <-> Set, for Review.userEditedFields. */
export const editedSet = (s: string | null | undefined): Set<string> => new Set((s ?? '').split(',').map((x) => x.trim()).filter(Boolean));
export const editedString = (set: Set<string>): string | null => (set.size ? [...set].sort().join(',') : null);
