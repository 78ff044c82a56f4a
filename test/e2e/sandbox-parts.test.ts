/**
 * The sandbox's pieces on their own: command parsing, validation against Discord's rules,
 * fault patterns, durations and snowflakes. (The end-to-end behaviour is in sandbox.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { advanceMillis } from '../../src/sandbox/clock.js';
import { parseCommand, splitOptions } from '../../src/sandbox/command-parser.js';
import { CommandRegistry } from '../../src/sandbox/commands.js';
import { compileRoute } from '../../src/sandbox/faults.js';
import { SnowflakeGenerator, snowflakeTime } from '../../src/sandbox/snowflake.js';
import {
  discordErrorTree,
  validateCommandBulk,
  validateInteractionCallback,
  validateMessageCreate,
  validateWebhookEdit,
} from '../../src/sandbox/validation.js';
import { mergeWorldSpec } from '../../src/sandbox/world-spec.js';
import { World, shardOf } from '../../src/sandbox/world-store.js';

function setup() {
  const ids = new SnowflakeGenerator();
  const world = new World(mergeWorldSpec(), ids);
  const commands = new CommandRegistry(world.applicationId, ids);
  const guild = world.guild();
  commands.overwrite(guild.id, [
    {
      name: 'upr',
      description: 'UPR',
      options: [
        {
          type: 1,
          name: 'add',
          description: 'add',
          options: [
            { type: 3, name: 'state', description: 'state', required: true, autocomplete: true },
            { type: 3, name: 'date', description: 'date', required: true },
            { type: 4, name: 'days', description: 'days', min_value: 1, max_value: 30 },
            { type: 7, name: 'channel', description: 'channel' },
          ],
        },
        {
          type: 2,
          name: 'letter',
          description: 'letters',
          options: [{ type: 1, name: 'list', description: 'list', options: [{ type: 8, name: 'role', description: 'role' }] }],
        },
      ],
    },
  ]);
  const ctx = (mode: 'run' | 'autocomplete' = 'run', focused?: string) => ({
    world,
    guildId: guild.id,
    userId: world.user().id,
    channelId: world.channel(guild.id).id,
    upload: () => {
      throw new Error('no uploads here');
    },
    mode,
    focused,
  });
  const parse = (text: string, mode: 'run' | 'autocomplete' = 'run', focused?: string) =>
    parseCommand(text, (name) => commands.find(guild.id, name), ctx(mode, focused));
  return { world, guild, parse };
}

describe('typed commands', () => {
  it('splits name:value pairs, quoted or running to the next option', () => {
    expect(splitOptions(`state:"Côte d'Ivoire" date:1 May 2026 x:a:b`, new Set(['state', 'date', 'x']))).toEqual([
      { name: 'state', raw: "Côte d'Ivoire" },
      { name: 'date', raw: '1 May 2026' },
      { name: 'x', raw: 'a:b' },
    ]);
    expect(() => splitOptions(`note:'it''s'`, new Set(['note']))).toThrow(/after the closing quote/);
    expect(splitOptions('state:Belarus date:2025-11-03 time:10:30', new Set(['state', 'date', 'time']))).toEqual([
      { name: 'state', raw: 'Belarus' },
      { name: 'date', raw: '2025-11-03' },
      { name: 'time', raw: '10:30' },
    ]);
    expect(splitOptions('note:meet at 10:30 see https://x.org/a', new Set(['note']))).toEqual([
      { name: 'note', raw: 'meet at 10:30 see https://x.org/a' },
    ]);
    expect(splitOptions('note:"say \\"hi\\""', new Set(['note']))).toEqual([{ name: 'note', raw: 'say "hi"' }]);
    expect(() => splitOptions('Belarus', new Set(['state']))).toThrow(/name:value/);
    expect(() => splitOptions('state:"open', new Set(['state']))).toThrow(/closing/);
    expect(() => splitOptions('state:a state:b', new Set(['state']))).toThrow(/twice/);
  });

  it('builds the interaction data Discord sends, with subcommands and resolved objects', () => {
    const { world, guild, parse } = setup();
    const parsed = parse('/upr add state:Belarus date:2025-11-03 days:7 channel:#general');
    const general = world.channel(guild.id, 'general');
    expect(parsed.path).toBe('upr add');
    expect(parsed.data).toMatchObject({
      name: 'upr',
      type: 1,
      guild_id: guild.id,
      options: [
        {
          type: 1,
          name: 'add',
          options: [
            { type: 3, name: 'state', value: 'Belarus' },
            { type: 3, name: 'date', value: '2025-11-03' },
            { type: 4, name: 'days', value: 7 },
            { type: 7, name: 'channel', value: general.id },
          ],
        },
      ],
      resolved: { channels: { [general.id]: { name: 'general', type: 0 } } },
    });
    const group = parse('/upr letter list role:coordinator');
    expect(group.data.options).toEqual([
      { type: 2, name: 'letter', options: [{ type: 1, name: 'list', options: [{ type: 8, name: 'role', value: world.role(guild.id, 'coordinator').id }] }] },
    ]);
  });

  it('refuses what the Discord client would refuse', () => {
    const { parse } = setup();
    expect(() => parse('/upr')).toThrow(/needs a subcommand/);
    expect(() => parse('/upr remove')).toThrow(/unknown subcommand/);
    expect(() => parse('/upr add state:Belarus')).toThrow(/missing required option\(s\): date/);
    expect(() => parse('/upr add state:Belarus date:x days:0')).toThrow(/at least 1/);
    expect(() => parse('/upr add state:Belarus date:x days:two')).toThrow(/not an integer/);
    expect(() => parse('/upr add state:Belarus date:x colour:red')).toThrow(/no option "colour"/);
    expect(() => parse('/upr add state:Belarus date:x channel:#nowhere')).toThrow(/unknown channel/);
    expect(() => parse('/nope')).toThrow(/unknown command/);
  });

  it('marks the focused option for autocomplete and tolerates half-typed values', () => {
    const { parse } = setup();
    const parsed = parse('/upr add date:2025 days:x state:Bel', 'autocomplete');
    expect(parsed.focused).toEqual({ name: 'state', type: 3 });
    const opts = (parsed.data.options as { options: unknown[] }[])[0]!.options;
    expect(opts).toContainEqual({ type: 3, name: 'state', value: 'Bel', focused: true });
    expect(opts).toContainEqual({ type: 4, name: 'days', value: 'x' });
    expect(parse('/upr add', 'autocomplete', 'state').focused?.name).toBe('state');
    expect(() => parse('/upr add date:2', 'autocomplete')).toThrow(/no autocomplete/);
  });
});

describe('validation against Discord', () => {
  it('accepts ordinary messages and refuses Discord\'s limits', () => {
    expect(validateMessageCreate({ content: 'hello', nonce: 'abc', enforce_nonce: true })).toEqual([]);
    expect(validateMessageCreate({ content: 'x'.repeat(2001) }).map((i) => i.code)).toContain('BASE_TYPE_MAX_LENGTH');
    expect(validateMessageCreate({ content: 'x', nonce: 'n'.repeat(26) }).map((i) => i.path)).toContain('nonce');
    expect(validateMessageCreate({}).map((i) => i.code)).toEqual(['EMPTY_MESSAGE']);
    expect(validateMessageCreate({ content: '   ' }).map((i) => i.code)).toEqual(['EMPTY_MESSAGE']);
    const fields = Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    const paths = validateMessageCreate({ embeds: [{ title: 't'.repeat(257), fields, footer: { text: 'f'.repeat(2049) } }] }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['embeds.0.title', 'embeds.0.fields', 'embeds.0.footer.text']));
    const six = validateMessageCreate({ embeds: [{ description: 'd'.repeat(4096) }, { description: 'd'.repeat(2000) }] });
    expect(six.map((i) => i.code)).toContain('MAX_EMBED_SIZE_EXCEEDED');
    const tooManyRows = Array.from({ length: 6 }, (_, i) => ({ type: 1, components: [{ type: 2, style: 1, label: 'b', custom_id: `b${i}` }] }));
    expect(validateMessageCreate({ content: 'x', components: tooManyRows }).map((i) => i.path)).toContain('components');
    const dup = [{ type: 1, components: [{ type: 2, style: 1, label: 'a', custom_id: 'same' }, { type: 2, style: 1, label: 'b', custom_id: 'same' }] }];
    expect(validateMessageCreate({ content: 'x', components: dup }).map((i) => i.code)).toContain('COMPONENT_CUSTOM_ID_DUPLICATED');
    expect(validateWebhookEdit({ content: 'edited' })).toEqual([]);
  });

  it('checks interaction callbacks by type, autocomplete choices included', () => {
    expect(validateInteractionCallback({ type: 4, data: { content: 'hi', flags: 64 } })).toEqual([]);
    expect(validateInteractionCallback({ type: 5, data: { flags: 64 } })).toEqual([]);
    expect(validateInteractionCallback({ type: 4, data: {} }).map((i) => i.code)).toEqual(['EMPTY_MESSAGE']);
    expect(validateInteractionCallback({ type: 3 }).map((i) => i.path)).toEqual(['type']);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` }));
    expect(validateInteractionCallback({ type: 8, data: { choices } }, { focusedType: 3 }).map((i) => i.path)).toContain('data.choices');
    expect(validateInteractionCallback({ type: 8, data: { choices: [{ name: 'x', value: 'v'.repeat(101) }] } }, { focusedType: 3 }).length).toBeGreaterThan(0);
    expect(validateInteractionCallback({ type: 8, data: { choices: [{ name: 'x', value: 1 }] } }, { focusedType: 3 }).map((i) => i.code)).toContain(
      'AUTOCOMPLETE_CHOICE_TYPE_INVALID',
    );
    expect(validateInteractionCallback({ type: 8, data: { choices: [{ name: 'Belarus', value: 'BY' }] } }, { focusedType: 3 })).toEqual([]);
  });

  it('holds command definitions to Discord\'s naming and shape rules', () => {
    const ok = { name: 'upr', description: 'UPR', default_member_permissions: '32', options: [{ type: 3, name: 'state', description: 's', required: true }] };
    expect(validateCommandBulk([ok])).toEqual([]);
    const codes = (body: unknown) => validateCommandBulk([body]).map((i) => `${i.path}:${i.code}`);
    expect(codes({ name: 'Bad Name', description: 'x' })).toContain('0.name:APPLICATION_COMMAND_INVALID_NAME');
    expect(codes({ name: 'Upper', description: 'x' })).toContain('0.name:APPLICATION_COMMAND_INVALID_NAME');
    expect(codes({ name: 'ok', description: '' })).toContain('0.description:BASE_TYPE_REQUIRED');
    expect(codes({ name: 'ok', description: 'd'.repeat(101) })).toContain('0.description:BASE_TYPE_MAX_LENGTH');
    expect(
      codes({ name: 'ok', description: 'x', options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }] }),
    ).toContain('0.options.1.required:APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID');
    const many = Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'o' }));
    expect(codes({ name: 'ok', description: 'x', options: many })).toContain('0.options:BASE_TYPE_MAX_LENGTH');
    expect(validateCommandBulk([ok, ok]).map((i) => i.code)).toContain('APPLICATION_COMMANDS_DUPLICATE_NAME');
    const tree = discordErrorTree(validateCommandBulk([{ name: 'Bad Name', description: 'x' }]));
    expect(tree).toMatchObject({ '0': { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } });
  });
});

describe('sandbox helpers', () => {
  it('matches fault routes by glob or regular expression', () => {
    expect(compileRoute('POST /channels/*/messages')('POST /channels/1/messages', '/channels/1/messages')).toBe(true);
    expect(compileRoute('POST /channels/*/messages')('GET /channels/1/messages', '/channels/1/messages')).toBe(false);
    expect(compileRoute('/channels/*')('GET /channels/1/messages', '/channels/1/messages')).toBe(true);
    expect(compileRoute('^PATCH /webhooks/.*/@original$')('PATCH /webhooks/1/t/messages/@original', '/webhooks/1/t/messages/@original')).toBe(true);
    expect(compileRoute(undefined)('GET /x', '/x')).toBe(true);
  });

  it('reads ISO 8601 durations, months by the calendar', () => {
    const jan31 = new Date('2025-01-31T12:00:00Z');
    expect(advanceMillis(jan31, 'P1D')).toBe(86_400_000);
    expect(advanceMillis(jan31, 'PT1H30M')).toBe(5_400_000);
    expect(new Date(jan31.getTime() + advanceMillis(jan31, 'P1M')).toISOString()).toBe('2025-02-28T12:00:00.000Z');
    expect(advanceMillis(jan31, '-P1W')).toBe(-7 * 86_400_000);
    expect(() => advanceMillis(jan31, '1 day')).toThrow(/ISO 8601/);
    expect(() => advanceMillis(jan31, 'P')).toThrow(/ISO 8601/);
  });

  it('makes realistic, increasing snowflakes and shards guilds like Discord', () => {
    const ids = new SnowflakeGenerator();
    const a = ids.next();
    const b = ids.next();
    expect(a).toMatch(/^\d{18,19}$/);
    expect(BigInt(b) > BigInt(a)).toBe(true);
    expect(Math.abs(snowflakeTime(a) - Date.now())).toBeLessThan(1000);
    // Discord's rule: shard_id = (guild_id >> 22) % num_shards
    expect(shardOf('41771983423143937', 1)).toBe(0);
    expect(shardOf('41771983423143937', 2)).toBe(Number((41771983423143937n >> 22n) % 2n));
  });
});
