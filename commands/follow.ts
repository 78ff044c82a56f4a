// /follow — personal follows of states: DMs before their reviews and when interventions are
// recorded where they are under review or took the floor. Opt-in, per member and server.
import { command, opt, sub } from '../src/discord/framework';
import { state } from '../src/discord/options';
import { FOLLOW_ROLES, type FollowRole } from '../src/services/follows';
import { stateName } from '../src/states';

const AS_LABEL: Record<FollowRole, string> = { 'under-review': 'when it is reviewed', recommending: 'when it takes the floor in reviews', both: 'when it is reviewed and when it takes the floor' };

const reply = (content: string) => ({ content, ephemeral: true });

export default command({
  name: 'follow',
  description: 'Follow states: get a DM before their reviews and when interventions are recorded',
  subcommands: {
    add: sub({
      description: 'Follow a state (DMs to you only)',
      access: 'read',
      options: {
        state: state('State to follow'),
        as: opt.string<FollowRole>('As the state under review, as a recommending state, or both (default)', { choices: FOLLOW_ROLES.map((r) => ({ name: r, value: r })) }).optional(),
      },
      async run(ctx, o) {
        const { follow, resumed } = await ctx.services.follows.add(ctx.guildId, ctx.userId, o.state, o.as ?? 'both');
        const name = stateName(follow.stateCode);
        return reply(`You follow **${name}** ${AS_LABEL[follow.role as FollowRole]}: I will send you a direct message.${resumed ? ' Your paused follows in this server are active again.' : ''}`);
      },
    }),
    list: sub({
      description: 'The states you follow here',
      access: 'read',
      options: {},
      async run(ctx) {
        const { follows, paused } = await ctx.services.follows.list(ctx.guildId, ctx.userId);
        const lines = follows.map((f) => `• **${stateName(f.stateCode)}** — ${AS_LABEL[f.role as FollowRole]}`);
        const text = follows.length ? [`You follow ${follows.length} state(s) here${paused ? ' (paused: I cannot DM you)' : ''}:`, ...lines].join('\n') : 'You follow no state here. Start with `/follow add`.';
        return reply(text);
      },
    }),
    remove: sub({
      description: 'Stop following a state',
      access: 'read',
      options: { state: state('State to stop following') },
      async run(ctx, o) {
        const name = await ctx.services.follows.remove(ctx.guildId, ctx.userId, o.state);
        return reply(`You no longer follow **${name}** here.`);
      },
    }),
  },
});
