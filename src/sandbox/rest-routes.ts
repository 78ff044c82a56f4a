/**
 * The REST routes the bot calls (below /api/v10): gateway, users, application, commands,
 * channels and messages, guilds, and the interaction routes; compiled once into one router.
 */
import { applicationObject, channelObject, guildObject, memberObject, roleObject, userObject } from './discord-objects.js';
import { Errors, DiscordHttpError } from './errors.js';
import { commandRoutes } from './command-routes.js';
import { interactionRoutes } from './interaction-callbacks.js';
import { historyPage } from './message-history.js';
import type { MessageInput } from './messages.js';
import { Permission } from './permissions.js';
import { noContent, obj, ok, type Obj, type RouteDef } from './rest-context.js';
import { apiMessage, applyEdit, guildOf, ownMessage, visibleChannel } from './rest-lookups.js';
import { Router } from './router.js';
import { refuseClosedDm } from './closed-dms.js';
import { scheduledEventRoutes } from './scheduled-events.js';
import { validateCreateDm, validateMessageCreate, validateMessageEdit } from './validation.js';

export const routes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/gateway',
    auth: 'none',
    handler: (ctx) => ok({ url: ctx.state.gatewayUrl }),
  },
  {
    method: 'GET',
    pattern: '/gateway/bot',
    auth: 'bot',
    handler: (ctx) =>
      ok({
        url: ctx.state.gatewayUrl,
        shards: ctx.state.recommendedShards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
  },
  {
    method: 'GET',
    pattern: '/users/@me',
    auth: 'bot',
    handler: (ctx) => ok({ ...userObject(ctx.state.world.bot), verified: true, mfa_enabled: false, email: null, locale: 'en-US' }),
  },
  {
    method: 'GET',
    pattern: '/users/:user_id',
    auth: 'bot',
    handler: (ctx) => {
      const user = ctx.state.world.userById(ctx.params.user_id ?? '');
      if (!user) throw Errors.unknownUser();
      return ok(userObject(user));
    },
  },
  {
    method: 'POST',
    pattern: '/users/@me/channels',
    auth: 'bot',
    handler: (ctx) => {
      ctx.validate(validateCreateDm(ctx.body));
      const user = ctx.state.world.userById(String(obj(ctx.body).recipient_id ?? ''));
      if (!user) throw Errors.unknownUser();
      return ok(channelObject(ctx.state.world, ctx.state.world.dmChannel(user.id)));
    },
  },
  { method: 'GET', pattern: '/applications/@me', auth: 'bot', handler: (ctx) => ok(applicationObject(ctx.state.world)) },
  { method: 'GET', pattern: '/oauth2/applications/@me', auth: 'bot', handler: (ctx) => ok(applicationObject(ctx.state.world)) },

  ...commandRoutes('/applications/:application_id/commands', () => 'global'),
  ...commandRoutes('/applications/:application_id/guilds/:guild_id/commands', (ctx) => guildOf(ctx).id),

  {
    method: 'GET',
    pattern: '/channels/:channel_id',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => ok(channelObject(ctx.state.world, visibleChannel(ctx).channel)),
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/messages',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => {
      const { channel, perms } = visibleChannel(ctx);
      const page = historyPage(ctx.state.messages.inChannel(channel.id), ctx.query);
      // Without Read Message History Discord answers with no messages, not an error.
      if ((perms & Permission.ReadMessageHistory) === 0n) return ok([]);
      return ok(page.map((m) => apiMessage(ctx, m)));
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel_id/messages',
    auth: 'bot',
    major: 'channel_id',
    channelMessageLimit: true,
    handler: (ctx) => {
      const { state } = ctx;
      const { channel, perms } = visibleChannel(ctx);
      if ((perms & Permission.SendMessages) === 0n) throw Errors.missingPermissions();
      refuseClosedDm(state, channel);
      if (ctx.files.length > 0 && (perms & Permission.AttachFiles) === 0n) throw Errors.missingPermissions();
      ctx.validate(validateMessageCreate(ctx.body, ctx.files.length));
      const body = obj(ctx.body) as MessageInput & Obj;
      if (body.enforce_nonce === true && body.nonce !== undefined && body.nonce !== null) {
        const earlier = state.messages.findByNonce(state.world.bot.id, body.nonce, state.limits.nonceTtlMs);
        if (earlier) return ok(apiMessage(ctx, earlier));
      }
      const message = state.messages.create(channel.id, body, ctx.files, { via: 'channel' });
      state.announceMessage('create', message);
      return ok(apiMessage(ctx, message));
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/messages/:message_id',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => ok(apiMessage(ctx, ownMessage(ctx, visibleChannel(ctx).channel))),
  },
  {
    method: 'PATCH',
    pattern: '/channels/:channel_id/messages/:message_id',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => {
      const message = ownMessage(ctx, visibleChannel(ctx).channel);
      if (message.authorId !== ctx.state.world.bot.id) {
        throw new DiscordHttpError(403, { code: 50005, message: 'Cannot edit a message authored by another user' });
      }
      ctx.validate(validateMessageEdit(ctx.body));
      applyEdit(ctx, message, obj(ctx.body) as MessageInput);
      ctx.state.announceMessage('update', message);
      return ok(apiMessage(ctx, message));
    },
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channel_id/messages/:message_id',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => {
      const message = ownMessage(ctx, visibleChannel(ctx).channel);
      ctx.state.messages.delete(message);
      ctx.state.announceMessage('delete', message);
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel_id/typing',
    auth: 'bot',
    major: 'channel_id',
    handler: (ctx) => {
      const { perms } = visibleChannel(ctx);
      if ((perms & Permission.SendMessages) === 0n) throw Errors.missingPermissions();
      return noContent();
    },
  },

  {
    method: 'GET',
    pattern: '/guilds/:guild_id',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const body = guildObject(ctx.state.world, guild);
      if (ctx.query.get('with_counts') === 'true') {
        const members = ctx.state.world.members.filter((m) => m.guildId === guild.id).length;
        return ok({ ...body, approximate_member_count: members, approximate_presence_count: 0 });
      }
      return ok(body);
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/channels',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { world } = ctx.state;
      return ok(world.channels.filter((c) => c.guildId === guild.id).map((c) => channelObject(world, c)));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/roles',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { world } = ctx.state;
      return ok(world.roles.filter((r) => r.guildId === guild.id).map((r) => roleObject(r)));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/members',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { world } = ctx.state;
      const limit = Math.min(Math.max(Number(ctx.query.get('limit') ?? 1) || 1, 1), 1000);
      const after = ctx.query.get('after') ?? '0';
      const list = world.members
        .filter((m) => m.guildId === guild.id && BigInt(m.userId) > BigInt(after))
        .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
        .slice(0, limit);
      return ok(list.map((m) => memberObject(world, m)));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/members/:user_id',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const { world } = ctx.state;
      const userId = ctx.params.user_id === '@me' ? world.bot.id : (ctx.params.user_id ?? '');
      const member = world.member(guild.id, userId);
      if (!member) throw Errors.unknownMember();
      return ok(memberObject(world, member));
    },
  },

  ...scheduledEventRoutes,
  ...interactionRoutes,
];

const router = new Router(routes.map((route) => ({ method: route.method, pattern: route.pattern, route })));

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
  /** "POST /channels/{channel_id}/messages": the bucket's route. */
  bucketRoute: string;
}

/** Finds the route for a method and (decoded) path; 'method' when only the method is wrong. */
export function matchRoute(method: string, path: string): RouteMatch | 'method' | undefined {
  const found = router.match(method, path);
  if (found === undefined || found === 'method') return found;
  return { route: found.route, params: found.params, bucketRoute: `${found.route.method} ${found.template}` };
}
