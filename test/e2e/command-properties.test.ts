// Properties of every command, derived from the command definitions (a new command or option is
// covered without editing this file): fed generated text (markdown, mentions, control and
// invisible characters, very long words, mixed scripts) in each of its string options, the bot's
// reply stays within Discord's limits, pings nobody, renders no link from the text, and a refused
// command changes nothing (whole-database snapshot); a subcommand marked read-only never writes;
// every other subcommand is refused to a member without access. Fixed seed, bounded runs: a
// failure prints the seed and the shrunk counterexample, so it can be replayed.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandModules } from '../../commands';
import type { OptionMap, SubcommandDef } from '../../src/discord/framework';
import { DISCORD_LIMITS } from '../../src/discord/limits';
import type { ReplyResult } from '../../src/sandbox/control';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { snapshot, type RunOpts } from '../helpers/command-checks';

const SEED = 20261202;
const RUNS = 60;
const NOW = new Date('2025-12-01T08:00:00Z');

interface Target {
  command: string;
  sub: string;
  def: SubcommandDef<OptionMap>;
  hiddenFromMembers: boolean;
}

const targets: Target[] = commandModules.flatMap((c) => Object.entries(c.subcommands).map(([sub, def]) => ({ command: c.name, sub, def, hiddenFromMembers: Boolean(c.definition.default_member_permissions) })));
/** Every free-text option: string options without fixed choices. */
const textOptions = targets.flatMap((t) => Object.entries(t.def.options).filter(([, o]) => o.kind === 'string' && !o.choices).map(([name]) => ({ ...t, option: name })));

let h: Harness;
const autocompleted = new Map<string, string>();

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A value Discord's client would send for a required option other than the one under test. */
async function plausible(t: Target, name: string): Promise<string> {
  const o = t.def.options[name]!;
  if (o.choices?.length) return String(o.choices[0]!.value);
  switch (o.kind) {
    case 'integer':
      return String(o.min ?? 1);
    case 'boolean':
      return 'true';
    case 'channel':
      return '#advocacy';
    case 'role':
      return 'coordinator';
    case 'attachment':
      return 'file';
    default:
      break;
  }
  if (o.autocomplete) {
    const key = `${t.command} ${t.sub} ${name}`;
    if (!autocompleted.has(key)) {
      const ac = await h.control.autocomplete(`/${t.command} ${t.sub} ${name}:`, { focused: name });
      autocompleted.set(key, String(ac.choices[0]?.value ?? 'Belarus'));
    }
    return quote(autocompleted.get(key)!);
  }
  // The example the option's own description gives ("e.g. 2025-11-03 or ..."), else a word.
  const example = /e\.g\. "?([^\s"(),]+)/.exec(o.description)?.[1];
  return quote(example ?? 'word');
}

async function commandLine(t: Target, values: Record<string, string>): Promise<{ line: string; opts: RunOpts }> {
  const parts = [`/${t.command} ${t.sub}`];
  const opts: RunOpts = {};
  for (const [name, o] of Object.entries(t.def.options)) {
    if (name in values) parts.push(`${name}:${quote(values[name]!)}`);
    else if (o.required) {
      if (o.kind === 'attachment') opts.attachments = { [name]: { filename: 'recs.csv', contentType: 'text/csv', content: 'Recommendation,Recommending State\nRelease all political prisoners,Germany\n' } };
      else parts.push(`${name}:${await plausible(t, name)}`);
    }
  }
  return { line: parts.join(' '), opts };
}

/** Every text the reply shows: content, embed titles, descriptions, fields, footers, component labels. */
function shownText(r: ReplyResult): string {
  const embeds = r.embeds as Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } }>;
  return [r.content ?? '', ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].join('\n');
}

function limitProblems(r: ReplyResult): string[] {
  const L = DISCORD_LIMITS;
  const out: string[] = [];
  if ((r.content ?? '').length > L.content) out.push(`content ${r.content!.length}`);
  const embeds = r.embeds as Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } }>;
  if (embeds.length > L.embeds) out.push(`${embeds.length} embeds`);
  let total = 0;
  for (const e of embeds) {
    if ((e.title ?? '').length > L.embedTitle) out.push('embed title');
    if ((e.description ?? '').length > L.embedDescription) out.push('embed description');
    if ((e.fields ?? []).length > L.embedFields) out.push('embed fields');
    for (const f of e.fields ?? []) if (f.name.length > L.fieldName || f.value.length > L.fieldValue) out.push('embed field');
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  if (total > L.embedTotal) out.push(`embeds total ${total}`);
  if (r.components.length > L.components) out.push('components');
  return out;
}

/** Links Discord would render: any "scheme://" (the bot writes none itself) or an unescaped masked link. */
function renderedLinks(s: string): string[] {
  return [...s.matchAll(/[a-z][a-z0-9+.-]*:\/\/\S*|(?<!\\)\[[^\]\n]*(?<!\\)\]\((?!\s*\))/gi)].map((m) => m[0]);
}

const piece = fc.oneof(
  fc.constantFrom('**bold**', '# Heading', '> quote', '- item', '1. one', '[click](http://evil.example)', '[x](<https://evil.example/a>)', 'https://evil.example', '`code`', '```block```', '||spoiler||', '~~gone~~', '__under__', '-# small', '\\', '"', "'", ':'),
  fc.constantFrom('@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>', '<t:0:R>', '<:e:123456789012345678>'),
  fc.constantFrom('\u202E', '\u202D', '\u2066', '\u200B', '\u200D', '\uFEFF', '\u0000', '\u0007', '\u001B[31m', '\r', '\n', '\t', '\u2028'),
  fc.constantFrom('Беларусь', 'بيلاروسيا', '白俄罗斯', 'Côte d’Ivoire', 'Türkiye', '👨‍👩‍👧', 'श्रीलंका', 'מדינה'),
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.integer({ min: 50, max: 2100 }).map((n) => 'w'.repeat(n)),
);
const hostileText = fc.array(piece, { minLength: 1, maxLength: 6 }).chain((parts) => fc.constantFrom(' ', '', '\n').map((sep) => parts.join(sep)));

beforeAll(async () => {
  h = await startHarness({ now: NOW, scheduler: false });
  for (const cmd of ['/settings channel channel:#advocacy', '/upr add state:Belarus date:2026-01-22', '/upr add state:Togo date:2026-01-23', '/letter add to:Argentina review:Belarus deadline:2025-12-20']) {
    const r = await h.control.run(cmd);
    expect(r.ok && !r.ephemeral, `${cmd}: ${r.content}`).toBe(true);
  }
}, 60_000);
afterAll(async () => h?.stop());

describe('every string option of every command', () => {
  it('is derived from the definitions', () => {
    expect(textOptions.length).toBeGreaterThan(20);
    expect(new Set(textOptions.map((t) => t.command))).toEqual(new Set(commandModules.filter((c) => Object.values(c.subcommands).some((s) => Object.values(s.options).some((o) => o.kind === 'string' && !o.choices))).map((c) => c.name)));
  });

  it('answers generated text within Discord limits, pinging nobody, rendering no link, changing nothing when refused', async () => {
    const violationsBefore = (await h.control.violations()).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: textOptions.length - 1 }), hostileText, async (i, value) => {
        const t = textOptions[i]!;
        const { line, opts } = await commandLine(t, { [t.option]: value });
        const before = await snapshot(h.db);
        const r = await h.control.run(line, opts);
        const after = await snapshot(h.db);
        if (!r.ok) {
          // Discord's client would not send it (too long, empty...): nothing reached the bot.
          expect(r.status, `${line}: ${r.error}`).toBe(400);
          expect(after, line).toEqual(before);
          return;
        }
        expect(limitProblems(r), line).toEqual([]);
        expect(r.message?.allowedMentions, line).toEqual({ parse: [] });
        expect(renderedLinks(shownText(r)), line).toEqual([]);
        if (t.def.access === 'read' || r.ephemeral) expect(after, `${line} (${t.def.access}, ephemeral ${r.ephemeral}): ${r.content}`).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect((await h.control.violations()).slice(violationsBefore)).toEqual([]);
  }, 300_000);
});

describe('access, derived from the definitions', () => {
  it('refuses every subcommand that is not read-only to a member without access, changing nothing; read-only ones answer members', async () => {
    for (const t of targets) {
      const { line, opts } = await commandLine(t, {});
      const before = await snapshot(h.db);
      const r = await h.control.run(line, { ...opts, user: 'member' });
      expect(await snapshot(h.db), line).toEqual(before);
      // Discord hides a command whose every part needs Manage Server: members cannot run it at all.
      if (t.hiddenFromMembers) {
        expect(r.ok, line).toBe(false);
        expect(r.error, line).toMatch(/hidden from/);
        continue;
      }
      expect(r.ok, `${line}: ${r.error}`).toBe(true);
      if (t.def.access === 'read') expect(r.content ?? '', line).not.toMatch(/Manage Server/);
      else {
        expect(r.ephemeral, line).toBe(true);
        expect(r.content, line).toMatch(/Manage Server/);
      }
    }
  }, 120_000);
});
