// Deployment-wide periodic work: whatever the number of bot processes (shards, hosts), a job runs
// once per period. Each process asks when the period is up; one conditional UPDATE moves the
// job's `ranAt` forward, and only the process whose UPDATE changed the row runs it.
import type { Db } from '../db/client';

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

/** True when this caller took the current period of `name` (and should do the work). */
export async function takePeriod(db: Db, name: string, owner: string, now: Date, everyMs: number): Promise<boolean> {
  const { count } = await db.schedulerJob.updateMany({
    where: { name, ranAt: { lte: new Date(now.getTime() - everyMs) } },
    data: { ranAt: now, owner },
  });
  if (count > 0) return true;
  if (await db.schedulerJob.findUnique({ where: { name }, select: { name: true } })) return false;
  try {
    await db.schedulerJob.create({ data: { name, ranAt: now, owner } });
    return true;
  } catch (err) {
    // Another process created it first: the period is theirs.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
