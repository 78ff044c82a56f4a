// The commands in Spanish, end to end: the real bot registers its commands with their Spanish
// names (`npm run deploy-commands` too) and the sandbox records no violation; a user whose
// Discord is in Latin American Spanish types `/carta agregar para:…` and the bot receives the
// English names and values, so the command works as in English; the locale the control API is
// given is the interaction's (the bot then answers in Spanish), the server's preferred locale is
// its guild_locale, and `npm run sandbox`'s prompt switches the locale.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandDefinitions } from '../../commands';
import { sameDefinitions } from '../../src/discord/deploy-commands';
import { translator } from '../../src/i18n';
import { startRepl } from '../../src/sandbox/repl';
import { startSandbox } from '../../src/sandbox/server';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { distCommand } from '../helpers/node-process';

const NOW = new Date('2025-09-01T08:00:00Z');
const ES = { locale: 'es-419' };
let h: Harness;

/** What the bot's discord.js client received: names, values and locales as Discord sends them. */
interface Received {
  kind: string;
  command?: string;
  subcommand?: string | null;
  options?: Record<string, unknown>;
  focused?: string;
  customId?: string;
  locale: string;
  guildLocale: string | null;
}
const received: Received[] = [];
const last = () => received.at(-1)!;

function record(i: Interaction) {
  const base = { locale: 'locale' in i ? i.locale : '', guildLocale: i.guildLocale };
  if (i.isChatInputCommand() || i.isAutocomplete()) {
    const leaf = i.options.data.flatMap((o) => (o.options ? o.options : [o]));
    received.push({
      ...base,
      kind: i.isAutocomplete() ? 'autocomplete' : 'command',
      command: i.commandName,
      subcommand: i.options.getSubcommand(false),
      options: Object.fromEntries(leaf.map((o) => [o.name, o.value])),
      ...(i.isAutocomplete() ? { focused: i.options.getFocused(true).name } : {}),
    });
  } else if (i.isMessageComponent()) received.push({ ...base, kind: 'component', customId: i.customId });
}

beforeAll(async () => {
  h = await startHarness({ now: NOW, scheduler: false });
  h.bot.app.client.on('interactionCreate', record);
}, 60_000);
afterAll(async () => h?.stop());

describe('registration', () => {
  it('sends every command with its Spanish names and descriptions, and the sandbox records no violation', async () => {
    const registered = (await h.control.commands()).global as Array<Record<string, unknown>>;
    expect(sameDefinitions(commandDefinitions() as unknown as Record<string, unknown>[], registered)).toBe(true);
    const letter = registered.find((c) => c.name === 'letter')!;
    expect(letter.name_localizations).toEqual({ 'es-ES': 'carta' });
    expect(JSON.stringify(registered)).toContain('"name_localizations":{"es-ES":"vencidas"}');
    expect(await h.control.violations()).toEqual([]);
  });

  it('`npm run deploy-commands` sends both languages, then nothing while they are unchanged', async () => {
    const sandbox = await startSandbox({ limits: { rateLimits: false } });
    const dir = mkdtempSync(join(tmpdir(), 'upr-deploy-'));
    const deploy = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const [node, args] = distCommand('cli/deploy-commands');
        const proc = spawn(node, args, {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: sandbox.token, DISCORD_APPLICATION_ID: sandbox.applicationId, DISCORD_API_URL: sandbox.apiUrl },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
        proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
        proc.once('exit', (code) => resolve({ code, out }));
      });
    try {
      const first = await deploy();
      expect(first).toMatchObject({ code: 0, out: expect.stringContaining('Registered 8 commands globally') });
      const registered = (await sandbox.control.commands()).global as Array<Record<string, unknown>>;
      expect(registered.map((c) => (c.name_localizations as Record<string, string>)['es-ES']).sort()).toEqual(
        ['ajustes', 'auditoria', 'carta', 'epu', 'intervencion', 'recordatorios', 'respaldo', 'seguir'],
      );
      expect(sameDefinitions(commandDefinitions() as unknown as Record<string, unknown>[], registered)).toBe(true);
      expect(await sandbox.control.violations()).toEqual([]);
      const second = await deploy();
      expect(second).toMatchObject({ code: 0, out: expect.stringContaining('already up to date') });
      expect((await sandbox.control.requests('PUT /applications/*/commands')).length).toBe(1);
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a user whose Discord is in Latin American Spanish', () => {
  it('types the Spanish names and the bot receives the English ones', async () => {
    const review = await h.control.run('/epu agregar pais:Belarus fecha:2025-11-03', ES);
    expect(review.ok).toBe(true);
    expect(last()).toMatchObject({ command: 'upr', subcommand: 'add', options: { state: 'Belarus', date: '2025-11-03' }, locale: 'es-419' });
    expect(await h.db.review.count({ where: { stateCode: 'BLR', session: 50 } })).toBe(1);

    const letter = await h.control.run('/carta agregar para:Argentina examen:Belarus 50 plazo:2025-09-30 pedido:"Recomendar la liberación de los presos políticos"', ES);
    expect(letter.ok).toBe(true);
    expect(last()).toMatchObject({ command: 'letter', subcommand: 'add', options: { to: 'Argentina', review: 'Belarus 50', deadline: '2025-09-30' } });
    const row = await h.db.letter.findFirstOrThrow({ where: { stateCode: 'ARG' } });
    expect(row).toMatchObject({ status: 'planned', ask: 'Recomendar la liberación de los presos políticos' });
  });

  it('picks choices by their Spanish names, and the bot receives their values', async () => {
    expect((await h.control.run('/carta listar estado:vencidas', ES)).ok).toBe(true);
    expect(last()).toMatchObject({ command: 'letter', subcommand: 'list', options: { status: 'overdue' } });
    expect((await h.control.run('/ajustes resumen-semanal dia:lunes hora:9', ES)).ok).toBe(true);
    expect(last()).toMatchObject({ command: 'settings', subcommand: 'digest', options: { day: 1, hour: 9 } });
    expect(await h.db.guildSettings.findFirstOrThrow()).toMatchObject({ digestWeekday: 1, digestHour: 9 });
  });

  it('autocompletes an option typed by its Spanish name', async () => {
    const result = await h.control.autocomplete('/carta agregar para:Argen', ES);
    expect(result.ok).toBe(true);
    expect(result.choices.map((c) => c.name)).toContain('Argentina');
    expect(last()).toMatchObject({ kind: 'autocomplete', command: 'letter', focused: 'to', locale: 'es-419' });
  });

  it('is refused, as Discord’s client would, a Spanish name that does not exist', async () => {
    const r = await h.control.run('/carta agregar para:Chile fecha:2025-09-30', ES);
    expect(r).toMatchObject({ ok: false, status: 400 });
    expect(r.error).toMatch(/\/carta agregar has no option "fecha" \(options: para, examen, plazo, destinatario\?/);
  });
});

describe('the interaction’s locale', () => {
  it('is the one the control API is given, and the bot answers in its language', async () => {
    const reviews = h.bot.app.services.reviews;
    const original = reviews.list.bind(reviews);
    reviews.list = async () => {
      throw new Error('boom');
    };
    try {
      const spanish = await h.control.run('/epu listar', ES);
      expect(last()).toMatchObject({ command: 'upr', subcommand: 'list', locale: 'es-419' });
      expect(spanish.content).toBe(translator('es')('common:unexpected'));
      const english = await h.control.run('/upr list');
      expect(last()).toMatchObject({ locale: 'en-US' });
      expect(english.content).toBe(translator('en')('common:unexpected'));
    } finally {
      reviews.list = original;
    }
  });

  it('goes with a click too', async () => {
    const list = await h.control.run('/upr list');
    const rows = list.components as Array<{ components: Array<{ custom_id: string; options?: Array<{ value: string }> }> }>;
    const menu = rows.flatMap((r) => r.components).find((c) => c.custom_id.startsWith('upr:show'))!;
    const shown = await h.control.click(list.messageId!, menu.custom_id, { values: [menu.options![0]!.value], ...ES });
    expect(shown.ok).toBe(true);
    expect(last()).toMatchObject({ kind: 'component', customId: menu.custom_id, locale: 'es-419' });
  });

  it('has the server’s preferred locale beside it', async () => {
    const guildId = (await h.control.world()).guilds[0]!.id;
    await h.control.addWorld({ guildUpdates: [{ locale: 'es-419' }] });
    await vi.waitFor(() => expect(h.bot.app.client.guilds.cache.get(guildId)?.preferredLocale).toBe('es-419'));
    await h.control.run('/upr next');
    expect(last()).toMatchObject({ locale: 'en-US', guildLocale: 'es-419' });
    await h.control.addWorld({ guildUpdates: [{ locale: 'en-US' }] });
  });
});

describe('the sandbox prompt', () => {
  it('switches the locale, shows it, and types in it', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString()));
    const until = (text: string) => vi.waitFor(() => expect(printed).toContain(text), { timeout: 10_000, interval: 20 });
    const repl = startRepl(h.control, { input, output, force: true, watchPosts: false })!;
    input.write('locale\n');
    await until("locale: en-US (admin's own)");
    input.write('locale es\n');
    await until('"es" is not a Discord locale');
    input.write('locale es-419\n');
    await until('es-419 > ');
    const before = received.length;
    input.write('/epu proximo\n');
    await until('← reply');
    expect(received.length).toBe(before + 1);
    expect(last()).toMatchObject({ command: 'upr', subcommand: 'next', locale: 'es-419' });
    input.write('locale off\n');
    await until("locale: en-US (admin's own)");
    input.write('exit\n');
    await repl.done;
  });

  it('left no violation behind', async () => {
    expect(await h.control.violations()).toEqual([]);
  });
});
