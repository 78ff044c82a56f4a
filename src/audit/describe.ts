// Entries in words for /audit list: what changed on which item, field by field. Pure. The words are
// catalog messages (the reply translates them); field names and stored values are shown as
// recorded, as the data they are.
import { msg, type Message } from '../domain-error';
import { AUDITED_MODELS, changedFields, type AuditedModel, type Counts, type Row, type RowChange } from './rows';

function value(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'object' && '$date' in (v as object)) return (v as { $date: string }).$date.replace(/:00\.000Z$/, 'Z').replace('T', ' ');
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** The item a row is, as users name it: "letter #5", "theme "x" on recommendation #3". */
function itemName(c: RowChange): Message {
  const r = (c.after ?? c.before ?? {}) as Row;
  switch (c.model) {
    case 'GuildSettings':
      return msg('audit:item.GuildSettings');
    case 'RecommendationState':
      return msg('audit:item.RecommendationState', { code: String(r.stateCode), recommendation: String(r.recommendationId) });
    case 'RecommendationTheme':
      return msg('audit:item.RecommendationTheme', { theme: String(r.theme), recommendation: String(r.recommendationId) });
    default:
      return msg(`audit:item.${c.model}`, { id: String(r.id) });
  }
}

const SKIP = new Set(['updatedAt', 'createdAt', 'guildId', 'dedupeKey', 'userEditedFields']);

/** One line per changed row, at most `max` lines. */
export function describeChanges(changes: readonly RowChange[], max = 4): Message[] {
  const lines = changes.slice(0, max).map((c) => {
    if (!c.before) return msg('audit:change.created', { item: itemName(c) });
    if (!c.after) return msg('audit:change.removed', { item: itemName(c) });
    const fields = changedFields(c.before, c.after).filter((f) => !SKIP.has(f));
    if (!fields.length) return msg('audit:change.unchanged', { item: itemName(c) });
    const diff = fields.slice(0, 4).map((f) => `${f}: ${value(c.before![f])} → ${value(c.after![f])}`);
    return msg('audit:change.updated', { item: itemName(c), fields: `${diff.join('; ')}${fields.length > 4 ? '; …' : ''}` });
  });
  if (changes.length > max) lines.push(msg('audit:change.moreRows', { count: changes.length - max }));
  return lines;
}

const isModel = (model: string): model is AuditedModel => model in AUDITED_MODELS;

/** "created 40 recommendations and 12 interventions", "updated 3 recommendations": one message per kind of change. */
export function describeCounts(counts: Counts): Message[] {
  const parts: Record<'created' | 'updated' | 'deleted', Message[]> = { created: [], updated: [], deleted: [] };
  for (const [model, n] of Object.entries(counts)) {
    for (const k of ['created', 'updated', 'deleted'] as const) {
      if (!n[k]) continue;
      parts[k].push(isModel(model) ? msg(`audit:count.${model}`, { count: n[k] }) : msg('audit:count.other', { count: n[k], model }));
    }
  }
  return (['created', 'updated', 'deleted'] as const).filter((k) => parts[k].length).map((k) => msg(`audit:counts.${k}`, { items: parts[k] }));
}
