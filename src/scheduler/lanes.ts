// Posting order and parallelism: one after the other within a channel (Discord allows 5 messages
// per 5 s per channel, and readers expect reminders in order), at most `concurrency` channels at once.
import pLimit from 'p-limit';

export interface Lanes {
  run(channelId: string, task: () => Promise<void>): Promise<void>;
}

export function createLanes(concurrency: number): Lanes {
  const slots = pLimit(Math.max(1, concurrency));
  const tails = new Map<string, Promise<void>>();
  return {
    run(channelId, task) {
      const previous = tails.get(channelId) ?? Promise.resolve();
      const next = previous.then(() => slots(task));
      const tail = next.catch(() => undefined);
      tails.set(channelId, tail);
      void tail.finally(() => {
        if (tails.get(channelId) === tail) tails.delete(channelId);
      });
      return next;
    },
  };
}
