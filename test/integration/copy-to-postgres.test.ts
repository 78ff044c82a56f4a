// Moving a populated SQLite database to PostgreSQL loses nothing: row counts and content per
// table match, and new rows get fresh ids. Needs the PostgreSQL server of the postgres project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { copyDatabase } from '../../src/db/copy';
import { applyMigrations } from '../../src/db/migrations';
import { createTestTarget, testProvider } from '../helpers/db';
import { distCommand } from '../helpers/node-process';

const run = promisify(execFile);
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function populatedSqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'upr-copy-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'source.db');
  const target = { provider: 'sqlite' as const, url: `file:${file}`, file };
  await applyMigrations(target);
  const db = openDatabase(target);
  const g = '111111111111111111';
  await db.prisma.guildSettings.create({ data: { guildId: g, reminderChannelId: '222222222222222222', timezone: 'America/Argentina/Buenos_Aires', reviewLeadTimes: '8w,2w,1d', paused: false } });
  await db.prisma.guildSettings.create({ data: { guildId: '333333333333333333' } });
  for (let i = 0; i < 40; i++) {
    const review = await db.prisma.review.create({
      data: { guildId: g, stateCode: ['BLR', 'CIV', 'TUR', 'VNM'][i % 4]!, session: 41 + i, reviewAt: new Date(Date.UTC(2025, 10, 3, 8) + i * 86_400_000), status: i % 5 === 0 ? 'postponed' : 'scheduled', notes: i % 3 ? null : `Côte d’Ivoire «notes» ${i} — ñ` },
    });
    await db.prisma.letter.create({ data: { guildId: g, reviewId: review.id, stateCode: 'ARG', recipient: 'Permanent Mission of Argentina, Geneva', ask: 'Recommend the release of Ales Bialiatski', deadlineAt: new Date(Date.UTC(2025, 8, 30, 7)), sentAt: i % 2 ? new Date(Date.UTC(2025, 8, 25, 10)) : null, status: i % 2 ? 'sent' : 'planned', createdBy: '444444444444444444' } });
    await db.prisma.intervention.create({ data: { guildId: g, reviewId: review.id, stateCode: 'LTU' } });
    const rec = await db.prisma.recommendation.create({ data: { guildId: g, reviewId: review.id, text: `119.${i} Release all political prisoners (Lithuania);`, paragraph: `119.${i}`, response: 'noted', dedupeKey: `119.${i}` } });
    await db.prisma.recommendationState.createMany({ data: [{ recommendationId: rec.id, stateCode: 'LTU' }, { recommendationId: rec.id, stateCode: 'POL' }] });
    await db.prisma.recommendationTheme.create({ data: { recommendationId: rec.id, theme: 'political prisoners' } });
    await db.prisma.reminder.create({ data: { guildId: g, kind: 'review', itemKey: `review:${review.id}`, leadKey: '1d', reviewId: review.id, eventAt: review.reviewAt!, dueAt: new Date(review.reviewAt!.getTime() - 86_400_000), runAt: new Date(review.reviewAt!.getTime() - 86_400_000), status: i % 2 ? 'posted' : 'pending', messageId: i % 2 ? `55555555555555555${i % 10}` : null } });
  }
  await db.close();
  return target;
}

describe.skipIf(testProvider !== 'postgresql')('copying SQLite to PostgreSQL', () => {
  it('moves every row of every table, checked by counts and content', async () => {
    const source = await populatedSqlite();
    const { target, drop } = await createTestTarget();
    cleanups.push(drop);
    const a = openDatabase(source);
    const b = openDatabase(target);
    const reports = await copyDatabase(a.prisma, b.prisma, 'postgresql');
    expect(reports.map((r) => [r.table, r.source])).toEqual([
      ['GuildSettings', 2], ['Review', 40], ['Letter', 40], ['Intervention', 40], ['Recommendation', 40],
      ['RecommendationState', 80], ['RecommendationTheme', 40], ['Reminder', 40],
    ]);
    expect(reports.filter((r) => !r.ok)).toEqual([]);

    // Spot checks independent of the digests: text, instants and nulls survive as they were.
    const note = await b.prisma.review.findFirstOrThrow({ where: { notes: { not: null } }, orderBy: { id: 'asc' } });
    expect(note.notes).toBe('Côte d’Ivoire «notes» 0 — ñ');
    expect(note.reviewAt?.toISOString()).toBe('2025-11-03T08:00:00.000Z');
    // New rows do not collide with copied ids.
    const fresh = await b.prisma.review.create({ data: { guildId: '111111111111111111', stateCode: 'ARG', session: 99 } });
    expect(fresh.id).toBe(41);
    // Copying again into a non-empty database is refused.
    await expect(copyDatabase(a.prisma, b.prisma, 'postgresql')).rejects.toThrow(/not empty/);
    await a.close();
    await b.close();
  });

  it('the command copies and reports per table', async () => {
    const source = await populatedSqlite();
    const { target, drop } = await createTestTarget();
    cleanups.push(drop);
    const { stdout } = await run(...distCommand('cli/copy-to-postgres', '--from', source.url, '--to', target.url));
    expect(stdout).toMatch(/ok\s+Reminder\s+40 → 40 rows/);
    expect(stdout).toMatch(/Copied/);
  });
});
