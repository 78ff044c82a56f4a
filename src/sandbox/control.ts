/**
 * A small typed client of the sandbox's control API, for tests, benchmarks and the terminal
 * prompt. Uses fetch; knows nothing of the server's internals.
 *
 *   const control = new SandboxControl(sandbox.url);
 *   const reply = await control.run('/upr add state:Belarus date:2025-11-03');
 *   expect(reply.content).toContain('Belarus');
 */
import type {
  AsLocale,
  AttachmentSpec,
  AutocompleteResult,
  ClockState,
  MessageSummary,
  ReplyResult,
  RequestEntry,
  ViolationEntry,
  Where,
} from './control-types.js';
import { noReply } from './control-types.js';
import type { FaultSpec } from './faults.js';
import type { LimitsPatch, SandboxLimits } from './state.js';
import type { WorldAdditions } from './world-spec.js';

export type * from './control-types.js';
export type { FaultSpec } from './faults.js';
export type { WorldAdditions } from './world-spec.js';
export type { LimitsPatch, SandboxLimits } from './state.js';

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface WorldSummary {
  application: { id: string };
  bot: { id: string; name: string };
  guilds: {
    id: string;
    name: string;
    ownerId: string;
    /** The server's preferred locale. */
    locale: string;
    channels: { id: string; name: string; type: number; botCanView: boolean; botCanPost: boolean }[];
    roles: { id: string; name: string; permissions: string; managed: boolean }[];
    members: { user: string; name: string; roles: string[] }[];
  }[];
  users: { id: string; name: string; bot: boolean; locale: string }[];
  dms: { id: string; name: string; user: string }[];
}

export class SandboxControl {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown, okStatuses: number[] = [], signal?: AbortSignal): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok && !okStatuses.includes(res.status)) {
      const error = (json as { error?: string } | undefined)?.error ?? `${res.status} ${res.statusText}`;
      throw new SandboxControlError(res.status, error);
    }
    return json as T;
  }

  /**
   * Types a slash command as a user would and returns the bot's reply. A command Discord's
   * client would refuse (unknown option, missing required one...) comes back with `ok: false`
   * and the HTTP status (400/403/503) rather than throwing. With `locale` (e.g. "es-419") the
   * user types and sees the command names of that locale, and the interaction carries it.
   */
  async run(
    command: string,
    opts: Where & AsLocale & { attachments?: Record<string, AttachmentSpec>; waitMs?: number; settleMs?: number } = {},
  ): Promise<ReplyResult> {
    const res = await fetch(`${this.baseUrl}/_sandbox/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...opts, command }),
    });
    const json = (await res.json()) as ReplyResult | { ok: false; status: number; error: string };
    if ('type' in json) return json;
    return noReply(res.status, json.error);
  }

  /** Types a command up to an option with autocomplete and returns the bot's choices. */
  autocomplete(command: string, opts: Where & AsLocale & { focused?: string } = {}): Promise<AutocompleteResult> {
    return this.call('POST', '/autocomplete', { ...opts, command });
  }

  /** Clicks a button (or picks select values) on a message the bot posted. */
  click(message: string, customId: string, opts: AsLocale & { values?: string[]; user?: string; waitMs?: number; settleMs?: number } = {}): Promise<ReplyResult> {
    return this.call('POST', '/components', { ...opts, message, customId });
  }

  /** Fills in and submits the modal the bot opened in answer to `interactionId`. */
  submitModal(interactionId: string, fields: Record<string, string>, opts: { waitMs?: number } = {}): Promise<ReplyResult> {
    return this.call('POST', '/modals', { ...opts, interaction: interactionId, fields });
  }

  /** What the bot posted in a channel (id or name), oldest first, with nonces. */
  messages(
    channel = 'advocacy',
    opts: { guild?: string; after?: string; waitMs?: number; ephemeral?: boolean } = {},
  ): Promise<MessageSummary[]> {
    const q = new URLSearchParams();
    if (opts.guild) q.set('guild', opts.guild);
    if (opts.after) q.set('after', opts.after);
    if (opts.waitMs) q.set('waitMs', String(opts.waitMs));
    if (opts.ephemeral) q.set('ephemeral', '1');
    return this.call('GET', `/channels/${encodeURIComponent(channel)}/messages?${q}`);
  }

  /** Messages in every channel (after an id, optionally waiting for the next one). */
  allMessages(opts: { after?: string; waitMs?: number; ephemeral?: boolean; signal?: AbortSignal } = {}): Promise<MessageSummary[]> {
    const q = new URLSearchParams();
    if (opts.after) q.set('after', opts.after);
    if (opts.waitMs) q.set('waitMs', String(opts.waitMs));
    if (opts.ephemeral) q.set('ephemeral', '1');
    return this.call('GET', `/messages?${q}`, undefined, [], opts.signal);
  }

  /** Waits until a channel has a message matching `match` (posted after `after`, if given). */
  async waitForMessage(
    channel: string,
    match: (m: MessageSummary) => boolean = () => true,
    opts: { guild?: string; after?: string; timeoutMs?: number } = {},
  ): Promise<MessageSummary> {
    const deadline = Date.now() + (opts.timeoutMs ?? 5000);
    let after = opts.after;
    for (;;) {
      const left = deadline - Date.now();
      const list = await this.messages(channel, { guild: opts.guild, after, waitMs: Math.max(left, 1) });
      const found = list.find(match);
      if (found) return found;
      if (list.length > 0) after = list[list.length - 1]?.id;
      if (Date.now() >= deadline) throw new SandboxControlError(408, `no matching message in ${channel} within ${opts.timeoutMs ?? 5000} ms`);
    }
  }

  violations(): Promise<ViolationEntry[]> {
    return this.call('GET', '/violations');
  }

  clearViolations(): Promise<void> {
    return this.call('DELETE', '/violations');
  }

  /** Injects a fault (REST rule and/or a gateway action). */
  fault(spec: FaultSpec): Promise<{ ok: true; rule?: unknown; gateway: Record<string, number> }> {
    return this.call('POST', '/faults', spec);
  }

  clearFaults(): Promise<void> {
    return this.call('DELETE', '/faults');
  }

  world(): Promise<WorldSummary> {
    return this.call('GET', '/world');
  }

  /** Adds guilds, channels, users, roles or member roles; connected bots are told. */
  addWorld(additions: WorldAdditions): Promise<WorldSummary> {
    return this.call('POST', '/world', additions);
  }

  /** Moves the bot's clock (`{ now }` or `{ advance: 'P1D' }`); without arguments, reads it. */
  clock(move?: { now?: string; advance?: string }): Promise<ClockState> {
    return move ? this.call('POST', '/clock', move) : this.call('GET', '/clock');
  }

  /** The REST requests the bot made (optionally only those matching a route pattern). */
  requests(route?: string): Promise<RequestEntry[]> {
    return this.call('GET', `/requests${route ? `?route=${encodeURIComponent(route)}` : ''}`);
  }

  clearRequests(): Promise<void> {
    return this.call('DELETE', '/requests');
  }

  commands(): Promise<{ global: unknown[]; guilds: Record<string, unknown[]> }> {
    return this.call('GET', '/commands');
  }

  /** Reads or changes Discord's limits (rate limits on/off, deadlines...). */
  limits(patch?: LimitsPatch): Promise<SandboxLimits> {
    return patch ? this.call('POST', '/limits', patch) : this.call('GET', '/limits');
  }

  gateway(): Promise<{ id: string; shard: [number, number]; connected: boolean; seq: number; resumes: number; guilds: string[] }[]> {
    return this.call('GET', '/gateway');
  }

  /** Clears messages, interactions, violations, requests, faults and rate counters. */
  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }
}
