// The one error type services throw for anything a user did or asked that cannot be done. Its
// text is shown to the user in their language, so it says what was wrong and what would be
// accepted: a catalog message (`msg('letter:notFound', { id })`), translated where it is shown.
export type DomainErrorKind = 'invalid' | 'not_found' | 'duplicate' | 'ambiguous' | 'forbidden' | 'conflict';

/** What the user can do next; each entry point (slash commands) says how in its own words. */
export type NextStep = 'add-review' | 'edit-review' | 'edit-letter' | 'record-sent-letter' | 'reopen-letter';

/** A catalog message: its key ("namespace:key") and the values it names. */
export interface Message {
  key: string;
  vars?: Record<string, unknown>;
}

/** What an error says: a catalog message, or (for text not in the catalogs yet) a plain string. */
export type Text = string | Message;

export const msg = (key: string, vars?: Record<string, unknown>): Message => (vars ? { key, vars } : { key });

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly text: Text,
    /** Candidates a user could have meant (states, reviews), for the reply. */
    readonly suggestions: string[] = [],
    readonly next?: NextStep,
  ) {
    // Logs and tests read the key and its values; readers get the translation.
    super(typeof text === 'string' ? text : `${text.key}${text.vars ? ` ${JSON.stringify(text.vars)}` : ''}`);
    this.name = 'DomainError';
  }
}

export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError;
