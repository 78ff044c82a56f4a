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
