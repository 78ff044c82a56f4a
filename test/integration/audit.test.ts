// The audit trail through the services on a real database: one entry per change with the rows
// before and after, in the change's own transaction; undo restores and is refused when the
// item changed since.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RowChange } from '../../src/audit/rows';
import { DomainError } from '../../src/domain-error';
import { bigCsv, bigRowStates, BIG_STATES } from '../helpers/big-import';
import { asFile } from '../helpers/import-file';
import { createTestServices, GUILD, USER } from '../helpers/services';
import { refusal } from '../helpers/in-english';

const ANA = { id: USER, name: 'Ana' };
const BEN = { id: '444444444444444444', name: 'Ben' };

describe('audit trail (services)', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  beforeEach(async () => {
    t = await createTestServices('2025-09-01T08:00:00Z');
  });
  afterEach(async () => t.cleanup());

  const as = <T>(actor: typeof ANA, action: string, work: () => Promise<T>) => t.services.audit.run({ guildId: GUILD, actor, action }, work);
  const entries = () => t.db.auditEntry.findMany({ where: { guildId: GUILD }, orderBy: { id: 'asc' } });
  const changesOf = (e: { changes: string }) => JSON.parse(e.changes) as RowChange[];

  async function belarusWithLetter() {
    const s = t.services;
    const review = await as(ANA, '/upr add', () => s.reviews.add(GUILD, { state: 'Belarus', date: '3 Nov 2025', createdBy: USER }));
    const letter = await as(ANA, '/letter add', () => s.letters.add(GUILD, { to: 'Argentina', review: 'Belarus', deadline: '30 Sep 2025', ask: 'Release political prisoners', createdBy: USER }));
    return { review, letter };
  }

  it('records who changed what, with the fields before and after, and plans reminders after the commit', async () => {
    const { letter } = await belarusWithLetter();
    t.planner.calls = [];
    t.clock.set('2025-09-02T09:30:00Z');
    await as(BEN, '/letter edit', () => t.services.letters.edit(GUILD, `#${letter.id}`, { deadline: '2 Oct 2025' }));
    const all = await entries();
    expect(all.map((e) => e.action)).toEqual(['/upr add', '/letter add', '/letter edit']);
    const edit = all[2]!;
    expect(edit).toMatchObject({ actorId: BEN.id, actorName: 'Ben', at: new Date('2025-09-02T09:30:00Z') });
    expect(edit.items).toContain(` letter:${letter.id} `);
    const [change] = changesOf(edit);
    expect(change).toMatchObject({ model: 'Letter', key: { id: letter.id } });
    expect(change!.before!.deadlineAt).toEqual({ $date: '2025-09-30T07:00:00.000Z' });
    expect(change!.after!.deadlineAt).toEqual({ $date: '2025-10-02T07:00:00.000Z' });
    expect(t.planner.calls).toEqual([`replanLetter:${GUILD}:${letter.id}`]);
  });

  it('a refused change leaves no entry and changes nothing', async () => {
    await belarusWithLetter();
    const before = await entries();
    await expect(as(ANA, '/letter add', () => t.services.letters.add(GUILD, { to: 'Argentina', review: 'Belarus', deadline: '30 Sep 2025', createdBy: USER }))).rejects.toBeInstanceOf(DomainError);
    expect(await entries()).toEqual(before);
    expect(await t.db.letter.count()).toBe(1);
  });

  it('undo of a review removal brings back its letters, interventions and recommendations', async () => {
    const { review, letter } = await belarusWithLetter();
    for (const state of ['Lithuania', 'Poland']) {
      await as(ANA, '/intervention add', () => t.services.interventions.add(GUILD, { review: 'Belarus', state, recommendation: 'Release all political prisoners', themes: 'political prisoners' }));
    }
    const snapshot = async () => ({
      reviews: await t.db.review.findMany({ orderBy: { id: 'asc' } }),
      letters: await t.db.letter.findMany({ orderBy: { id: 'asc' } }),
      interventions: await t.db.intervention.findMany({ orderBy: { id: 'asc' } }),
      recs: await t.db.recommendation.findMany({ include: { states: { orderBy: { stateCode: 'asc' } }, themes: true }, orderBy: { id: 'asc' } }),
    });
    const kept = await snapshot();
    await as(BEN, '/upr remove', () => t.services.reviews.remove(GUILD, `#${review.id}`));
    expect(await t.db.recommendationState.count()).toBe(0);
    const removal = (await entries()).at(-1)!;
    expect(JSON.parse(removal.counts)).toMatchObject({ Review: { deleted: 1 }, Letter: { deleted: 1 }, Intervention: { deleted: 2 }, Recommendation: { deleted: 1 }, RecommendationState: { deleted: 2 } });

    await as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, removal.id));
    expect(await snapshot()).toEqual(kept);
    const [undoEntry] = (await entries()).slice(-1);
    expect(undoEntry).toMatchObject({ action: '/audit undo', undoOf: removal.id, actorName: 'Ana' });
    expect((await t.db.auditEntry.findUnique({ where: { id: removal.id } }))!.undoneById).toBe(undoEntry!.id);
    expect(letter.id).toBe(kept.letters[0]!.id);
  });

  it('undo is refused when the item changed since, naming that change; after undoing it, it works', async () => {
    const { letter } = await belarusWithLetter();
    await as(ANA, '/letter edit', () => t.services.letters.edit(GUILD, `#${letter.id}`, { recipient: 'Mission in Geneva' }));
    const first = (await entries()).at(-1)!;
    t.clock.set('2025-09-03T12:00:00Z');
    await as(BEN, '/letter sent', () => t.services.letters.markSent(GUILD, `#${letter.id}`));
    const second = (await entries()).at(-1)!;

    const refused = as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, first.id));
    expect(await refusal(refused)).toMatch(new RegExp(`Ben \\(/letter sent, entry #${second.id}\\) <t:${Date.parse('2025-09-03T12:00:00Z') / 1000}:f>`));
    expect((await entries()).at(-1)!.id).toBe(second.id);

    await as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, second.id));
    expect((await t.db.letter.findUnique({ where: { id: letter.id } }))!.status).toBe('planned');
    await as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, first.id));
    expect((await t.db.letter.findUnique({ where: { id: letter.id } }))!.recipient).toBeNull();
    expect(await refusal(as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, first.id)))).toMatch(/already undone/);
  });

  it('undoing a creation is refused once something was added under it', async () => {
    const { review } = await belarusWithLetter();
    const creation = (await entries())[0]!;
    expect(await refusal(as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, creation.id)))).toMatch(/\/letter add/);
    expect(await t.db.review.count({ where: { id: review.id } })).toBe(1);
  });

  it('a CSV import is one entry with its counts, undone as a whole', async () => {
    await belarusWithLetter();
    const csv = [
      'Recommendation,Recommending States,Response,Themes',
      '"Release all political prisoners",Lithuania; Poland,Supported,political prisoners',
      '"Abolish the death penalty",France,Noted,death penalty',
    ].join('\n');
    const bytes = new TextEncoder().encode(csv);
    const result = await as(ANA, '/intervention import', () =>
      t.services.interventions.importFile(GUILD, 'Belarus', { name: 'recommendations.csv', size: bytes.length, load: async () => bytes }),
    );
    expect(result.reviews[0]!.created).toBe(2);
    const entry = (await entries()).at(-1)!;
    expect(JSON.parse(entry.counts)).toEqual({
      Intervention: { created: 3, updated: 0, deleted: 0 },
      Recommendation: { created: 2, updated: 0, deleted: 0 },
      RecommendationState: { created: 3, updated: 0, deleted: 0 },
      RecommendationTheme: { created: 2, updated: 0, deleted: 0 },
    });
    await as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, entry.id));
    expect(await t.db.recommendation.count()).toBe(0);
    expect(await t.db.intervention.count()).toBe(0);
  });

  it('a 5,000-row import is one entry, and its undo removes what it created and restores what it changed', async () => {
    await belarusWithLetter();
    // A recommendation the big file also carries, with one state and no response yet.
    const one = bigRowStates(1);
    const small = `Recommendation,Recommending states,Response,Themes,Session,State under review\n"Recommendation number 1: strengthen the protection of rights, item 1",${one[0]!.code},,,50,Belarus\n`;
    await as(ANA, '/intervention import', () => t.services.interventions.importFile(GUILD, 'Belarus', asFile(small)));
    const snapshot = async () => ({
      recommendations: await t.db.recommendation.findMany({ orderBy: { id: 'asc' } }),
      states: await t.db.recommendationState.count(),
      themes: await t.db.recommendationTheme.count(),
      interventions: await t.db.intervention.count(),
    });
    const before = await snapshot();
    const entriesBefore = (await entries()).length;

    const result = await as(ANA, '/intervention import', () => t.services.interventions.importFile(GUILD, 'Belarus', asFile(bigCsv())));
    expect(result.reviews).toMatchObject([{ rows: 5000, created: 4999, updated: 1 }]);
    const all = await entries();
    expect(all).toHaveLength(entriesBefore + 1);
    const entry = all.at(-1)!;
    const pairs = Array.from({ length: 5000 }, (_, i) => new Set(bigRowStates(i)).size).reduce((a, b) => a + b, 0);
    expect(JSON.parse(entry.counts)).toEqual({
      Intervention: { created: BIG_STATES.length - 1, updated: 0, deleted: 0 },
      Recommendation: { created: 4999, updated: 1, deleted: 0 },
      RecommendationState: { created: pairs - 1, updated: 0, deleted: 0 },
      RecommendationTheme: { created: 5000, updated: 0, deleted: 0 },
    });
    expect(await t.db.recommendation.count()).toBe(5000);
    // Created rows are recorded by key and parent only; the changed one with its fields before.
    const changes = changesOf(entry);
    expect(changes.find((c) => c.model === 'Recommendation' && !c.before)!.after).toEqual({ id: expect.any(Number), reviewId: before.recommendations[0]!.reviewId });
    expect(changes.find((c) => c.model === 'Recommendation' && c.before)!.before).toMatchObject({ id: before.recommendations[0]!.id, response: 'pending' });

    await as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, entry.id));
    expect(await snapshot()).toEqual(before);
    const undo = (await entries()).at(-1)!;
    expect(undo.undoOf).toBe(entry.id);
    expect(JSON.parse(undo.counts).Recommendation).toEqual({ created: 0, updated: 1, deleted: 4999 });
  }, 240_000);

  it('a time zone change records every review and letter it moved, and undo moves them back', async () => {
    const { review, letter } = await belarusWithLetter();
    await as(ANA, '/settings timezone', () => t.services.settings.setTimezone(GUILD, 'America/Argentina/Buenos_Aires'));
    const entry = (await entries()).at(-1)!;
    expect(changesOf(entry).map((c) => c.model).sort()).toEqual(['GuildSettings', 'Letter', 'Review']);
    await as(ANA, '/audit undo', () => t.services.audit.undo(GUILD, entry.id));
    expect((await t.db.review.findUnique({ where: { id: review.id } }))!.reviewAt).toEqual(review.reviewAt);
    expect((await t.db.letter.findUnique({ where: { id: letter.id } }))!.deadlineAt).toEqual(letter.deadlineAt);
    expect(await t.db.guildSettings.findUnique({ where: { guildId: GUILD } })).toBeNull();
  });
});
