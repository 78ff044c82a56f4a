// The one error type services throw for anything a user did or asked that cannot be done. Its
// message is shown to the user as it is, so it says what was wrong and what would be accepted.
export type DomainErrorKind = 'invalid' | 'not_found' | 'duplicate' | 'ambiguous' | 'forbidden' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** Candidates a user could have meant (states, reviews), for the reply. */
    readonly suggestions: string[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError;
