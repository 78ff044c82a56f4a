// The one error type services throw for anything a user did or asked that cannot be done. Its
// message is shown to the user as it is, so it says what was wrong and what would be accepted.
export type DomainErrorKind = 'invalid' | 'not_found' | 'duplicate' | 'ambiguous' | 'forbidden' | 'conflict';

/** What the user can do next; each entry point (slash commands) says how in its own words. */
export type NextStep = 'add-review' | 'edit-review' | 'edit-letter' | 'record-sent-letter' | 'reopen-letter';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** Candidates a user could have meant (states, reviews), for the reply. */
    readonly suggestions: string[] = [],
    readonly next?: NextStep,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError;
