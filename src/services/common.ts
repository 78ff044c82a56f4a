// Shared pieces of the services: dependencies, input limits, state resolution, re-planning reminders.
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { DomainError } from '../domain-error';
import type { Logger } from '../logging/logger';
import type { ReminderPlanner } from '../reminders/planner';
import { resolveState, type State } from '../states';

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

export const LIMITS = {
  notes: 1000,
  ask: 1000,
  recipient: 200,
  recommendation: 2000,
  theme: 80,
  themes: 10,
  paragraph: 20,
} as const;

/** Trims; empty becomes undefined; over the limit is refused with the field's name. */
export function text(value: string | null | undefined, field: string, max: number): string | undefined {
  if (value == null) return undefined;
  const t = value.trim();
  if (!t) return undefined;
  if (t.length > max) throw new DomainError('invalid', `The ${field} is too long: ${t.length} characters, at most ${max}.`);
  return t;
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
export async function replanAfterCommit(deps: ServiceDeps, what: string, work: (r: ReminderHooks) => Promise<void>): Promise<void> {
  try {
    await work(deps.reminders);
  } catch (err) {
    deps.logger.error({ err, what }, 'reminder planning failed after a change');
  }
}

/** Reports a committed change to a server's reviews to whoever mirrors them; never fails the change. */
export function reviewsChanged(deps: ServiceDeps, guildId: string): void {
  try {
    deps.reviewsChanged?.(guildId);
  } catch (err) {
    deps.logger.error({ err, guildId }, 'review change listener failed');
  }
}

/** "a,b" <-> Set, for Review.userEditedFields. */
export const editedSet = (s: string | null | undefined): Set<string> => new Set((s ?? '').split(',').map((x) => x.trim()).filter(Boolean));
export const editedString = (set: Set<string>): string | null => (set.size ? [...set].sort().join(',') : null);
