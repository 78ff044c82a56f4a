// How long to wait before trying a reminder again after a transient failure. The first three
// delays fall inside Discord's nonce window (a few minutes), where a re-sent post that had in fact
// landed is de-duplicated by Discord; later tries rely on the search for the earlier post.

/** Delay before attempt n+1 after n transient failures (the last value repeats). */
export const DEFAULT_BACKOFF_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];

/** The delay after `attempts` transient failures (1 = the first one). */
export function retryDelay(attempts: number, schedule: readonly number[] = DEFAULT_BACKOFF_MS): number {
  const steps = schedule.length > 0 ? schedule : DEFAULT_BACKOFF_MS;
  return steps[Math.min(Math.max(attempts, 1) - 1, steps.length - 1)]!;
}
