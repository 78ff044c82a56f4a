// How to do what a service suggests next, in slash commands: the services name the step, the
// Discord layer names the command (`common:next.<step>` in the catalogs).
import type { NextStep } from '../domain-error';
import type { T } from '../i18n';

export const NEXT_STEPS: readonly NextStep[] = ['add-review', 'edit-review', 'edit-letter', 'record-sent-letter', 'reopen-letter'];

/** A domain error's message with the way to its next step, as the reader reads it. */
export const withNextStep = (message: string, next: NextStep | undefined, t: T): string => (next ? `${message} ${t(`common:next.${next}`)}` : message);
