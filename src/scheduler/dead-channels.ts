// Channels that just refused a post for good (no access, unknown channel): the rest of their
// queue fails with the same reason without asking Discord again (10,000 refused requests in
// 10 minutes get the bot's IP banned), until someone may have fixed it.
import type { Clock } from '../clock';
import { PERMANENT_CODES, type PostError } from '../posting/poster';

export class DeadChannels {
  private readonly dead = new Map<string, { error: PostError; until: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly holdMs = 60_000,
  ) {}

  /** Remembers the channel when the error holds for the whole channel (a refused body does not). */
  note(channelId: string, error: PostError): void {
    if (error.permanent && error.code !== undefined && PERMANENT_CODES.has(error.code)) {
      this.dead.set(channelId, { error, until: this.clock.now().getTime() + this.holdMs });
    }
  }

  /** The error the channel refused with a moment ago, if any. */
  refusal(channelId: string): PostError | undefined {
    const hit = this.dead.get(channelId);
    if (!hit) return undefined;
    if (hit.until > this.clock.now().getTime()) return hit.error;
    this.dead.delete(channelId);
    return undefined;
  }
}
