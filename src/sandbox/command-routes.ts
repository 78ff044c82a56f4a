/**
 * Application command registration (global and per guild): list, bulk overwrite, create, read,
 * edit and delete, each body checked against Discord's schema and limits.
 */
import { Errors } from './errors.js';
import { inRequesterLocale } from './commands.js';
import { noContent, obj, ok, queryFlag, type Obj, type RestContext, type RouteDef } from './rest-context.js';
import { applicationOf } from './rest-lookups.js';
import { installTypeIssues, validateCommandBulk, validateCommandCreate, validateCommandEdit } from './validation.js';

/**
 * Whose language a batch GET answers in: the X-Discord-Locale header, then Accept-Language, then
 * the requesting user's own locale.
 */
function requesterLocale(ctx: RestContext): string {
  const header = ctx.headers['x-discord-locale'];
  if (typeof header === 'string' && header) return header;
  const accept = ctx.headers['accept-language'];
  const first = typeof accept === 'string' ? accept.split(',')[0]?.split(';')[0]?.trim() : undefined;
  return first || ctx.state.world.bot.locale;
}

/** Discord reads integration_types only on global commands. */
function installTypes(ctx: RestContext, scope: string) {
  return scope === 'global' ? installTypeIssues(ctx.body, ctx.state.world.installTypes) : [];
}

export function commandRoutes(prefix: string, scopeOf: (ctx: RestContext) => string): RouteDef[] {
  const check = (ctx: RestContext) => {
    applicationOf(ctx);
    return scopeOf(ctx);
  };
  const one = (ctx: RestContext, scope: string) => {
    const command = ctx.state.commands.get(scope, ctx.params.command_id ?? '');
    if (!command) throw Errors.unknownCommand();
    return command;
  };
  // Every command route needs the bot token and shares the application's bucket.
  const route = (method: RouteDef['method'], pattern: string, handler: RouteDef['handler']): RouteDef => ({
    method,
    pattern,
    auth: 'bot',
    major: 'application_id',
    handler,
  });
  const item = `${prefix}/:command_id`;
  return [
    route('GET', prefix, (ctx) => {
      const list = ctx.state.commands.list(check(ctx));
      if (queryFlag(ctx.query, 'with_localizations') === true) return ok(list);
      const locale = requesterLocale(ctx);
      return ok(list.map((c) => inRequesterLocale(c, locale)));
    }),
    route('PUT', prefix, (ctx) => {
      const scope = check(ctx);
      ctx.validate([...validateCommandBulk(ctx.body), ...installTypes(ctx, scope)]);
      return ok(ctx.state.commands.overwrite(scope, (ctx.body as Obj[] | null) ?? []));
    }),
    route('POST', prefix, (ctx) => {
      const scope = check(ctx);
      ctx.validate([...validateCommandCreate(ctx.body), ...installTypes(ctx, scope)]);
      const { command, created } = ctx.state.commands.upsert(scope, obj(ctx.body));
      return ok(command, created ? 201 : 200);
    }),
    route('GET', item, (ctx) => ok(one(ctx, check(ctx)))),
    route('PATCH', item, (ctx) => {
      const scope = check(ctx);
      one(ctx, scope);
      ctx.validate([...validateCommandEdit(ctx.body), ...installTypes(ctx, scope)]);
      return ok(ctx.state.commands.patch(scope, ctx.params.command_id ?? '', obj(ctx.body)));
    }),
    route('DELETE', item, (ctx) => {
      const scope = check(ctx);
      one(ctx, scope);
      ctx.state.commands.remove(scope, ctx.params.command_id ?? '');
      return noContent();
    }),
  ];
}

