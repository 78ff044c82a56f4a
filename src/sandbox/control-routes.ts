/**
 * The control API (/_sandbox/...): one route table, compiled once into the sandbox's router.
 * Bodies are read as JSON and checked with zod (control-bodies.ts) before anything happens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisteredCommand } from './commands.js';
import {
  autocompleteSchema,
  clickSchema,
  clockSchema,
  faultSchema,
  limitsSchema,
  modalSchema,
  parseBody,
  runSchema,
  worldAdditionsSchema,
} from './control-bodies.js';
import { z } from 'zod';
import { setDmsOpen } from './closed-dms.js';
import { ControlError } from './errors.js';
import { compileRoute } from './faults.js';
import { readRaw, sendBytes, sendJson } from './http-util.js';
import { interactionSummary } from './interactions.js';
import { messageSummary, type StoredMessage } from './messages.js';
import { Router } from './router.js';
import { applyLimits, type SandboxState } from './state.js';
import { autocomplete, click, runCommand, submitModal } from './user-actions.js';
import { addToWorld } from './world-events.js';
import type { ChannelRecord } from './world-store.js';

type Obj = Record<string, unknown>;

interface ControlContext {
  state: SandboxState;
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

/** A control route answers JSON (status 200) or, returning `undefined`, has answered itself. */
type ControlHandler = (ctx: ControlContext) => Promise<unknown> | unknown;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(req);
  if (raw.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ControlError(400, 'the body must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlError(400, 'the body must be a JSON object');
  return value;
}

async function waitForMessages(
  state: SandboxState,
  list: () => StoredMessage[],
  waitMs: number,
  res: ServerResponse,
): Promise<StoredMessage[]> {
  const now = list();
  if (now.length > 0 || !(waitMs > 0)) return now;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.min(waitMs, 120_000));
    const off = state.messages.onMessage(() => {
      // Let the route finish (announce, answer) before reading.
      setImmediate(() => {
        if (list().length > 0) done();
      });
    });
    // The caller went away (or the sandbox is closing): stop waiting.
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      off();
      res.off('close', done);
      resolve();
    }
  });
  return list();
}

function messageListOptions(query: URLSearchParams) {
  return { ephemeral: query.get('ephemeral') === '1' || query.get('ephemeral') === 'true', after: query.get('after') ?? undefined };
}

/** A channel by id or name: in the given guild, else the first guild, else anywhere. */
function channelOf(state: SandboxState, ref: string, guildRef: string | null): ChannelRecord {
  if (guildRef !== null) return state.world.channel(state.world.guild(guildRef).id, ref);
  try {
    return state.world.channel(state.world.guild().id, ref);
  } catch {
    return state.world.channel(undefined, ref);
  }
}

const okBody = { ok: true };

const controlRoutes: { method: string; pattern: string; handler: ControlHandler }[] = [
  { method: 'GET', pattern: '/_sandbox', handler: ({ state }) => index(state) },
  { method: 'POST', pattern: '/_sandbox/interactions', handler: async ({ state, req }) => runCommand(state, parseBody(runSchema, await readJson(req))) },
  { method: 'GET', pattern: '/_sandbox/interactions', handler: ({ state }) => state.interactions.list().map(interactionSummary) },
  {
    method: 'GET',
    pattern: '/_sandbox/interactions/:id',
    handler: ({ state, params }) => {
      const record = state.interactions.get(params.id ?? '');
      if (!record) throw new ControlError(404, `unknown interaction ${params.id}`);
      return interactionSummary(record);
    },
  },
  { method: 'POST', pattern: '/_sandbox/autocomplete', handler: async ({ state, req }) => autocomplete(state, parseBody(autocompleteSchema, await readJson(req))) },
  { method: 'POST', pattern: '/_sandbox/components', handler: async ({ state, req }) => click(state, parseBody(clickSchema, await readJson(req))) },
  { method: 'POST', pattern: '/_sandbox/modals', handler: async ({ state, req }) => submitModal(state, parseBody(modalSchema, await readJson(req))) },
  {
    method: 'GET',
    pattern: '/_sandbox/channels/:channel/messages',
    handler: async ({ state, params, query, res }) => {
      const channel = channelOf(state, params.channel ?? '', query.get('guild'));
      const opts = messageListOptions(query);
      const list = await waitForMessages(state, () => state.messages.inChannel(channel.id, opts), Number(query.get('waitMs') ?? 0), res);
      return list.map((m) => messageSummary(m, state.baseUrl));
    },
  },
  {
    method: 'GET',
    pattern: '/_sandbox/messages',
    handler: async ({ state, query, res }) => {
      const opts = messageListOptions(query);
      const list = await waitForMessages(state, () => state.messages.everywhere(opts), Number(query.get('waitMs') ?? 0), res);
      return list.map((m) => messageSummary(m, state.baseUrl));
    },
  },
  { method: 'GET', pattern: '/_sandbox/violations', handler: ({ state }) => state.violations },
  {
    method: 'DELETE',
    pattern: '/_sandbox/violations',
    handler: ({ state }) => {
      state.violations.length = 0;
      return okBody;
    },
  },
  {
    method: 'GET',
    pattern: '/_sandbox/commands',
    handler: ({ state }) => {
      const guilds: Record<string, RegisteredCommand[]> = {};
      for (const { scope, commands } of state.commands.all()) if (scope !== 'global') guilds[scope] = commands;
      return { global: state.commands.list('global'), guilds };
    },
  },
  { method: 'GET', pattern: '/_sandbox/faults', handler: ({ state }) => state.faults.list() },
  {
    method: 'POST',
    pattern: '/_sandbox/faults',
    handler: async ({ state, req }) => {
      const spec = parseBody(faultSchema, await readJson(req));
      compileRoute(spec.route); // reject a bad pattern before anything happens
      const rule = state.faults.add(spec);
      const gateway: Record<string, number> = {};
      if (spec.dropGateway) gateway.dropped = state.gateway.drop();
      if (spec.reconnect) gateway.reconnect = state.gateway.reconnect();
      if (spec.invalidSession) gateway.invalidSession = state.gateway.invalidate(spec.resumable === true);
      if (!rule && Object.keys(gateway).length === 0) {
        throw new ControlError(400, 'a fault needs a status or delayMs (REST), or dropGateway / reconnect / invalidSession');
      }
      return { ok: true, ...(rule ? { rule: { ...rule, matcher: undefined } } : {}), gateway };
    },
  },
  {
    method: 'DELETE',
    pattern: '/_sandbox/faults',
    handler: ({ state }) => {
      state.faults.clear();
      return okBody;
    },
  },
  { method: 'GET', pattern: '/_sandbox/world', handler: ({ state }) => state.world.summary() },
  {
    method: 'POST',
    pattern: '/_sandbox/users/:user/dms',
    handler: async ({ state, req, params }) => {
      const { open } = parseBody(z.strictObject({ open: z.boolean() }), await readJson(req));
      const user = state.world.user(params.user);
      setDmsOpen(state, user.id, open);
      return { ok: true, user: user.id, dmsOpen: open };
    },
  },
  {
    method: 'POST',
    pattern: '/_sandbox/world',
    handler: async ({ state, req }) => {
      addToWorld(state, parseBody(worldAdditionsSchema, await readJson(req)));
      return state.world.summary();
    },
  },
  {
    method: 'GET',
    pattern: '/_sandbox/requests',
    handler: ({ state, query }) => {
      const filter = query.get('route');
      const match = filter ? compileRoute(filter) : undefined;
      return match ? state.requests.filter((r) => match(`${r.method} ${r.path}`, r.path)) : state.requests;
    },
  },
  {
    method: 'DELETE',
    pattern: '/_sandbox/requests',
    handler: ({ state }) => {
      state.requests.length = 0;
      return okBody;
    },
  },
  { method: 'GET', pattern: '/_sandbox/clock', handler: ({ state }) => state.clock.state() },
  {
    method: 'POST',
    pattern: '/_sandbox/clock',
    handler: async ({ state, req }) => {
      await state.clock.move(parseBody(clockSchema, await readJson(req)));
      return state.clock.state();
    },
  },
  { method: 'GET', pattern: '/_sandbox/limits', handler: ({ state }) => state.limits },
  {
    method: 'POST',
    pattern: '/_sandbox/limits',
    handler: async ({ state, req }) => {
      applyLimits(state.limits, parseBody(limitsSchema, await readJson(req)));
      return state.limits;
    },
  },
  { method: 'GET', pattern: '/_sandbox/gateway', handler: ({ state }) => state.gateway.summary() },
  {
    method: 'POST',
    pattern: '/_sandbox/reset',
    handler: ({ state }) => {
      state.reset();
      return okBody;
    },
  },
  {
    method: 'GET',
    pattern: '/_sandbox/attachments/:id/:name',
    handler: ({ state, params, res }) => {
      const upload = state.uploads.get(params.id ?? '');
      if (!upload) throw new ControlError(404, 'unknown attachment');
      sendBytes(res, upload.data, upload.contentType, upload.filename);
      return undefined;
    },
  },
  {
    method: 'GET',
    pattern: '/_sandbox/files/:id/:name',
    handler: ({ state, params, res }) => {
      const file = state.messages.attachment(params.id ?? '');
      if (!file) throw new ControlError(404, 'unknown file');
      sendBytes(res, file.data, file.contentType ?? 'application/octet-stream', file.filename);
      return undefined;
    },
  },
];

const router = new Router(controlRoutes.map((r) => ({ method: r.method, pattern: r.pattern, route: r.handler })));

export async function handleControl(state: SandboxState, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const found = router.match(method, path);
    if (found === undefined || found === 'method') {
      throw new ControlError(404, `no control endpoint ${method} ${path} (GET /_sandbox lists them)`);
    }
    const body = await found.route({ state, req, res, params: found.params, query });
    if (body !== undefined) sendJson(res, 200, body);
  } catch (e) {
    if (e instanceof ControlError) return sendJson(res, e.status, { ok: false, status: e.status, error: e.message });
    state.log.error({ err: e, method, path }, 'sandbox: control call failed');
    return sendJson(res, 500, { ok: false, status: 500, error: (e as Error).message });
  }
}

function index(state: SandboxState): Obj {
  return {
    url: state.baseUrl,
    apiUrl: `${state.baseUrl}/api`,
    gatewayUrl: state.gatewayUrl,
    applicationId: state.world.applicationId,
    botUserId: state.world.bot.id,
    endpoints: [
      'POST /_sandbox/interactions {guild?, channel?, user?, locale?, command, attachments?, waitMs?, settleMs?}',
      'POST /_sandbox/autocomplete {guild?, channel?, user?, locale?, command, focused?}',
      'POST /_sandbox/components {message, customId, values?, user?, locale?}',
      'POST /_sandbox/modals {interaction, fields}',
      'GET  /_sandbox/interactions[/{id}]',
      'GET  /_sandbox/channels/{id|name}/messages?guild=&after=&waitMs=&ephemeral=1',
      'GET  /_sandbox/messages?after=&waitMs=&ephemeral=1',
      'GET|DELETE /_sandbox/violations',
      'GET  /_sandbox/commands',
      'GET|POST|DELETE /_sandbox/faults',
      'GET|POST /_sandbox/world',
      'GET|DELETE /_sandbox/requests?route=',
      'GET|POST /_sandbox/clock {now?, advance?}',
      'GET|POST /_sandbox/limits',
      'GET  /_sandbox/gateway',
      'POST /_sandbox/reset',
    ],
  };
}
