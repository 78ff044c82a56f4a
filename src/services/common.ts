// Shared pieces of the services: dependencies, text fields and their lengths, state resolution, reminder hooks.
import { currentUnit } from '../audit/unit';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { ConstraintViolation, reportConstraints } from '../db/errors';
import { DomainError, type NextStep } from '../domain-error';
import type { Logger } from '../logging/logger';
import type { ReminderPlanner } from '../reminders/planner';
import { resolveState, type State } from '../states';
import { hasLineBreak, stripInvisible } from '../text/clean';

/** The planner's methods the services call (the reminders engineer's `ReminderPlanner`). */
export type ReminderHooks = Pick<ReminderPlanner, 'replanReview' | 'replanLetter' | 'cancelItem' | 'replanGuild'>;

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: { defaultTimezone: string };
  logger: Logger;
  reminders: ReminderHooks;
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

/**
 * Trims and removes invisible and direction-changing characters; empty becomes undefined; over
 * the limit is refused with the field's name, and so is a line break in a one-line field.
 */
export function text(value: string | null | undefined, field: string, max: number, opts: { oneLine?: boolean } = {}): string | undefined {
  if (value == null) return undefined;
  const t = stripInvisible(value).trim();
  if (!t) return undefined;
  if (opts.oneLine && hasLineBreak(t)) throw new DomainError('invalid', `The ${field} must be on one line: it contains a line break. Write it on a single line (use a comma where the lines met).`);
  if (t.length > max) throw new DomainError('invalid', `The ${field} is too long: ${t.length} characters, at most ${max}.`);
  return t;
}

/**
 * Runs a database write and says what a constraint failure means for the row at hand:
 * `duplicate` (e.g. "Belarus is already tracked in WG session 50") and `missing` are the
 * caller's words; the defaults fit any row.
 */
export async function translateDbErrors<T>(work: () => Promise<T>, messages: { duplicate?: string; duplicateNext?: NextStep; missing?: string } = {}): Promise<T> {
  try {
    return await reportConstraints(work);
  } catch (err) {
    if (err instanceof ConstraintViolation) {
      if (err.kind === 'duplicate') throw new DomainError('duplicate', messages.duplicate ?? 'That already exists.', [], messages.duplicateNext);
      if (err.kind === 'missing') throw new DomainError('not_found', messages.missing ?? 'That item no longer exists.');
      throw new DomainError('invalid', 'That refers to an item that does not exist.');
    }
    throw err;
  }
}

export function requireState(input: string, what = 'state'): State {
  const r = resolveState(input);
  if (!r.ok) throw new DomainError('invalid', what === 'state' ? r.error : `${what}: ${r.error}`, r.suggestions.map((s) => s.name));
  return r.state;
}

/**
 * Calls the reminder planner after a change that is already committed. A planner failure must
 * not undo or hide the change the user made, so it is logged; the planner can re-plan the guild.
 */
export async function hook(deps: ServiceDeps, what: string, work: (r: ReminderHooks) => Promise<void>): Promise<void> {
  // Inside a change (an audited unit of work) the commit comes later: plan after it.
  const unit = currentUnit();
  if (unit) {
    unit.afterCommit.push(() => hook(deps, what, work));
    return;
  }
  try {
    await work(deps.reminders);
  } catch (err) {
    deps.logger.error({ err, what }, 'reminder planning failed after a change');
  }
}

/** "a,b" <-> Set, for Review.userEditedFields. */
export const editedSet = (s: string | null | undefined): Set<string> => new Set((s ?? '').split(',').map((x) => x.trim()).filter(Boolean));
export const editedString = (set: Set<string>): string | null => (set.size ? [...set].sort().join(',') : null);
