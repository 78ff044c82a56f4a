/**
 * Guild scheduled events (list, create, get, modify, delete) with Discord's rules: Create Events
 * or Manage Events to create, and to change the bot's own events (Manage Events for others'),
 * at most 100 events that are scheduled or active, external events need a location and an end
 * time, the start must be in the future and the end after it. Bodies are checked against
 * Discord's OpenAPI schemas first. Only external events (entity_type 3) are modelled.
 */
import { Errors, DiscordHttpError } from './errors.js';
import { userObject } from './discord-objects.js';
import { basePermissions } from './permission-resolver.js';
import { Permission } from './permissions.js';
import { noContent, obj, ok, type RestContext, type RouteDef } from './rest-context.js';
import { guildOf } from './rest-lookups.js';
import type { SandboxState } from './state.js';
import { checkSchema, type Issue } from './validation.js';
import * as spec from 'discord-api-spec/zod';

export const SCHEDULED_EVENT_LIMIT = 100;
const EXTERNAL = 3;
const STATUS = { scheduled: 1, active: 2, completed: 3, canceled: 4 } as const;

export interface StoredScheduledEvent {
  id: string;
  guildId: string;
  creatorId: string;
  name: string;
  description: string | null;
  start: string;
  end: string;
  location: string;
  status: number;
  privacyLevel: number;
}

const stores = new WeakMap<SandboxState, Map<string, StoredScheduledEvent>>();

/** The events of every guild (by id), for the control API and tests. */
export function scheduledEvents(state: SandboxState): Map<string, StoredScheduledEvent> {
  let m = stores.get(state);
  if (!m) stores.set(state, (m = new Map()));
  return m;
}

function eventObject(ctx: RestContext, e: StoredScheduledEvent) {
  const creator = ctx.state.world.userById(e.creatorId);
  return {
    id: e.id,
    guild_id: e.guildId,
    channel_id: null,
    creator_id: e.creatorId,
    ...(creator ? { creator: userObject(creator) } : {}),
    name: e.name,
    description: e.description,
    scheduled_start_time: e.start,
    scheduled_end_time: e.end,
    privacy_level: e.privacyLevel,
    status: e.status,
    entity_type: EXTERNAL,
    entity_id: null,
    entity_metadata: { location: e.location },
    image: null,
    recurrence_rule: null,
  };
}

const formError = (path: string, code: string, message: string): Issue => ({ path, code, message, source: 'limits' });

function canCreate(ctx: RestContext, guildId: string): boolean {
  const perms = basePermissions(ctx.state.world, guildId, ctx.state.world.bot.id);
  return (perms & (Permission.CreateEvents | Permission.ManageEvents)) !== 0n;
}

function requireOwnOrManage(ctx: RestContext, e: StoredScheduledEvent): void {
  const perms = basePermissions(ctx.state.world, e.guildId, ctx.state.world.bot.id);
  const own = e.creatorId === ctx.state.world.bot.id;
  if ((perms & Permission.ManageEvents) !== 0n) return;
  if (own && (perms & Permission.CreateEvents) !== 0n) return;
  throw Errors.missingPermissions();
}

function eventOf(ctx: RestContext): StoredScheduledEvent {
  const guild = guildOf(ctx);
  const e = scheduledEvents(ctx.state).get(ctx.params.event_id ?? '');
  if (!e || e.guildId !== guild.id) throw new DiscordHttpError(404, { message: 'Unknown Guild Scheduled Event', code: 10070 });
  return e;
}

/** Start in the future, end after start (Discord's own checks beyond the schema). */
function timeIssues(ctx: RestContext, start: string, end: string | null | undefined, startChanged: boolean): Issue[] {
  const issues: Issue[] = [];
  const now = ctx.state.clock.now().getTime();
  if (startChanged && Date.parse(start) <= now) issues.push(formError('scheduled_start_time', 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.'));
  if (end && Date.parse(end) <= Date.parse(start)) issues.push(formError('scheduled_end_time', 'GUILD_SCHEDULED_EVENT_END_BEFORE_START', 'Cannot schedule event to end before starting.'));
  return issues;
}

export const scheduledEventRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/scheduled-events',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      const list = [...scheduledEvents(ctx.state).values()].filter((e) => e.guildId === guild.id);
      return ok(list.map((e) => eventObject(ctx, e)));
    },
  },
  {
    method: 'POST',
    pattern: '/guilds/:guild_id/scheduled-events',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const guild = guildOf(ctx);
      if (!canCreate(ctx, guild.id)) throw Errors.missingPermissions();
      const body = obj(ctx.body);
      if (body.entity_type !== EXTERNAL) {
        ctx.validate([formError('entity_type', 'BASE_TYPE_CHOICES', 'This sandbox models external events (entity_type 3) only.')]);
      }
      const issues = checkSchema(spec.ExternalScheduledEventCreateRequestSchema, body);
      const meta = obj(body.entity_metadata);
      if (typeof meta.location !== 'string' || !meta.location.trim()) issues.push(formError('entity_metadata.location', 'BASE_TYPE_REQUIRED', 'This field is required'));
      if (body.scheduled_end_time == null) issues.push(formError('scheduled_end_time', 'BASE_TYPE_REQUIRED', 'This field is required'));
      ctx.validate(issues);
      ctx.validate(timeIssues(ctx, String(body.scheduled_start_time), body.scheduled_end_time as string, true));
      const store = scheduledEvents(ctx.state);
      const open = [...store.values()].filter((e) => e.guildId === guild.id && (e.status === STATUS.scheduled || e.status === STATUS.active)).length;
      if (open >= SCHEDULED_EVENT_LIMIT) {
        throw new DiscordHttpError(400, { message: 'Maximum number of uncompleted guild scheduled events reached (100)', code: 30038 });
      }
      const e: StoredScheduledEvent = {
        id: ctx.state.ids.next(ctx.state.clock.now().getTime()),
        guildId: guild.id,
        creatorId: ctx.state.world.bot.id,
        name: String(body.name),
        description: (body.description as string | null | undefined) ?? null,
        start: new Date(String(body.scheduled_start_time)).toISOString(),
        end: new Date(String(body.scheduled_end_time)).toISOString(),
        location: String(meta.location),
        status: STATUS.scheduled,
        privacyLevel: Number(body.privacy_level),
      };
      store.set(e.id, e);
      return ok(eventObject(ctx, e));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/scheduled-events/:event_id',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => ok(eventObject(ctx, eventOf(ctx))),
  },
  {
    method: 'PATCH',
    pattern: '/guilds/:guild_id/scheduled-events/:event_id',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const e = eventOf(ctx);
      requireOwnOrManage(ctx, e);
      const body = obj(ctx.body);
      const issues = checkSchema(spec.ExternalScheduledEventPatchRequestPartialSchema, body);
      if (body.entity_metadata !== undefined) {
        const meta = obj(body.entity_metadata);
        if (typeof meta.location !== 'string' || !meta.location.trim()) issues.push(formError('entity_metadata.location', 'BASE_TYPE_REQUIRED', 'This field is required'));
      }
      if (body.scheduled_end_time === null) issues.push(formError('scheduled_end_time', 'BASE_TYPE_REQUIRED', 'External events need an end time'));
      ctx.validate(issues);
      const start = typeof body.scheduled_start_time === 'string' ? new Date(body.scheduled_start_time).toISOString() : e.start;
      const end = typeof body.scheduled_end_time === 'string' ? new Date(body.scheduled_end_time).toISOString() : e.end;
      if (e.status !== STATUS.scheduled && body.scheduled_start_time !== undefined) {
        ctx.validate([formError('scheduled_start_time', 'GUILD_SCHEDULED_EVENT_INVALID_STATUS', 'Only scheduled events can be rescheduled.')]);
      }
      ctx.validate(timeIssues(ctx, start, end, start !== e.start));
      if (typeof body.name === 'string') e.name = body.name;
      if (body.description !== undefined) e.description = (body.description as string | null) ?? null;
      e.start = start;
      e.end = end;
      if (body.entity_metadata !== undefined) e.location = String(obj(body.entity_metadata).location);
      if (typeof body.status === 'number') e.status = body.status;
      return ok(eventObject(ctx, e));
    },
  },
  {
    method: 'DELETE',
    pattern: '/guilds/:guild_id/scheduled-events/:event_id',
    auth: 'bot',
    major: 'guild_id',
    handler: (ctx) => {
      const e = eventOf(ctx);
      requireOwnOrManage(ctx, e);
      scheduledEvents(ctx.state).delete(e.id);
      return noContent();
    },
  },
];
