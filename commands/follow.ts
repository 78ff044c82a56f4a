// /follow — personal follows of states: DMs before their reviews and when interventions are
// recorded where they are under review or took the floor. Opt-in, per member and server.
import { command, opt, sub } from '../src/discord/framework';
import { state } from '../src/discord/options';
import { FOLLOW_ROLES, type FollowRole } from '../src/services/follows';
import { stateName } from '../src/states';

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
        const added = ctx.t(`follow:added.${follow.role as FollowRole}`, { code: follow.stateCode });
        return reply(resumed ? `${added} ${ctx.t('follow:resumed')}` : added);
      },
    }),
    list: sub({
      description: 'The states you follow here',
      access: 'read',
      options: {},
      async run(ctx) {
        const { follows, paused } = await ctx.services.follows.list(ctx.guildId, ctx.userId);
        if (!follows.length) return reply(ctx.t('follow:list.none'));
        // In the order of the names the reader reads.
        const collator = new Intl.Collator(ctx.lang, { sensitivity: 'base' });
        const sorted = [...follows].sort((a, b) => collator.compare(stateName(a.stateCode, ctx.lang), stateName(b.stateCode, ctx.lang)));
        const lines = sorted.map((f) => ctx.t('follow:list.line', { code: f.stateCode, as: ctx.t(`follow:as.${f.role as FollowRole}`) }));
        return reply([ctx.t(paused ? 'follow:list.headPaused' : 'follow:list.head', { count: follows.length }), ...lines].join('\n'));
      },
    }),
    remove: sub({
      description: 'Stop following a state',
      access: 'read',
      options: { state: state('State to stop following') },
      async run(ctx, o) {
        const code = await ctx.services.follows.remove(ctx.guildId, ctx.userId, o.state);
        return reply(ctx.t('follow:removed', { code }));
      },
    }),
  },
});
