// How to do what a service suggests next, in slash commands: the services name the step, the
// Discord layer names the command.
import type { NextStep } from '../domain-error';

export const NEXT_STEP_TEXT: Record<NextStep, string> = {
  'add-review': 'Add it with /upr add or /upr import.',
  'edit-review': 'Change it with /upr edit.',
  'edit-letter': 'Change it with /letter edit.',
  'record-sent-letter': 'Give a future date, or record a letter already sent with /letter add … sent:<date>.',
  'reopen-letter': 'Reopen it with /letter edit status:planned first.',
};

/** A domain error's message with the way to its next step, as a user reads it. */
export const withNextStep = (message: string, next: NextStep | undefined): string => (next ? `${message} ${NEXT_STEP_TEXT[next]}` : message);
