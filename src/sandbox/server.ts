/**
 * The local Discord sandbox: one HTTP server on 127.0.0.1 that speaks Discord's REST API
 * (/api/v10/...), its gateway (WebSocket on /gateway) and the sandbox's control API
 * (/_sandbox/...). Point discord.js at `sandbox.apiUrl`:
 *
 *   const sandbox = await startSandbox();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: sandbox.apiUrl } });
 *   await client.login(sandbox.token);
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ClockHook } from './clock.js';
import { handleControl } from './control-routes.js';
import { SandboxControl } from './control.js';
import { sendJson } from './http-util.js';
import { silentLogger, type SandboxLogger } from './logger.js';
import { handleRest } from './rest.js';
import { DEFAULT_LIMITS, SandboxState, applyLimits, type LimitsPatch, type SandboxLimits } from './state.js';
import { mergeWorldSpec, type WorldSpec } from './world-spec.js';
import { type World } from './world-store.js';

export interface SandboxOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Added to the default world (or, with `bare: true`, the whole world). */
  world?: Partial<WorldSpec>;
  /** Discord's limits; e.g. `{ rateLimits: false }` for fast tests, `{ interactionDeadlineMs: 500 }`. */
  limits?: LimitsPatch;
  /** Gateway heartbeat interval announced in HELLO (Discord: 41250 ms). */
  heartbeatIntervalMs?: number;
  /** Dispatches kept per session for RESUME. */
  replayBuffer?: number;
  /** `shards` in GET /gateway/bot: what discord.js spawns with shards 'auto' (default 1). */
  recommendedShards?: number;
  /** A pino logger or anything with debug/info/warn/error; silent by default. */
  logger?: SandboxLogger;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** url + '/api': DISCORD_API_URL, and `new Client({ rest: { api } })` */
  readonly apiUrl: string;
  /** ws://127.0.0.1:PORT/gateway */
  readonly gatewayUrl: string;
  readonly port: number;
  /** The bot token the sandbox accepts. */
  readonly token: string;
  readonly applicationId: string;
  /** The bot's user id (same as the application id, as for bots made since 2020). */
  readonly botUserId: string;
  /** The live world (read it; change it through the control API so connected bots hear of it). */
  readonly world: World;
  readonly limits: SandboxLimits;
  /** A control-API client for this sandbox. */
  readonly control: SandboxControl;
  /**
   * Called with the new bot time whenever POST /_sandbox/clock moves the clock; the control
   * call answers after every hook has finished. Returns a function that removes the hook.
   */
  onClock(hook: ClockHook): () => void;
  close(): Promise<void>;
}

/** Decodes each path segment ("%40original" -> "@original"). */
function decodePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const log = opts.logger ?? silentLogger;
  const limits = applyLimits(structuredClone(DEFAULT_LIMITS), opts.limits);
  const state = new SandboxState(
    mergeWorldSpec(opts.world),
    limits,
    { heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250, replayBuffer: opts.replayBuffer ?? 1000 },
    log,
  );

  state.recommendedShards = opts.recommendedShards ?? 1;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodePath(url.pathname);
    const work = path.startsWith('/_sandbox')
      ? handleControl(state, req, res, path, url.searchParams)
      : path.startsWith('/api/v10/')
        ? handleRest(state, req, res, path.slice('/api/v10'.length), url.searchParams)
        : Promise.resolve(sendJson(res, 404, { message: '404: Not Found', code: 0 }));
    work.catch((err: unknown) => {
      log.error({ err, path }, 'sandbox: request failed');
      sendJson(res, 500, { message: '500: Internal Server Error', code: 0 });
    });
  };

  const server = createServer(onRequest);
  server.keepAliveTimeout = 5_000;
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/gateway' && url.pathname !== '/gateway/') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => state.gateway.accept(ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;
  log.info({ url: state.baseUrl }, 'sandbox listening');

  let closed = false;
  return {
    url: state.baseUrl,
    apiUrl: `${state.baseUrl}/api`,
    gatewayUrl: state.gatewayUrl,
    port,
    token: state.world.token,
    applicationId: state.world.applicationId,
    botUserId: state.world.bot.id,
    world: state.world,
    limits: state.limits,
    control: new SandboxControl(state.baseUrl),
    onClock: (hook) => state.clock.onChange(hook),
    close: async () => {
      if (closed) return;
      closed = true;
      state.gateway.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
