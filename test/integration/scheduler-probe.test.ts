import { expect, test } from 'vitest';
import { createTestDatabase } from '../helpers/db';

test('probe', async () => {
  const db = await createTestDatabase();
  const p = db.prisma;
  const now = new Date('2026-01-01T10:00:00.123Z');
  await p.reminder.create({ data: { guildId: 'g', kind: 'review', itemKey: 'review:1', leadKey: '8w', eventAt: now, dueAt: now, runAt: now } });
  if (db.provider === 'sqlite') {
    console.log(await p.$queryRawUnsafe('SELECT id, runAt, typeof(runAt) t FROM Reminder WHERE runAt <= ?', now.getTime()));
    console.log(await p.$queryRaw`SELECT id, runAt FROM Reminder WHERE runAt <= ${now}`);
  } else {
    console.log(await p.$queryRaw`SELECT id, "runAt" FROM "Reminder" WHERE "runAt" <= ${now}`);
    console.log(await p.$queryRaw`SELECT id, "runAt" FROM "Reminder" WHERE "runAt" <= ${new Date(now.getTime() - 1)}`);
    console.log(await p.$queryRaw`UPDATE "Reminder" SET "status" = 'claimed', "leaseUntil" = ${now} WHERE "status" = 'pending' RETURNING "id", "leaseUntil"`);
  }
  await db.cleanup();
});
