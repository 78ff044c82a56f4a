// Turning what a service said (a DomainError's text or a warning: a catalog message, or a plain
// string not yet in the catalogs) into the reader's language. A message's values may themselves
// be messages (a review's label inside an error), or lists of them: they are translated first, so
// the outer message places them by name in the reader's language.
import type { Message, Text } from '../domain-error';
import type { T } from './translate';

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && typeof (value as Message).key === 'string';

function renderValue(value: unknown, t: T): unknown {
  if (isMessage(value)) return renderMessage(value, t);
  if (Array.isArray(value)) return value.map((v) => (isMessage(v) ? renderMessage(v, t) : v));
  return value;
}

export function renderMessage(text: Text, t: T): string {
  if (typeof text === 'string') return text;
  if (!text.vars) return t(text.key);
  return t(text.key, Object.fromEntries(Object.entries(text.vars).map(([k, v]) => [k, renderValue(v, t)])));
}
