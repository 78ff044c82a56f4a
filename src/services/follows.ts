// Personal follows: a member follows a state in one server, as the state under review, as a
// recommending state, or both; opt-in only. A member whose DMs turned out closed is paused (no
// more DMs) and told once, privately, the next time they use the bot (the router asks).
import type { Models } from '../db/client';
import { DomainError, msg, type Message } from '../domain-error';
import { requireState, type ServiceDeps } from './common';

export const FOLLOW_ROLES = ['under-review', 'recommending', 'both'] as const;
export type FollowRole = (typeof FOLLOW_ROLES)[number];
const MAX_FOLLOWS = 25;

/** What a member whose follows were paused is told, once. */
export const PAUSED_NOTICE: Message = msg('follow:pausedNotice');

export class FollowsService {
  constructor(private readonly deps: ServiceDeps) {}

  async add(guildId: string, userId: string, state: string, role: FollowRole = 'both'): Promise<{ follow: Models.Follow; resumed: boolean }> {
    const s = requireState(state);
    const count = await this.deps.db.follow.count({ where: { guildId, userId } });
    const existing = await this.deps.db.follow.findUnique({ where: { guildId_userId_stateCode: { guildId, userId, stateCode: s.code } } });
    if (!existing && count >= MAX_FOLLOWS) throw new DomainError('invalid', msg('follow:error.tooMany', { count }));
    const follow = await this.deps.db.follow.upsert({
      where: { guildId_userId_stateCode: { guildId, userId, stateCode: s.code } },
      create: { guildId, userId, stateCode: s.code, role },
      update: { role },
    });
    const resumed = (await this.deps.db.followPause.deleteMany({ where: { guildId, userId } })).count > 0;
    return { follow, resumed };
  }

  async list(guildId: string, userId: string): Promise<{ follows: Models.Follow[]; paused: boolean }> {
    const [follows, pause] = await Promise.all([
      this.deps.db.follow.findMany({ where: { guildId, userId }, orderBy: { stateCode: 'asc' } }),
      this.deps.db.followPause.findUnique({ where: { guildId_userId: { guildId, userId } } }),
    ]);
    return { follows, paused: !!pause };
  }

  /** Stops following a state; gives its code. */
  async remove(guildId: string, userId: string, state: string): Promise<string> {
    const s = requireState(state);
    const { count } = await this.deps.db.follow.deleteMany({ where: { guildId, userId, stateCode: s.code } });
    if (!count) throw new DomainError('not_found', msg('follow:error.notFollowing', { code: s.code }));
    return s.code;
  }

  /** The paused notice, once: null when there is nothing to tell. */
  async takePauseNotice(guildId: string, userId: string): Promise<Message | null> {
    const { count } = await this.deps.db.followPause.updateMany({ where: { guildId, userId, told: false }, data: { told: true } });
    return count ? PAUSED_NOTICE : null;
  }
}
