export { createScheduler, NONCE_WINDOW_MS, type PeriodicJob, type Scheduler, type SchedulerOptions, type StopOptions, type TickResult } from './scheduler';
export { DEFAULT_BACKOFF_MS } from './backoff';
export { claimDueBatch, countDue, detectProvider, nextRunAt, type Provider } from './claim';
