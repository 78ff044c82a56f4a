// How reminder rows name what they stand for: (guildId, itemKey, leadKey) is unique.
//   itemKey  "review:12"             the review itself (kind "review")
//            "review:12:submission"  one of its milestones (kind "milestone")
//            "letter:5"              a letter's deadline (kind "letter")
//            "digest"                the weekly digest (kind "digest"; leadKey = ISO week "2026-W14")
//   leadKey  "8w", "1d", "0d"; after an item was rescheduled and a lead had already been posted for
//            the old date, the next round of that lead is "8w#2", "8w#3", ...

export type ReminderKind = 'review' | 'milestone' | 'letter' | 'digest';

export const reviewKey = (reviewId: number): string => `review:${reviewId}`;
export const milestoneKey = (reviewId: number, milestone: string): string => `review:${reviewId}:${milestone}`;
export const letterKey = (letterId: number): string => `letter:${letterId}`;
export const DIGEST_KEY = 'digest';

/** The milestone part of "review:12:submission", or undefined. */
export function milestoneOf(itemKey: string): string | undefined {
  const m = /^review:\d+:(.+)$/.exec(itemKey);
  return m?.[1];
}

/** "8w#2" -> { base: "8w", round: 2 }; "8w" -> round 1. */
export function splitLeadKey(leadKey: string): { base: string; round: number } {
  const m = /^(.*)#(\d+)$/.exec(leadKey);
  return m ? { base: m[1]!, round: Number(m[2]) } : { base: leadKey, round: 1 };
}

export const roundLeadKey = (base: string, round: number): string => (round <= 1 ? base : `${base}#${round}`);

/**
 * The nonce a reminder's post carries (Discord: at most 25 characters). The same row gives the
 * same nonce in every attempt and every process, so Discord de-duplicates a post that was sent
 * twice (a retried timeout, a crash between posting and recording). The row's creation instant
 * makes it differ between databases whose ids coincide (tests, a reset database).
 */
export function reminderNonce(row: { id: number; leadKey: string; createdAt: Date }): string {
  const id = row.id.toString(36);
  const created = row.createdAt.getTime().toString(36);
  const full = `r${id}-${row.leadKey}-${created}`;
  return full.length <= 25 ? full : `r${id}-${created}`.slice(0, 25);
}
