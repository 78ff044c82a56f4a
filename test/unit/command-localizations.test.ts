// The commands in Spanish: every part of every command has its Spanish name and description, the
// file holds nothing else, and what is sent keeps Discord's rules (names, lengths, uniqueness in
// each locale, 8,000 characters per command counted at the longest localization). The sandbox's
// checks of those rules are tested here on bad localizations too.
import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../commands';
import { normaliseCommand, sameDefinitions } from '../../src/discord/deploy-commands';
import { command, opt, sub } from '../../src/discord/framework';
import { commandParts, localizeCommand } from '../../src/discord/localizations';
import { COMMAND_TEXTS } from '../../src/i18n';
import es from '../../src/i18n/commands/es.json' with { type: 'json' };
import { commandSize, DOCUMENTED_LIMITS, validateCommandBulk, validateCommandCreate, validateCommandEdit } from '../../src/sandbox/validation';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const spanish = es as Record<string, { name: string; description?: string }>;
const parts = commandDefinitions().flatMap(commandParts);

describe('the Spanish command texts', () => {
  it('name every command, subcommand, option and choice the bot registers', () => {
    const missing = parts.filter((p) => !spanish[p.path]).map((p) => p.path);
    expect(missing).toEqual([]);
  });

  it('hold nothing for a part that does not exist', () => {
    const known = new Set(parts.map((p) => p.path));
    expect(Object.keys(spanish).filter((path) => !known.has(path))).toEqual([]);
  });

  it('give a description to all but choices, which have a name only', () => {
    for (const p of parts) {
      const text = spanish[p.path]!;
      if (p.kind === 'choice') expect(Object.keys(text), p.path).toEqual(['name']);
      else expect(typeof text.description, p.path).toBe('string');
    }
  });

  it('keep Discord’s rules for names and descriptions', () => {
    for (const p of parts) {
      const { name, description } = spanish[p.path]!;
      if (p.kind === 'choice') {
        expect(name.length, p.path).toBeGreaterThanOrEqual(1);
        expect(name.length, p.path).toBeLessThanOrEqual(100);
        continue;
      }
      expect(name, p.path).toMatch(NAME);
      expect(name, p.path).toBe(name.toLowerCase());
      expect(description!.length, p.path).toBeGreaterThanOrEqual(1);
      expect(description!.length, p.path).toBeLessThanOrEqual(100);
    }
  });

  it('never give two siblings the same name, nor a sibling’s English name', () => {
    const siblings = new Map<string, { english: string; spanish: string }[]>();
    for (const p of parts) {
      if (p.kind === 'choice') continue;
      const parent = p.path.includes(' ') ? p.path.slice(0, p.path.lastIndexOf(' ')) : '';
      siblings.set(parent, [...(siblings.get(parent) ?? []), { english: p.name, spanish: spanish[p.path]!.name }]);
    }
    for (const [parent, list] of siblings) {
      for (const [i, item] of list.entries()) {
        const others = list.filter((_, j) => j !== i);
        expect(others.map((o) => o.spanish), `${parent}: ${item.spanish}`).not.toContain(item.spanish);
        expect(others.map((o) => o.english), `${parent}: ${item.spanish}`).not.toContain(item.spanish);
      }
    }
  });

  it('keep each command within 8,000 characters, counted at its longest localization', () => {
    for (const def of commandDefinitions()) {
      const size = commandSize(def);
      expect(size, def.name).toBeLessThanOrEqual(DOCUMENTED_LIMITS.commandTotal);
      // The Spanish texts are counted where they are the longer ones.
      expect(size, def.name).toBeGreaterThanOrEqual(commandSize(JSON.parse(JSON.stringify(def, (k, v) => (k.endsWith('_localizations') ? undefined : v)))));
    }
  });

  it('are in the definitions Discord receives, for es-ES (which es-419 falls back to)', () => {
    const letter = commandDefinitions().find((d) => d.name === 'letter')!;
    expect(letter.name_localizations).toEqual({ 'es-ES': 'carta' });
    const add = letter.options!.find((o) => o.name === 'add') as unknown as { name_localizations: unknown; options: Array<Record<string, unknown>> };
    expect(add.name_localizations).toEqual({ 'es-ES': 'agregar' });
    expect(add.options.find((o) => o.name === 'to')).toMatchObject({ name_localizations: { 'es-ES': 'para' }, description_localizations: { 'es-ES': spanish['letter add to']!.description } });
    const list = letter.options!.find((o) => o.name === 'list') as unknown as { options: Array<{ choices: Array<Record<string, unknown>> }> };
    expect(list.options[0]!.choices.find((c) => c.value === 'overdue')).toEqual({ name: 'overdue', value: 'overdue', name_localizations: { 'es-ES': 'vencidas' } });
    expect(Object.keys(COMMAND_TEXTS)).toEqual(['es-ES']);
  });

  it('pass every check the sandbox makes of a bulk overwrite', () => {
    expect(validateCommandBulk(commandDefinitions())).toEqual([]);
  });
});

describe('the framework', () => {
  it('localizes what the texts hold and leaves other parts English only', () => {
    const probe = command({
      name: 'probe',
      description: 'A probe',
      subcommands: { go: sub({ description: 'Go', access: 'read', options: { how: opt.string('How', { choices: [{ name: 'fast', value: 'f' }] }) }, run: async () => ({}) }) },
    });
    expect(probe.definition.name_localizations).toBeUndefined();
    const localized = localizeCommand(probe.definition, {
      'es-ES': { probe: { name: 'sonda', description: 'Una sonda' }, 'probe go how=f': { name: 'rápido' } },
    });
    expect(localized).toMatchObject({ name: 'probe', name_localizations: { 'es-ES': 'sonda' }, description_localizations: { 'es-ES': 'Una sonda' } });
    const how = (localized.options![0] as unknown as { options: Array<Record<string, unknown>> }).options[0]!;
    expect(how.name_localizations).toBeUndefined();
    expect(how.choices).toEqual([{ name: 'fast', value: 'f', name_localizations: { 'es-ES': 'rápido' } }]);
    expect(commandParts(probe.definition).map((p) => p.path)).toEqual(['probe', 'probe go', 'probe go how', 'probe go how=f']);
  });
});

describe('deploy comparison with localizations', () => {
  const local = commandDefinitions() as unknown as Record<string, unknown>[];
  const remote = () => JSON.parse(JSON.stringify(local)) as Array<Record<string, unknown>>;

  it('sees a changed or missing localization as a change', () => {
    expect(sameDefinitions(local, remote())).toBe(true);
    const changed = remote().map((c) => (c.name === 'letter' ? { ...c, name_localizations: { 'es-ES': 'cartas' } } : c));
    expect(sameDefinitions(local, changed)).toBe(false);
    const stripped = JSON.parse(JSON.stringify(local, (k, v) => (k.endsWith('_localizations') ? undefined : v)));
    expect(sameDefinitions(local, stripped)).toBe(false);
  });

  it('ignores what Discord ignores: null dictionaries and values equal to the default', () => {
    const c = { name: 'x', description: 'd', name_localizations: { 'es-ES': 'x', fr: 'y' }, description_localizations: null };
    expect(normaliseCommand(c)).toMatchObject({ name_localizations: { fr: 'y' } });
    expect(normaliseCommand(c)).not.toHaveProperty('description_localizations');
  });
});

describe('the sandbox’s checks of localizations', () => {
  const base = (extra: Record<string, unknown> = {}, option: Record<string, unknown> = {}) => ({
    name: 'probe',
    description: 'A probe',
    ...extra,
    options: [
      { type: 3, name: 'when', description: 'When', ...option },
      { type: 3, name: 'where', description: 'Where', name_localizations: { 'es-ES': 'donde' } },
    ],
  });
  const codes = (issues: Array<{ path: string; code: string }>) => issues.map((i) => `${i.path} ${i.code}`);

  it('accepts good ones', () => {
    expect(validateCommandCreate(base({ name_localizations: { 'es-ES': 'sonda', 'es-419': 'sonda' } }, { name_localizations: { 'es-ES': 'cuándo' } }))).toEqual([]);
  });

  it('refuses a key that is not a Discord locale', () => {
    expect(codes(validateCommandCreate(base({ name_localizations: { es: 'sonda' } })))).toContain('name_localizations.es BASE_TYPE_CHOICES');
    expect(codes(validateCommandCreate(base({}, { description_localizations: { 'es-MX': 'Cuándo' } })))).toContain('options.0.description_localizations.es-MX BASE_TYPE_CHOICES');
  });

  it('refuses names Discord would refuse: upper case, spaces, too long', () => {
    expect(codes(validateCommandCreate(base({ name_localizations: { 'es-ES': 'Sonda' } })))).toContain('name_localizations.es-ES APPLICATION_COMMAND_INVALID_NAME');
    expect(codes(validateCommandCreate(base({}, { name_localizations: { 'es-ES': 'cuándo es' } })))).toContain('options.0.name_localizations.es-ES APPLICATION_COMMAND_INVALID_NAME');
    expect(codes(validateCommandCreate(base({}, { name_localizations: { 'es-ES': 'c'.repeat(33) } })))).toContain('options.0.name_localizations.es-ES BASE_TYPE_MAX_LENGTH');
  });

  it('refuses descriptions and choice names out of length', () => {
    expect(codes(validateCommandCreate(base({ description_localizations: { 'es-ES': 'd'.repeat(101) } })))).toContain('description_localizations.es-ES BASE_TYPE_MAX_LENGTH');
    expect(codes(validateCommandCreate(base({ description_localizations: { 'es-ES': '' } })))).toContain('description_localizations.es-ES BASE_TYPE_MIN_LENGTH');
    const choices = [{ name: 'soon', value: 's', name_localizations: { 'es-ES': 'p'.repeat(101) } }];
    expect(codes(validateCommandCreate(base({}, { choices })))).toContain('options.0.choices.0.name_localizations.es-ES BASE_TYPE_MAX_LENGTH');
  });

  it('refuses a localized option name that a sibling already has, in the locale or as its default', () => {
    expect(codes(validateCommandCreate(base({}, { name_localizations: { 'es-ES': 'donde' } })))).toContain('options.0.name_localizations.es-ES APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS');
    expect(codes(validateCommandCreate(base({}, { name_localizations: { 'es-ES': 'where' } })))).toContain('options.0.name_localizations.es-ES APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS');
    expect(codes(validateCommandEdit({ options: base({}, { name_localizations: { 'es-ES': 'donde' } }).options }))).toContain('options.0.name_localizations.es-ES APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS');
  });

  it('refuses two commands of a bulk overwrite that show the same name in a locale', () => {
    const bulk = [base({ name_localizations: { 'es-ES': 'sonda' } }), { ...base({ name_localizations: { 'es-ES': 'sonda' } }), name: 'other' }];
    expect(codes(validateCommandBulk(bulk))).toContain('1.name_localizations.es-ES APPLICATION_COMMANDS_DUPLICATE_NAME');
  });

  it('counts the longest localization of each field against 8,000 characters', () => {
    const options = Array.from({ length: 25 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd', description_localizations: { 'es-ES': 'x'.repeat(100) } }));
    const big = { name: 'probe', description: 'A probe', options: Array.from({ length: 4 }, (_, i) => ({ type: 1, name: `s${i}`, description: 'd', options })) };
    expect(commandSize(big)).toBeGreaterThan(DOCUMENTED_LIMITS.commandTotal);
    expect(codes(validateCommandCreate(big))).toContain(' APPLICATION_COMMAND_TOO_LARGE');
    const english = JSON.parse(JSON.stringify(big, (k, v) => (k === 'description_localizations' ? undefined : v)));
    expect(validateCommandCreate(english)).toEqual([]);
  });
});
