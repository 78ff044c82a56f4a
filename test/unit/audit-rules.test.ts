// The pure parts of the audit trail: which later entry blocks an undo, how rows are keyed and
// encoded, and how entries read in /audit list.
import { describe, expect, it } from 'vitest';
import { describeChanges, describeCounts } from '../../src/audit/describe';
import { parseItem, parseUser } from '../../src/audit/filters';
import { countChanges, decodeRow, encodeRow, itemsOf, sameRow, type RowChange } from '../../src/audit/rows';
import { blockingEntry, type EntryFacts } from '../../src/audit/undo-rules';
import { renderMessage, translator } from '../../src/i18n';
import { inEnglish, refusal } from '../helpers/in-english';

const entry = (id: number, rowKeys: string, items: string, extra: Partial<EntryFacts> = {}): EntryFacts => ({
  id,
  at: new Date(Date.UTC(2025, 8, id)),
  actorName: `user${id}`,
  action: `/action ${id}`,
  rowKeys: ` ${rowKeys} `,
  items: ` ${items} `,
  undoOf: null,
  undoneById: null,
  ...extra,
});

describe('blockingEntry', () => {
  const e = entry(5, 'Letter:1', 'letter:1 review:2');
  it('is the first later entry touching the same rows', () => {
    expect(blockingEntry(e, [], [entry(7, 'Letter:1', 'letter:1'), entry(6, 'Letter:2', 'letter:2'), entry(8, 'Letter:1', 'letter:1')])?.id).toBe(7);
    expect(blockingEntry(e, [], [entry(6, 'Letter:2', 'letter:2 review:2')])).toBeNull();
    expect(blockingEntry(e, [], [entry(4, 'Letter:1', 'letter:1')])).toBeNull();
  });
  it('lets a later change and its undo cancel out', () => {
    const later = [entry(6, 'Letter:1', 'letter:1', { undoneById: 7 }), entry(7, 'Letter:1', 'letter:1', { undoOf: 6 })];
    expect(blockingEntry(e, [], later)).toBeNull();
    // An undo of something older than the entry is a real change after it.
    expect(blockingEntry(e, [], [entry(7, 'Letter:1', 'letter:1', { undoOf: 3 })])?.id).toBe(7);
  });
  it('blocks undoing a creation once something was added under it', () => {
    const created = entry(5, 'Review:2', 'review:2');
    expect(blockingEntry(created, ['review:2'], [entry(6, 'Letter:9', 'letter:9 review:2')])?.id).toBe(6);
  });
});

describe('rows', () => {
  it('keeps dates through JSON and compares rows field by field, updatedAt aside', () => {
    const row = { id: 1, deadlineAt: new Date('2025-09-30T07:00:00Z'), updatedAt: new Date() };
    const encoded = JSON.parse(JSON.stringify(encodeRow(row))) as Record<string, unknown>;
    expect(decodeRow(encoded)).toEqual(row);
    expect(sameRow(encoded, encodeRow({ ...row, updatedAt: new Date(0) }))).toBe(true);
    expect(sameRow(encoded, encodeRow({ ...row, deadlineAt: new Date(0) }))).toBe(false);
    expect(sameRow(null, null)).toBe(true);
    expect(sameRow(encoded, null)).toBe(false);
  });
  it('names the items a row belongs to, its review included', () => {
    const letter: RowChange = { model: 'Letter', key: { id: 5 }, before: { id: 5, reviewId: 2 }, after: { id: 5, reviewId: 3 } };
    expect(itemsOf(letter)).toEqual(['letter:5', 'review:2', 'review:3']);
    expect(itemsOf({ model: 'RecommendationState', key: { recommendationId: 7, stateCode: 'LTU' }, before: null, after: { recommendationId: 7, stateCode: 'LTU' } })).toEqual(['recommendation:7']);
    expect(itemsOf({ model: 'GuildSettings', key: { guildId: '1' }, before: null, after: {} })).toEqual(['settings']);
  });
});

describe('describing entries', () => {
  it('says what changed, field by field, and counts imports', () => {
    const changes: RowChange[] = [
      { model: 'Letter', key: { id: 5 }, before: { id: 5, recipient: null, updatedAt: 1 }, after: { id: 5, recipient: 'Mission', updatedAt: 2 } },
      { model: 'Intervention', key: { id: 9 }, before: null, after: { id: 9 } },
    ];
    expect(describeChanges(changes).map(inEnglish)).toEqual(['letter #5: recipient: ∅ → Mission', 'created intervention #9']);
    expect(describeCounts(countChanges(changes)).map(inEnglish)).toEqual(['created 1 intervention', 'updated 1 letter']);
    const imported: RowChange[] = [1, 2, 3].map((id) => ({ model: 'Recommendation', key: { id }, before: null, after: { id } }));
    imported.push({ model: 'RecommendationState', key: { recommendationId: 1, stateCode: 'ARG' }, before: null, after: { recommendationId: 1, stateCode: 'ARG' } });
    expect(describeCounts(countChanges(imported)).map(inEnglish)).toEqual(['created 3 recommendations and 1 recommending state']);
    expect(describeCounts(countChanges(imported)).map((m) => renderMessage(m, translator('es')))).toEqual(['se creó: 3 recomendaciones y 1 Estado recomendante']);
    expect(describeChanges(imported.slice(3)).map((m) => renderMessage(m, translator('es')))).toEqual(['se creó: Estado recomendante Argentina de la recomendación #1']);
  });
  it('reads items and users as people type them', async () => {
    expect(parseItem('letter #5')).toBe('letter:5');
    expect(parseItem('Review 12')).toBe('review:12');
    expect(parseItem('settings')).toBe('settings');
    expect(parseItem('Belarus 50')).toBeNull();
    expect(parseUser('<@!123456789012345678>')).toBe('123456789012345678');
    expect(await refusal(() => parseUser('Ana'))).toMatch(/mention them/);
  });
});
