// Entries in words for /audit list: what changed on which item, field by field. Pure.
import { changedFields, type Counts, type Row, type RowChange } from './rows';

const LABEL: Record<string, string> = {
  GuildSettings: 'settings',
  Review: 'review',
  Letter: 'letter',
  Intervention: 'intervention',
  Recommendation: 'recommendation',
  RecommendationState: 'recommending state',
  RecommendationTheme: 'theme',
};

const PLURAL: Record<string, string> = { settings: 'settings', 'recommending state': 'recommending states' };

function value(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'object' && '$date' in (v as object)) return (v as { $date: string }).$date.replace(/:00\.000Z$/, 'Z').replace('T', ' ');
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

function itemName(c: RowChange): string {
  const r = (c.after ?? c.before ?? {}) as Row;
  if (c.model === 'GuildSettings') return 'settings';
  if (c.model === 'RecommendationState') return `recommending state ${String(r.stateCode)} on recommendation #${String(r.recommendationId)}`;
  if (c.model === 'RecommendationTheme') return `theme "${String(r.theme)}" on recommendation #${String(r.recommendationId)}`;
  return `${LABEL[c.model]} #${String(r.id)}`;
}

const SKIP = new Set(['updatedAt', 'createdAt', 'guildId', 'dedupeKey', 'userEditedFields']);

/** One line per changed row, at most `max` lines. */
export function describeChanges(changes: readonly RowChange[], max = 4): string[] {
  const lines = changes.slice(0, max).map((c) => {
    if (!c.before) return `created ${itemName(c)}`;
    if (!c.after) return `removed ${itemName(c)}`;
    const fields = changedFields(c.before, c.after).filter((f) => !SKIP.has(f));
    const diff = fields.slice(0, 4).map((f) => `${f}: ${value(c.before![f])} → ${value(c.after![f])}`);
    return `${itemName(c)}: ${diff.join('; ') || 'no visible change'}${fields.length > 4 ? '; …' : ''}`;
  });
  if (changes.length > max) lines.push(`… and ${changes.length - max} more rows`);
  return lines;
}

/** "created 40 recommendations, 12 interventions; updated 3 recommendations". */
export function describeCounts(counts: Counts): string {
  const parts: Record<'created' | 'updated' | 'deleted', string[]> = { created: [], updated: [], deleted: [] };
  for (const [model, n] of Object.entries(counts)) {
    const label = LABEL[model] ?? model;
    for (const k of ['created', 'updated', 'deleted'] as const) {
      if (n[k]) parts[k].push(`${n[k]} ${n[k] === 1 ? label : (PLURAL[label] ?? `${label}s`)}`);
    }
  }
  return (['created', 'updated', 'deleted'] as const)
    .filter((k) => parts[k].length)
    .map((k) => `${k === 'deleted' ? 'removed' : k} ${parts[k].join(', ')}`)
    .join('; ');
}
