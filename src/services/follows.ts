// Personal follows: a member follows a state in one server, as the state under review, as a
// recommending state, or both; opt-in only. A member whose DMs turned out closed is paused (no
// more DMs) and told once, privately, the next time they use the bot (the router asks).
import type { Models } from '../db/client';
import { DomainError } from '../domain-error';
import { stateName } from '../states';
import { requireState, type ServiceDeps } from './common';

export const FOLLOW_ROLES = ['under-review', 'recommending', 'both'] as const;
export type FollowRole = (typeof FOLLOW_ROLES)[number];
const MAX_FOLLOWS = 25;

export const PAUSED_NOTICE =
  'I could not send you direct messages (your DMs are closed to me), so your follows in this server are paused. Allow direct messages from server members (Privacy Settings), then run `/follow add` (any state you follow) to resume.';

export class FollowsService {
  constructor(private readonly deps: ServiceDeps) {}

  async add(guildId: string, userId: string, state: string, role: FollowRole = 'both'): Promise<{ follow: Models.Follow; resumed: boolean }> {
    const s = requireState(state);
    const count = await this.deps.db.follow.count({ where: { guildId, userId } });
    const existing = await this.deps.db.follow.findUnique({ where: { guildId_userId_stateCode: { guildId, userId, stateCode: s.code } } });
    if (!existing && count >= MAX_FOLLOWS) throw new DomainError('invalid', `You follow ${count} states here, the most allowed. Remove one with \`/follow remove\` first.`);
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

  async remove(guildId: string, userId: string, state: string): Promise<string> {
    const s = requireState(state);
    const { count } = await this.deps.db.follow.deleteMany({ where: { guildId, userId, stateCode: s.code } });
    if (!count) throw new DomainError('not_found', `You do not follow ${s.name} in this server. See yours with \`/follow list\`.`);
    return stateName(s.code);
  }

  /** The paused notice, once: null when there is nothing to tell. */
  async takePauseNotice(guildId: string, userId: string): Promise<string | null> {
    const { count } = await this.deps.db.followPause.updateMany({ where: { guildId, userId, told: false }, data: { told: true } });
    return count ? PAUSED_NOTICE : null;
  }
}
