// What to write for a claimed reminder once its fate is known: decisions from values only, so the
// loop (scheduler.ts) and the recording statement (record.ts) stay free of rules.
import type { PostError } from '../posting/poster';
import { retryDelay } from './backoff';

export type Outcome =
  /** Posted now, or an earlier attempt's post was found in the channel (`found`). */
  | { status: 'posted'; messageId: string; late: boolean; found?: boolean }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; attempts?: number }
  /** Tried again at `runAt`. */
  | { status: 'pending'; reason: string; attempts: number; runAt: Date };

export interface RetryPolicy {
  /** Tries (transient failures) before a reminder is marked failed. */
  maxAttempts: number;
  backoffMs: readonly number[];
}

/** A failed post: failed for good (permanent, or tries used up), or tried again after a backoff. */
export function outcomeOfError(row: { attempts: number }, error: PostError, now: Date, policy: RetryPolicy): Outcome {
  const attempts = row.attempts + 1;
  if (error.permanent) return { status: 'failed', reason: error.message, attempts };
  if (attempts >= policy.maxAttempts) return { status: 'failed', reason: `gave up after ${attempts} attempts: ${error.message}`, attempts };
  return { status: 'pending', reason: error.message, attempts, runAt: new Date(now.getTime() + retryDelay(attempts, policy.backoffMs)) };
}

/** The columns an outcome sets; the row's own values where the outcome says nothing. */
export interface OutcomeColumns {
  id: number;
  status: Outcome['status'];
  attempts: number;
  lastError: string | null;
  runAt: Date;
  messageId: string | null;
  postedAt: Date | null;
  late: boolean;
}

type RowValues = { id: number; attempts: number; runAt: Date; messageId: string | null; postedAt: Date | null; late: boolean };

export function outcomeColumns(row: RowValues, outcome: Outcome, now: Date): OutcomeColumns {
  const keep = { id: row.id, attempts: row.attempts, runAt: row.runAt, messageId: row.messageId, postedAt: row.postedAt, late: row.late };
  switch (outcome.status) {
    case 'posted':
      return { ...keep, status: 'posted', lastError: null, messageId: outcome.messageId, postedAt: now, late: outcome.late };
    case 'skipped':
      return { ...keep, status: 'skipped', lastError: outcome.reason };
    case 'failed':
      return { ...keep, status: 'failed', lastError: outcome.reason, attempts: outcome.attempts ?? row.attempts };
    case 'pending':
      return { ...keep, status: 'pending', lastError: outcome.reason, attempts: outcome.attempts, runAt: outcome.runAt };
  }
}
