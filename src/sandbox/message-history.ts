/**
 * GET /channels/{id}/messages as Discord answers it: `limit` 1-100 (default 50, anything else is
 * refused as an invalid form body), at most one of `around`, `before`, `after`, and the page
 * newest first. `after` gives the messages just after the id (the oldest ones after it), `before`
 * the ones just before it, `around` up to half the limit newer and the rest older (the message
 * itself included when it exists).
 */
import { Errors } from './errors.js';

export function historyPage<M extends { id: string }>(oldestFirst: readonly M[], query: URLSearchParams): M[] {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? 50 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw Errors.invalidFormBody({ limit: { _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 100.' }] } });
  }
  const anchors = (['around', 'before', 'after'] as const).filter((k) => query.get(k) !== null);
  for (const k of anchors) {
    if (!/^\d{1,20}$/.test(query.get(k)!)) {
      throw Errors.invalidFormBody({ [k]: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: `Value "${query.get(k)}" is not snowflake.` }] } });
    }
  }
  // Discord reads one anchor, in this order of precedence.
  const anchor = anchors[0];
  const id = anchor ? BigInt(query.get(anchor)!) : undefined;
  let page: readonly M[];
  if (anchor === 'after') {
    page = oldestFirst.filter((m) => BigInt(m.id) > id!).slice(0, limit);
  } else if (anchor === 'before') {
    page = oldestFirst.filter((m) => BigInt(m.id) < id!).slice(-limit);
  } else if (anchor === 'around') {
    const newer = oldestFirst.filter((m) => BigInt(m.id) > id!).slice(0, Math.floor(limit / 2));
    const older = oldestFirst.filter((m) => BigInt(m.id) <= id!).slice(-(limit - newer.length));
    page = [...older, ...newer];
  } else {
    page = oldestFirst.slice(-limit);
  }
  return [...page].reverse();
}
