/**
 * Localized commands in the sandbox, as Discord treats them: registrations whose localizations
 * break Discord's rules are refused and recorded (bulk overwrite, create, edit); a batch GET
 * shows the requester's locale unless asked for the dictionaries; a user types the names their
 * locale shows while the interaction carries the default names and values; the control API's
 * `locale` is the interaction's, and a guild's preferred locale can be set.
 */
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/sandbox/command-parser.js';
import { CommandRegistry } from '../../src/sandbox/commands.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SnowflakeGenerator } from '../../src/sandbox/snowflake.js';
import { mergeWorldSpec } from '../../src/sandbox/world-spec.js';
import { World } from '../../src/sandbox/world-store.js';

const letter = {
  name: 'letter',
  description: 'Letters',
  name_localizations: { 'es-ES': 'carta' },
  description_localizations: { 'es-ES': 'Cartas', 'es-419': 'Cartas' },
  options: [
    {
      type: 1,
      name: 'add',
      description: 'Plan a letter',
      name_localizations: { 'es-ES': 'agregar' },
      options: [
        { type: 3, name: 'to', description: 'State addressed', required: true, autocomplete: true, name_localizations: { 'es-ES': 'para' } },
        { type: 4, name: 'days', description: 'Days', name_localizations: { 'es-ES': 'dias' }, min_value: 1 },
        {
          type: 3,
          name: 'status',
          description: 'Status',
          name_localizations: { 'es-ES': 'estado' },
          choices: [
            { name: 'due', value: 'due', name_localizations: { 'es-ES': 'pendiente' } },
            { name: 'not held', value: 'not_held', name_localizations: { 'es-ES': 'no realizado' } },
          ],
        },
        { type: 3, name: 'notes', description: 'Notes' },
      ],
    },
    { type: 1, name: 'list', description: 'List letters', name_localizations: { 'es-ES': 'listar', 'en-GB': 'list' } },
  ],
};

describe('typing localized names', () => {
  const ids = new SnowflakeGenerator();
  const world = new World(mergeWorldSpec(), ids);
  const commands = new CommandRegistry(world.applicationId, ids);
  const guild = world.guild();
  commands.overwrite(guild.id, [letter]);
  const parse = (text: string, locale?: string, mode: 'run' | 'autocomplete' = 'run', focused?: string) =>
    parseCommand(text, (typed, l) => commands.find(guild.id, typed, l), {
      world,
      guildId: guild.id,
      userId: world.user().id,
      channelId: world.channel(guild.id).id,
      upload: () => {
        throw new Error('no uploads here');
      },
      mode,
      locale,
      focused,
    });

  it('reads the names es-419 shows (es-ES, its fallback) and sends the default names and values', () => {
    const parsed = parse('/carta agregar para:Argentina dias:3 estado:no realizado notes:hola', 'es-419');
    expect(parsed.path).toBe('letter add');
    expect(parsed.data).toMatchObject({
      name: 'letter',
      options: [
        {
          type: 1,
          name: 'add',
          options: [
            { type: 3, name: 'to', value: 'Argentina' },
            { type: 4, name: 'days', value: 3 },
            { type: 3, name: 'status', value: 'not_held' },
            { type: 3, name: 'notes', value: 'hola' },
          ],
        },
      ],
    });
  });

  it('understands the default names in any locale, and Spanish names only where they are shown', () => {
    expect(parse('/letter add to:Chile estado:pendiente', 'es-ES').data).toMatchObject({ options: [{ options: [{ name: 'to' }, { name: 'status', value: 'due' }] }] });
    expect(parse('/letter list', 'es-419').path).toBe('letter list');
    expect(() => parse('/carta agregar para:Chile', 'en-US')).toThrow(/unknown command \/carta/);
    expect(() => parse('/carta agregar para:Chile', 'fr')).toThrow(/unknown command \/carta/);
  });

  it('speaks the user’s names in its refusals', () => {
    expect(() => parse('/carta agregar', 'es-419')).toThrow('/carta agregar is missing required option(s): para');
    expect(() => parse('/carta agregar para:Chile fecha:hoy', 'es-419')).toThrow(/has no option "fecha" \(options: para, dias\?, estado\?, notes\?\)/);
    expect(() => parse('/carta borrar', 'es-419')).toThrow(/unknown subcommand "borrar" \(one of agregar, listar\)/);
    expect(() => parse('/carta agregar para:Chile estado:cerrada', 'es-419')).toThrow(/option estado: "cerrada" is not one of the choices \(pendiente, no realizado\)/);
    expect(() => parse('/carta agregar para:Chile dias:0', 'es-419')).toThrow(/option dias: must be at least 1/);
    expect(() => parse('/carta agregar para:Chile to:Peru', 'es-419')).toThrow(/option para is given twice/);
  });

  it('takes the focused option of an autocomplete by either name', () => {
    expect(parse('/carta agregar para:Arg', 'es-419', 'autocomplete').data).toMatchObject({ options: [{ options: [{ name: 'to', value: 'Arg', focused: true }] }] });
    for (const focused of ['para', 'to']) {
      expect(parse('/carta agregar para:Arg notes:x', 'es-419', 'autocomplete', focused).focused).toEqual({ name: 'to', type: 3 });
    }
  });
});

describe('localized registrations against the sandbox', () => {
  let sandbox: Sandbox;
  let rest: REST;
  let guildId: string;
  let route: `/${string}`;
  const refusal = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(400);
    const violations = await sandbox.control.violations();
    expect(violations).toHaveLength(1);
    return violations[0]!.issues.map((i) => `${i.path} ${i.code}`);
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ limits: { rateLimits: false } });
    rest = new REST({ api: sandbox.apiUrl, retries: 0 }).setToken(sandbox.token);
    guildId = sandbox.world.guild().id;
    route = Routes.applicationGuildCommands(sandbox.applicationId, guildId);
  });
  afterAll(async () => sandbox?.close());
  beforeEach(async () => sandbox.control.clearViolations());

  it('records a bulk overwrite with a bad localization as a violation', async () => {
    const bad = { ...letter, name_localizations: { 'es-MX': 'carta' }, description_localizations: { 'es-ES': 'x'.repeat(101) } };
    expect(await refusal(rest.put(route, { body: [bad] }))).toEqual(
      expect.arrayContaining(['0.name_localizations.es-MX BASE_TYPE_CHOICES', '0.description_localizations.es-ES BASE_TYPE_MAX_LENGTH']),
    );
  });

  it('records a create or an edit with a bad localization as a violation', async () => {
    const created = (await rest.post(route, { body: letter })) as { id: string };
    expect(await sandbox.control.violations()).toEqual([]);
    const upper = { ...letter, name_localizations: { 'es-ES': 'Carta' } };
    expect(await refusal(rest.post(route, { body: upper }))).toContain('name_localizations.es-ES APPLICATION_COMMAND_INVALID_NAME');
    await sandbox.control.clearViolations();
    const clash = letter.options.map((o) => (o.name === 'list' ? { ...o, name_localizations: { 'es-ES': 'agregar' } } : o));
    const item = Routes.applicationGuildCommand(sandbox.applicationId, guildId, created.id);
    expect(await refusal(rest.patch(item, { body: { options: clash } }))).toContain('options.1.name_localizations.es-ES APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS');
  });

  it('keeps good localizations, shows them in the requester’s locale, and the dictionaries on request', async () => {
    await rest.put(route, { body: [letter] });
    expect(await sandbox.control.violations()).toEqual([]);
    const full = (await rest.get(route, { query: new URLSearchParams({ with_localizations: 'true' }) })) as Array<Record<string, unknown>>;
    expect(full[0]).toMatchObject({ name: 'letter', name_localizations: { 'es-ES': 'carta' } });
    // A localized value equal to the default is ignored, as Discord does.
    const list = (full[0]!.options as Array<Record<string, unknown>>)[1]!;
    expect(list.name_localizations).toEqual({ 'es-ES': 'listar' });
    const spanish = (await rest.get(route, { headers: { 'X-Discord-Locale': 'es-ES' } })) as Array<Record<string, unknown>>;
    expect(spanish[0]).not.toHaveProperty('name_localizations');
    expect(spanish[0]).toMatchObject({ name: 'letter', name_localized: 'carta', description_localized: 'Cartas' });
    const english = (await rest.get(route)) as Array<Record<string, unknown>>;
    expect(english[0]).not.toHaveProperty('name_localized');
    expect(english[0]).not.toHaveProperty('name_localizations');
  });

  it('takes a Discord locale per interaction in the control API, and a guild’s preferred locale', async () => {
    const refused = await fetch(`${sandbox.url}/_sandbox/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: '/letter list', locale: 'es' }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/locale/);
    const world = await sandbox.control.addWorld({ guildUpdates: [{ locale: 'es-419' }] });
    expect(world.guilds[0]!.locale).toBe('es-419');
    await expect(sandbox.control.addWorld({ guildUpdates: [{ locale: 'Spanish' as never }] })).rejects.toThrow(/Discord locale/);
  });
});
