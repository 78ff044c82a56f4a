// Data retention with the clock on a real database: a server the bot left keeps its data, with
// reminders paused, for the retention period; back within it, everything is as it was; past it,
// the purge deletes it all (once, with several processes purging).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guildCounts, isEmpty } from '../../src/guild-data/purge';
import { silentLogger } from '../../src/logging/logger';
import { RetentionService } from '../../src/retention/service';
import { guildDump } from '../helpers/guild-dump';
import { createTestServices, GUILD, OTHER_GUILD, USER } from '../helpers/services';

const DAY = 24 * 3_600_000;
const ANA = { id: USER, name: 'Ana' };

describe('data retention after the bot leaves a server', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  beforeEach(async () => {
    t = await createTestServices('2025-09-01T08:00:00Z');
    for (const guildId of [GUILD, OTHER_GUILD]) {
      const as = <T>(work: () => Promise<T>) => t.services.audit.run({ guildId, actor: ANA, action: '/test' }, work);
      await as(() => t.services.settings.setChannel(guildId, '555555555555555555'));
      await as(() => t.services.reviews.add(guildId, { state: 'Belarus', date: '3 Nov 2025', createdBy: USER }));
      await as(() => t.services.letters.add(guildId, { to: 'Argentina', review: 'Belarus', deadline: '30 Sep 2025', createdBy: USER }));
    }
  });
  afterEach(async () => t.cleanup());

  const retention = (owner?: string) => new RetentionService({ db: t.db, clock: t.clock, logger: silentLogger, retentionDays: 30, owner });
  const paused = async (guildId = GUILD) => (await t.db.guildSettings.findUniqueOrThrow({ where: { guildId } })).paused;
  const at = (ms: number) => t.clock.set(new Date(Date.parse('2025-09-01T08:00:00Z') + ms));

  it('removed: kept and paused for the period; back within it: intact and running again', async () => {
    const before = await guildDump(t.db, GUILD);
    const r = retention();
    const { purgeAt } = await r.left(GUILD);
    expect(purgeAt).toEqual(new Date('2025-10-01T08:00:00Z'));
    expect(await paused()).toBe(true);
    // A repeated removal event does not extend the period.
    at(5 * DAY);
    expect((await r.left(GUILD)).purgeAt).toEqual(purgeAt);

    at(30 * DAY - 60_000);
    expect(await r.purgeDue()).toEqual([]);
    expect(await r.returned(GUILD)).toBe(true);
    expect(await paused()).toBe(false);
    expect(await guildDump(t.db, GUILD)).toEqual(before);
    at(90 * DAY);
    expect(await r.purgeDue()).toEqual([]);
    expect(await guildDump(t.db, GUILD)).toEqual(before);
  });

  it('a server that had paused its reminders stays paused when the bot comes back', async () => {
    await t.db.guildSettings.update({ where: { guildId: GUILD }, data: { paused: true } });
    const r = retention();
    await r.left(GUILD);
    expect(await r.present([GUILD, OTHER_GUILD])).toEqual([GUILD]);
    expect(await paused()).toBe(true);
  });

  it('past the period the data is purged, and only that server\'s', async () => {
    const other = await guildDump(t.db, OTHER_GUILD);
    const r = retention();
    // What only this deployment holds for the server goes too.
    await t.db.follow.create({ data: { guildId: GUILD, userId: '1577550000000000001', stateCode: 'ARG', role: 'both' } });
    await t.db.calendarFeed.create({ data: { guildId: GUILD, tokenHash: 'f'.repeat(64) } });
    await t.db.guildLocale.createMany({ data: [{ guildId: GUILD, locale: 'es-419' }, { guildId: OTHER_GUILD, locale: 'en-US' }] });
    await r.left(GUILD);
    at(30 * DAY);
    const purged = await r.purgeDue();
    expect(purged).toEqual([{ guildId: GUILD, counts: expect.objectContaining({ settings: 1, reviews: 1, letters: 1, auditEntries: 3 }) }]);
    expect(isEmpty(await guildCounts(t.db, GUILD))).toBe(true);
    expect(await t.db.guildDeparture.count()).toBe(0);
    expect(await t.db.follow.count({ where: { guildId: GUILD } })).toBe(0);
    expect(await t.db.calendarFeed.count({ where: { guildId: GUILD } })).toBe(0);
    expect((await t.db.guildLocale.findMany()).map((l) => l.guildId)).toEqual([OTHER_GUILD]);
    expect(await guildDump(t.db, OTHER_GUILD)).toEqual(other);
    // Coming back after the purge finds nothing to restore.
    expect(await r.returned(GUILD)).toBe(false);
  });

  it('several processes purging at once purge each server once', async () => {
    await retention().left(GUILD);
    await retention().left(OTHER_GUILD);
    at(31 * DAY);
    const results = await Promise.all(['a', 'b', 'c'].map((o) => retention(o).purgeDue()));
    const purged = results.flat().map((p) => p.guildId).sort();
    expect(purged).toEqual([GUILD, OTHER_GUILD].sort());
    expect(isEmpty(await guildCounts(t.db, GUILD))).toBe(true);
    expect(isEmpty(await guildCounts(t.db, OTHER_GUILD))).toBe(true);
  });

  it('a purge claimed by a process that died is taken over after its lease', async () => {
    await retention().left(GUILD);
    at(31 * DAY);
    await t.db.guildDeparture.update({ where: { guildId: GUILD }, data: { claimedBy: 'dead', claimUntil: new Date(t.clock.now().getTime() + 60_000) } });
    expect(await retention('b').purgeDue()).toEqual([]);
    at(31 * DAY + 120_000);
    expect((await retention('b').purgeDue()).map((p) => p.guildId)).toEqual([GUILD]);
  });

  it('delete now purges at once, leaving other servers alone', async () => {
    const other = await guildDump(t.db, OTHER_GUILD);
    await t.db.guildLocale.create({ data: { guildId: GUILD, locale: 'es-419' } });
    const counts = await retention().deleteNow(GUILD);
    expect(counts).toMatchObject({ settings: 1, reviews: 1, letters: 1 });
    expect(isEmpty(await guildCounts(t.db, GUILD))).toBe(true);
    // The bot is still in the server: what Discord says of it stays, for the posts to come.
    expect(await t.db.guildLocale.count({ where: { guildId: GUILD } })).toBe(1);
    expect(await guildDump(t.db, OTHER_GUILD)).toEqual(other);
  });
});
