/**
 * The gateway: Discord's WebSocket protocol as discord.js speaks it (JSON text frames, no
 * compression). HELLO, IDENTIFY -> READY + one GUILD_CREATE per guild of the shard,
 * heartbeats, RESUME with replay of missed dispatches, and faults on demand: dropped
 * connections, op 7 Reconnect, op 9 Invalid Session.
 */
import { guildCreateObject, memberObject, userObject } from './discord-objects.js';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import type { SandboxLogger } from './logger.js';
import { shardOf, type GuildRecord, type World } from './world-store.js';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export const Intent = { Guilds: 1 << 0, GuildMembers: 1 << 1, GuildPresences: 1 << 8, GuildMessages: 1 << 9, DirectMessages: 1 << 12 } as const;

/** IDENTIFY's large_threshold: between 50 and 250, 50 when not given. */
const LARGE_THRESHOLD = { min: 50, max: 250, default: 50 };

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** How many dispatches a session keeps for RESUME. */
  replayBuffer: number;
}

export interface GatewaySession {
  id: string;
  shard: [number, number];
  intents: number;
  /** IDENTIFY's large_threshold. */
  largeThreshold: number;
  seq: number;
  buffer: { s: number; payload: string }[];
  ws: WebSocket | null;
  valid: boolean;
  identifiedAt: number;
  resumes: number;
}

interface Payload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

export class Gateway {
  private readonly sessions: GatewaySession[] = [];
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly world: World,
    private readonly options: GatewayOptions,
    private readonly urls: () => { gateway: string },
    private readonly log: SandboxLogger,
  ) {}

  /** A new WebSocket connection on /gateway. */
  accept(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const version = url.searchParams.get('v');
    const encoding = url.searchParams.get('encoding') ?? 'json';
    this.sockets.add(ws);
    ws.on('close', (code) => this.onClose(ws, code));
    ws.on('error', (err) => this.log.debug({ err }, 'gateway socket error'));
    if (version !== null && version !== '10') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if (encoding !== 'json') {
      ws.close(4002, 'Error while decoding payload (only encoding=json is served)');
      return;
    }
    if (url.searchParams.get('compress')) {
      ws.close(4002, 'Error while decoding payload (compression is not served)');
      return;
    }
    this.send(ws, { op: GatewayOp.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['["sandbox-gateway",{}]'] } });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(4002, 'Error while decoding payload');
        return;
      }
      let payload: Payload;
      try {
        payload = JSON.parse(data.toString()) as Payload;
      } catch {
        ws.close(4002, 'Error while decoding payload');
        return;
      }
      this.onPayload(ws, payload);
    });
  }

  private sessionOf(ws: WebSocket): GatewaySession | undefined {
    return this.sessions.find((s) => s.ws === ws);
  }

  private onPayload(ws: WebSocket, payload: Payload): void {
    const session = this.sessionOf(ws);
    switch (payload.op) {
      case GatewayOp.Heartbeat:
        this.send(ws, { op: GatewayOp.HeartbeatAck });
        return;
      case GatewayOp.Identify:
        if (session?.valid) {
          ws.close(4005, 'Already authenticated');
          return;
        }
        if (session) this.sessions.splice(this.sessions.indexOf(session), 1);
        this.identify(ws, (payload.d ?? {}) as Record<string, unknown>);
        return;
      case GatewayOp.Resume:
        this.resume(ws, (payload.d ?? {}) as Record<string, unknown>);
        return;
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
        if (!session) ws.close(4003, 'Not authenticated');
        return;
      case GatewayOp.RequestGuildMembers:
        if (!session) {
          ws.close(4003, 'Not authenticated');
          return;
        }
        this.guildMembers(session, (payload.d ?? {}) as Record<string, unknown>);
        return;
      default:
        ws.close(4001, 'Unknown opcode');
    }
  }

  private tokenOk(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.world.token;
  }

  private identify(ws: WebSocket, d: Record<string, unknown>): void {
    if (!this.tokenOk(d.token)) {
      ws.close(4004, 'Authentication failed');
      return;
    }
    if (typeof d.intents !== 'number') {
      ws.close(4013, 'Invalid intent(s)');
      return;
    }
    const shardSpec = Array.isArray(d.shard) ? d.shard : [0, 1];
    const [shardId, shardCount] = [Number(shardSpec[0]), Number(shardSpec[1])];
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      ws.close(4010, 'Invalid shard');
      return;
    }
    // A new session replaces earlier, disconnected sessions of the same shard.
    for (let i = this.sessions.length - 1; i >= 0; i--) {
      const s = this.sessions[i];
      if (s && s.shard[0] === shardId && s.shard[1] === shardCount && s.ws === null) this.sessions.splice(i, 1);
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shard: [shardId, shardCount],
      intents: d.intents,
      largeThreshold:
        typeof d.large_threshold === 'number'
          ? Math.min(Math.max(Math.trunc(d.large_threshold), LARGE_THRESHOLD.min), LARGE_THRESHOLD.max)
          : LARGE_THRESHOLD.default,
      seq: 0,
      buffer: [],
      ws,
      valid: true,
      identifiedAt: Date.now(),
      resumes: 0,
    };
    this.sessions.push(session);
    const guilds = this.world.guildsForShard(shardId, shardCount);
    this.log.debug({ session: session.id, shard: session.shard, guilds: guilds.length }, 'gateway identify');
    this.dispatch(session, 'READY', {
      v: 10,
      user: { ...userObject(this.world.bot), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.urls().gateway,
      shard: [shardId, shardCount],
      application: { id: this.world.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
      _trace: ['["sandbox-gateway",{}]'],
    });
    for (const guild of guilds) this.dispatch(session, 'GUILD_CREATE', this.guildCreateFor(session, guild));
  }

  private resume(ws: WebSocket, d: Record<string, unknown>): void {
    if (!this.tokenOk(d.token)) {
      ws.close(4004, 'Authentication failed');
      return;
    }
    const session = this.sessions.find((s) => s.id === d.session_id && s.valid);
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (!session) {
      this.send(ws, { op: GatewayOp.InvalidSession, d: false });
      return;
    }
    if (seq > session.seq) {
      ws.close(4007, 'Invalid seq');
      return;
    }
    const first = session.buffer[0];
    if (first && first.s > seq + 1) {
      // The dispatches the bot missed are no longer all kept: it must start a new session.
      session.valid = false;
      this.send(ws, { op: GatewayOp.InvalidSession, d: false });
      return;
    }
    const previous = session.ws;
    if (previous && previous !== ws && previous.readyState === WebSocket.OPEN) previous.close(4000, 'Session resumed elsewhere');
    session.ws = ws;
    session.resumes += 1;
    const missed = session.buffer.filter((b) => b.s > seq);
    this.log.debug({ session: session.id, from: seq, replay: missed.length }, 'gateway resume');
    for (const b of missed) if (ws.readyState === WebSocket.OPEN) ws.send(b.payload);
    this.dispatch(session, 'RESUMED', { _trace: ['["sandbox-gateway",{}]'] });
  }

  private guildMembers(session: GatewaySession, d: Record<string, unknown>): void {
    const guildIds = Array.isArray(d.guild_id) ? (d.guild_id as string[]) : [String(d.guild_id)];
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const userIds = Array.isArray(d.user_ids) ? (d.user_ids as string[]) : typeof d.user_ids === 'string' ? [d.user_ids] : null;
    const max = typeof d.limit === 'number' && d.limit > 0 ? d.limit : Number.POSITIVE_INFINITY;
    for (const guildId of guildIds) {
      const members = this.world.members
        .filter((m) => m.guildId === guildId)
        .filter((m) => (userIds ? userIds.includes(m.userId) : (this.world.userById(m.userId)?.name ?? '').toLowerCase().startsWith(query)))
        .slice(0, max);
      this.dispatch(session, 'GUILD_MEMBERS_CHUNK', {
        guild_id: guildId,
        members: members.map((m) => memberObject(this.world, m)),
        chunk_index: 0,
        chunk_count: 1,
        ...(typeof d.nonce === 'string' ? { nonce: d.nonce } : {}),
      });
    }
  }

  private onClose(ws: WebSocket, code: number): void {
    this.sockets.delete(ws);
    const session = this.sessionOf(ws);
    if (!session) return;
    session.ws = null;
    // A client that closes with 1000/1001 ends its session; other codes (4200, 1006...) keep it resumable.
    if (code === 1000 || code === 1001) session.valid = false;
    if (!session.valid) this.sessions.splice(this.sessions.indexOf(session), 1);
    this.log.debug({ session: session.id, code }, 'gateway connection closed');
  }

  private send(ws: WebSocket, payload: Payload): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  /** Sends a dispatch on a session (kept for RESUME even while the session is disconnected). */
  dispatch(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1;
    const payload = JSON.stringify({ op: GatewayOp.Dispatch, t, s: session.seq, d });
    session.buffer.push({ s: session.seq, payload });
    if (session.buffer.length > this.options.replayBuffer) session.buffer.splice(0, session.buffer.length - this.options.replayBuffer);
    if (session.ws && session.ws.readyState === WebSocket.OPEN) session.ws.send(payload);
  }

  /** Sessions that receive a guild's events (valid, with the guild in their shard). */
  sessionsFor(guildId: string | null): GatewaySession[] {
    return this.sessions.filter((s) => s.valid && (guildId === null ? s.shard[0] === 0 : shardOf(guildId, s.shard[1]) === s.shard[0]));
  }

  /**
   * The one session an interaction in this guild goes to: the newest connected one, else the
   * newest resumable one (the interaction is then replayed when the bot resumes).
   */
  sessionForInteraction(guildId: string): GatewaySession | undefined {
    const candidates = this.sessionsFor(guildId);
    const connected = candidates.filter((s) => s.ws !== null);
    return (connected.length > 0 ? connected : candidates).at(-1);
  }

  /** Dispatches an event to every session covering the guild, filtered by intent. */
  broadcast(guildId: string | null, t: string, d: unknown, intent?: number): number {
    let n = 0;
    for (const session of this.sessionsFor(guildId)) {
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      this.dispatch(session, t, d);
      n += 1;
    }
    return n;
  }

  /** New guilds join connected bots as GUILD_CREATE on the sessions of their shard. */
  announceGuild(guild: GuildRecord): void {
    for (const session of this.sessionsFor(guild.id)) this.dispatch(session, 'GUILD_CREATE', this.guildCreateFor(session, guild));
  }

  /** GUILD_CREATE as this session's intents and large_threshold shape it. */
  private guildCreateFor(session: GatewaySession, guild: GuildRecord): Record<string, unknown> {
    return guildCreateObject(this.world, guild, {
      presences: (session.intents & Intent.GuildPresences) !== 0,
      largeThreshold: session.largeThreshold,
    });
  }

  // ------------------------------------------------------------------ faults

  /** Closes every connection abruptly (close code 1006 at the client); sessions stay resumable. */
  drop(): number {
    let n = 0;
    for (const ws of [...this.sockets]) {
      ws.terminate();
      n += 1;
    }
    return n;
  }

  /** Sends op 7 Reconnect on every connection. */
  reconnect(): number {
    let n = 0;
    for (const s of this.sessions) {
      if (s.ws) {
        this.send(s.ws, { op: GatewayOp.Reconnect, d: null });
        n += 1;
      }
    }
    return n;
  }

  /** Sends op 9 Invalid Session; unless resumable, the sessions end. */
  invalidate(resumable: boolean): number {
    let n = 0;
    for (const s of [...this.sessions]) {
      if (s.ws) {
        this.send(s.ws, { op: GatewayOp.InvalidSession, d: resumable });
        n += 1;
      }
      if (!resumable) s.valid = false;
    }
    if (!resumable) this.sessions.splice(0, this.sessions.length, ...this.sessions.filter((s) => s.ws !== null));
    return n;
  }

  summary(): Record<string, unknown>[] {
    return this.sessions.map((s) => ({
      id: s.id,
      shard: s.shard,
      intents: s.intents,
      seq: s.seq,
      connected: s.ws !== null,
      valid: s.valid,
      resumes: s.resumes,
      identifiedAt: new Date(s.identifiedAt).toISOString(),
      guilds: this.world.guildsForShard(s.shard[0], s.shard[1]).map((g) => g.id),
    }));
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.sessions.length = 0;
  }
}
