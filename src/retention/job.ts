// Runs the purge of departed servers on a timer, apart from the reminder scheduler. Each run
// is one call to RetentionService.purgeDue, which tests drive directly with the clock.
import type { Logger } from '../logging/logger';
import type { RetentionService } from './service';

export interface RetentionJob {
  /** Runs one purge pass now (also what the timer calls). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startRetentionJob(deps: { retention: RetentionService; logger: Logger; intervalMs?: number }): RetentionJob {
  let running: Promise<number> | null = null;
  const runOnce = () => {
    running ??= deps.retention
      .purgeDue()
      .then((purged) => purged.length)
      .catch((err: unknown) => {
        deps.logger.error({ err }, 'purging departed servers failed; the next run tries again');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), deps.intervalMs ?? 3_600_000);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
