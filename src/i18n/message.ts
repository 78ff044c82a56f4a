// Turning what a service said (a DomainError's text: a catalog message, or a plain string not yet
// in the catalogs) into the reader's language.
import type { Text } from '../domain-error';
import type { T } from './translate';

export const renderMessage = (text: Text, t: T): string => (typeof text === 'string' ? text : t(text.key, text.vars));
