export { createScheduler, DEFAULT_BACKOFF_MS, type Scheduler, type SchedulerOptions, type TickResult } from './scheduler';
export { claimDue, detectProvider, nextRunAt, type Provider } from './claim';
export {
  DiscordRestPoster,
  PERMANENT_CODES,
  PostError,
  isPostError,
  toPostError,
  type AllowedMentions,
  type MessagePoster,
  type OutgoingMessage,
} from './poster';
export { MemoryPoster, type PostedMessage } from './memory-poster';
