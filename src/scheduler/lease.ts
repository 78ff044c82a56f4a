// A claim's lease: while it holds, no other process takes the row; when it runs out (the process
// died or hung), the next claim anywhere takes the row back.
import type { Db } from '../db/client';

/** Renew before a post when less than half the lease is left, so the post cannot outlive it. */
export const needsRenewal = (heldUntilMs: number, nowMs: number, leaseMs: number): boolean => heldUntilMs - nowMs < leaseMs / 2;

/** Moves the lease end of rows still held by `owner`; returns how many were. */
export async function renewLeases(db: Db, owner: string, ids: readonly number[], until: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.reminder.updateMany({ where: { id: { in: [...ids] }, leaseOwner: owner, status: 'claimed' }, data: { leaseUntil: until } });
  return count;
}

/** Gives rows back unposted, at once (not when their lease would run out); returns how many. */
export async function releaseClaims(db: Db, owner: string, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.reminder.updateMany({
    where: { id: { in: [...ids] }, leaseOwner: owner, status: 'claimed' },
    data: { status: 'pending', leaseOwner: null, leaseUntil: null },
  });
  return count;
}
