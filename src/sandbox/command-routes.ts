/**
 * Application command registration (global and per guild): list, bulk overwrite, create, read,
 * edit and delete, each body checked against Discord's schema and limits.
 */
import { Errors } from './errors.js';
import { noContent, obj, ok, type Obj, type RestContext, type RouteDef } from './rest-context.js';
import { applicationOf } from './rest-lookups.js';
import { validateCommandBulk, validateCommandCreate, validateCommandEdit } from './validation.js';

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
  return [
    { method: 'GET', pattern: prefix, auth: 'bot', major: 'application_id', handler: (ctx) => ok(ctx.state.commands.list(check(ctx))) },
    {
      method: 'PUT',
      pattern: prefix,
      auth: 'bot',
      major: 'application_id',
      handler: (ctx) => {
        const scope = check(ctx);
        ctx.validate(validateCommandBulk(ctx.body));
        return ok(ctx.state.commands.overwrite(scope, (ctx.body as Obj[] | null) ?? []));
      },
    },
    {
      method: 'POST',
      pattern: prefix,
      auth: 'bot',
      major: 'application_id',
      handler: (ctx) => {
        const scope = check(ctx);
        ctx.validate(validateCommandCreate(ctx.body));
        const { command, created } = ctx.state.commands.upsert(scope, obj(ctx.body));
        return ok(command, created ? 201 : 200);
      },
    },
    { method: 'GET', pattern: `${prefix}/:command_id`, auth: 'bot', major: 'application_id', handler: (ctx) => ok(one(ctx, check(ctx))) },
    {
      method: 'PATCH',
      pattern: `${prefix}/:command_id`,
      auth: 'bot',
      major: 'application_id',
      handler: (ctx) => {
        const scope = check(ctx);
        one(ctx, scope);
        ctx.validate(validateCommandEdit(ctx.body));
        return ok(ctx.state.commands.patch(scope, ctx.params.command_id ?? '', obj(ctx.body)));
      },
    },
    {
      method: 'DELETE',
      pattern: `${prefix}/:command_id`,
      auth: 'bot',
      major: 'application_id',
      handler: (ctx) => {
        const scope = check(ctx);
        one(ctx, scope);
        ctx.state.commands.remove(scope, ctx.params.command_id ?? '');
        return noContent();
      },
    },
  ];
}

