// Checks shared by the per-command end-to-end tests (test/e2e/commands-*.test.ts): a snapshot of
// every row a command could touch (to prove that a refused command changed nothing), refusals,
// permission checks, and the "an id from another server behaves as one that does not exist" rule.
import { PermissionFlagsBits } from 'discord.js';
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { Db } from '../../src/db/client';
import { accessRefusal } from '../../src/discord/permissions';
import { translator } from '../../src/i18n';
import type { AttachmentSpec, ReplyResult, Where } from '../../src/sandbox/control';
import type { Harness } from './bot-harness';

export type RunOpts = Where & { attachments?: Record<string, AttachmentSpec>; waitMs?: number };

/** Every row of every table, in a stable order: equal snapshots mean nothing changed. */
export async function snapshot(db: Db) {
  const [guildSettings, review, letter, intervention, recommendation, recommendationState, recommendationTheme, reminder] = await Promise.all([
    db.guildSettings.findMany({ orderBy: { guildId: 'asc' } }),
    db.review.findMany({ orderBy: { id: 'asc' } }),
    db.letter.findMany({ orderBy: { id: 'asc' } }),
    db.intervention.findMany({ orderBy: { id: 'asc' } }),
    db.recommendation.findMany({ orderBy: { id: 'asc' } }),
    db.recommendationState.findMany({ orderBy: [{ recommendationId: 'asc' }, { stateCode: 'asc' }] }),
    db.recommendationTheme.findMany({ orderBy: [{ recommendationId: 'asc' }, { theme: 'asc' }] }),
    db.reminder.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return { guildSettings, review, letter, intervention, recommendation, recommendationState, recommendationTheme, reminder };
}

/** Row counts per table. */
export async function counts(db: Db): Promise<Record<string, number>> {
  const s = await snapshot(db);
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.length]));
}

/** A reply's content and embeds as one searchable text. */
export const text = (r: { content: string | null; embeds: unknown[] }): string => `${r.content ?? ''}\n${JSON.stringify(r.embeds)}`;

/** The UNIX seconds of a wall-clock time in a zone (what a Discord timestamp must carry). */
export function unix(local: string, zone: string): number {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${local} in ${zone}`);
  return Math.floor(dt.toMillis() / 1000);
}

export const unixOf = (d: Date): number => Math.floor(d.getTime() / 1000);

/**
 * Runs a command the bot must refuse with a specific ephemeral message, and checks that no row
 * of any table changed (counts and contents).
 */
export async function expectRefused(h: Harness, command: string, match: RegExp | string, opts: RunOpts = {}): Promise<ReplyResult> {
  const before = await snapshot(h.db);
  const r = await h.control.run(command, opts);
  // Soft: one failing case of a list still lets the others be checked and reported.
  expect.soft(r.ok, `${command}: ${r.error ?? ''}`).toBe(true);
  expect.soft(r.ephemeral, `${command} must answer ephemerally: ${r.content}`).toBe(true);
  if (typeof match === 'string') expect.soft(r.content, command).toContain(match);
  else expect.soft(r.content, command).toMatch(match);
  const after = await snapshot(h.db);
  expect.soft(await counts(h.db), `${command}: row counts`).toEqual(Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v.length])));
  expect.soft(after, `${command}: rows`).toEqual(before);
  return r;
}

/** A command Discord's own client would not send (bad option value, hidden command): nothing reaches the bot, nothing changes. */
export async function expectDiscordRefuses(h: Harness, command: string, status: 400 | 403 | 404, opts: RunOpts = {}): Promise<ReplyResult> {
  const before = await snapshot(h.db);
  const r = await h.control.run(command, opts);
  expect(r.ok, command).toBe(false);
  expect(r.status, `${command}: ${r.error}`).toBe(status);
  expect(await snapshot(h.db), command).toEqual(before);
  return r;
}

/** The refusal a member without access gets (its wording is pinned by the framework's unit test). */
export const NO_ROLE_REFUSAL = accessRefusal('change', { manageGuild: false, roleIds: [] }, null, translator('en'))!;
export const roleRefusal = (roleId: string): string => accessRefusal('change', { manageGuild: false, roleIds: [] }, roleId, translator('en'))!;

/** The id of a role of a guild of the sandbox world. */
export async function roleId(h: Harness, role: string, guild?: string): Promise<string> {
  const world = await h.control.world();
  const g = guild ? world.guilds.find((x) => x.name === guild || x.id === guild) : world.guilds[0];
  const r = g?.roles.find((x) => x.name === role);
  if (!r) throw new Error(`no role ${role} in ${guild ?? 'the first guild'}`);
  return r.id;
}

export async function channelId(h: Harness, channel: string, guild?: string): Promise<string> {
  const world = await h.control.world();
  const g = guild ? world.guilds.find((x) => x.name === guild || x.id === guild) : world.guilds[0];
  const c = g?.channels.find((x) => x.name === channel);
  if (!c) throw new Error(`no channel ${channel} in ${guild ?? 'the first guild'}`);
  return c.id;
}

export async function userId(h: Harness, user: string): Promise<string> {
  const u = (await h.control.world()).users.find((x) => x.name === user);
  if (!u) throw new Error(`no user ${user}`);
  return u.id;
}

/**
 * Gives the bot's own (managed) role Mention Everyone in a guild of the sandbox, so its mention of
 * a role that is not mentionable still notifies (Discord's rule).
 */
export async function letBotMentionEveryone(h: Harness, guild?: string): Promise<void> {
  const world = await h.control.world();
  const g = guild ? world.guilds.find((x) => x.name === guild || x.id === guild) : world.guilds[0];
  const botRole = g?.roles.find((r) => r.managed);
  if (!g || !botRole) throw new Error(`no bot role in ${guild ?? 'the first guild'}`);
  await h.control.addWorld({ roles: [{ guild: g.id, name: botRole.name, permissions: (BigInt(botRole.permissions) | PermissionFlagsBits.MentionEveryone).toString() }] });
}

/** Makes the coordinator role the server's (as admin) and gives it to `user` (or takes it away). */
export async function setCoordinator(h: Harness, user: string, give: boolean, guild?: string): Promise<string> {
  const r = await h.control.run('/settings coordinator-role role:coordinator', { user: 'admin', ...(guild ? { guild } : {}) });
  expect(r.ok && r.ephemeral === false, r.content ?? r.error).toBe(true);
  await h.control.addWorld({ memberRoles: [{ user, role: 'coordinator', ...(guild ? { guild } : {}), ...(give ? {} : { remove: true }) }] });
  return roleId(h, 'coordinator', guild);
}

/**
 * Guild isolation: a command naming an item of another server (`foreign`) must answer exactly
 * as the same command naming an item that exists nowhere (`missing`), once the two ids (or names)
 * are replaced by a placeholder; and it must change nothing.
 */
export async function expectSameAsMissing(
  h: Harness,
  foreign: { command: string; ref: string },
  missing: { command: string; ref: string },
  opts: RunOpts,
): Promise<{ foreign: ReplyResult; missing: ReplyResult }> {
  const before = await snapshot(h.db);
  const a = await h.control.run(foreign.command, opts);
  const b = await h.control.run(missing.command, opts);
  expect(await snapshot(h.db), foreign.command).toEqual(before);
  const norm = (r: ReplyResult, ref: string) => ({
    ok: r.ok,
    ephemeral: r.ephemeral,
    type: r.type,
    text: text(r).split(ref).join('<REF>'),
  });
  expect(a.ok, foreign.command).toBe(true);
  expect(norm(a, foreign.ref)).toEqual(norm(b, missing.ref));
  return { foreign: a, missing: b };
}
