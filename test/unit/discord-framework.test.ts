import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandDefinitions, commandModules } from '../../commands';
import { packKey, pageButtons, unpackKey } from '../../src/discord/components';
import { normaliseCommand, sameDefinitions } from '../../src/discord/deploy-commands';
import { fitChoices, fitReply } from '../../src/discord/limits';
import { accessRefusal } from '../../src/discord/permissions';
import { translator } from '../../src/i18n';

const en = translator('en');

describe('command definitions', () => {
  it('are valid for Discord: names, lengths, required options first, ≤ 25 options', () => {
    for (const def of commandDefinitions()) {
      expect(def.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(def.description.length).toBeLessThanOrEqual(100);
      for (const sub of def.options ?? []) {
        expect(sub.type).toBe(ApplicationCommandOptionType.Subcommand);
        expect(sub.description.length).toBeLessThanOrEqual(100);
        const opts = (sub as { options?: Array<{ name: string; required?: boolean; description: string }> }).options ?? [];
        expect(opts.length).toBeLessThanOrEqual(25);
        const firstOptional = opts.findIndex((o) => !o.required);
        if (firstOptional >= 0) expect(opts.slice(firstOptional).every((o) => !o.required)).toBe(true);
        for (const o of opts) {
          expect(o.name).toMatch(/^[-_a-z0-9]{1,32}$/);
          expect(o.description.length).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it('hides a command (Manage Server by default) only when every part of it needs Manage Server', () => {
    // Discord hides a command from members without its default permissions, so a command with
    // anything a coordinator or member may use must stay visible; access is checked at run time.
    for (const c of commandModules) {
      const access = [...Object.values(c.subcommands), ...Object.values(c.components)].map((s) => s.access);
      const expected = access.every((a) => a === 'admin') ? PermissionFlagsBits.ManageGuild.toString() : null;
      expect(c.definition.default_member_permissions, c.name).toBe(expected);
    }
    const settings = commandModules.find((c) => c.name === 'settings')!;
    expect(settings.definition.default_member_permissions).toBeNull();
    expect(settings.subcommands['coordinator-role']!.access).toBe('admin');
  });

  it('are installed in servers and run in servers only', () => {
    for (const d of commandDefinitions()) {
      expect(d.integration_types, d.name).toEqual([ApplicationIntegrationType.GuildInstall]);
      expect(d.contexts, d.name).toEqual([InteractionContextType.Guild]);
    }
  });
});

describe('access', () => {
  const role = '999999999999999999';
  it('lets Manage Server and the coordinator role change things', () => {
    expect(accessRefusal('read', { manageGuild: false, roleIds: [] }, null, en)).toBeNull();
    expect(accessRefusal('change', { manageGuild: true, roleIds: [] }, null, en)).toBeNull();
    expect(accessRefusal('change', { manageGuild: false, roleIds: [role] }, role, en)).toBeNull();
    expect(accessRefusal('change', { manageGuild: false, roleIds: [] }, role, en)).toBe(`You need the **Manage Server** permission or the <@&${role}> role to change things here.`);
    expect(accessRefusal('change', { manageGuild: false, roleIds: [] }, null, en)).toBe('You need the **Manage Server** permission to change things here (a server admin can name a coordinator role with `/settings coordinator-role`).');
    expect(accessRefusal('admin', { manageGuild: false, roleIds: [role] }, role, en)).toMatch(/Only members with the \*\*Manage Server\*\*/);
  });
});

describe('limits', () => {
  it('cuts replies to what Discord accepts', () => {
    const r = fitReply({
      content: 'x'.repeat(2500),
      embeds: [{ title: 't'.repeat(300), description: 'd'.repeat(5000), fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(2000) })) }],
    });
    expect(r.content!.length).toBe(2000);
    const e = r.embeds![0]!;
    expect(e.title!.length).toBe(256);
    expect(e.description!.length).toBeLessThanOrEqual(4096);
    expect(e.fields!.length).toBeLessThanOrEqual(25);
    const total = e.title!.length + e.description!.length + e.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });
  it('cuts autocomplete to 25 choices of ≤ 100 characters', () => {
    const c = fitChoices(Array.from({ length: 40 }, (_, i) => ({ name: `${i}${'n'.repeat(150)}`, value: `${i}` })));
    expect(c).toHaveLength(25);
    expect(c.every((x) => x.name.length <= 100)).toBe(true);
  });
});

describe('components', () => {
  it('pack filter state into custom ids', () => {
    const key = packKey([50, 'BLR', undefined, '2025-11-01', null]);
    expect(unpackKey(key)).toEqual(['50', 'BLR', undefined, '2025-11-01', undefined]);
    const row = pageButtons('upr', 'list', 1, 3, key, en)!;
    const ids = row.components.map((c) => (c as { custom_id: string }).custom_id);
    expect(ids).toEqual([`upr:list:0:${key}`, `upr:list:2:${key}`]);
    expect(pageButtons('upr', 'list', 1, 1, key, en)).toBeNull();
  });
});

describe('deploy comparison', () => {
  it('treats what Discord returns (ids, omitted defaults) as the same definitions', () => {
    const local = commandDefinitions() as unknown as Record<string, unknown>[];
    const remote = local.map((c, i) => ({
      ...JSON.parse(JSON.stringify(c, (k, v) => (k === 'required' && v === false ? undefined : v))),
      id: String(1000 + i),
      application_id: '1',
      version: '1',
      nsfw: false,
    }));
    expect(sameDefinitions(local, remote.reverse())).toBe(true);
    const changed = remote.map((c) => (c.name === 'letter' ? { ...c, description: 'other' } : c));
    expect(sameDefinitions(local, changed)).toBe(false);
    expect(sameDefinitions(local, remote.slice(1))).toBe(false);
    expect(normaliseCommand({ name: 'x', description: 'y' })).toMatchObject({ type: 1, default_member_permissions: null, options: [] });
  });
});
