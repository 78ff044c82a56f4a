// Turning what a service said (a DomainError's text: a catalog message, or a plain string not yet
// in the catalogs) into the reader's language. A message's values may themselves be messages (a
// counted noun such as "3 reviews", a reason): they are translated first, so a service can say a
// whole sentence with its parts without knowing the reader's language.
import type { Message, Text } from '../domain-error';
import type { T } from './translate';

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && typeof (value as Message).key === 'string';

function renderValue(value: unknown, t: T): unknown {
  if (isMessage(value)) return renderMessage(value, t);
  // A list of messages becomes a list of strings, for the `list` formatter.
  if (Array.isArray(value) && value.length && value.every(isMessage)) return value.map((m) => renderMessage(m, t));
  return value;
}

export function renderMessage(text: Text, t: T): string {
  if (typeof text === 'string') return text;
  if (!text.vars) return t(text.key);
  return t(text.key, Object.fromEntries(Object.entries(text.vars).map(([k, v]) => [k, renderValue(v, t)])));
}
