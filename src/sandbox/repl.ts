/**
 * A terminal prompt on the sandbox: type commands as in Discord, see the bot's replies, and
 * see what the bot posts on its own (scheduled reminders) as it happens.
 *
 *   /upr add state:Belarus date:2025-11-03     run a slash command
 *   ?/upr add state:Bel                        autocomplete (the last option is being typed)
 *   click <message id|last> <custom id> [values...]
 *   as <user>   in <#channel>   guild <name>   locale [es-419 | off]
 *   clock [+P1D | ISO date]   messages [#channel]
 *   world   violations   help   exit
 *
 * It only starts when its input is a terminal (or `force` is set, for tests).
 */
import { createInterface } from 'node:readline';
import type { SandboxControl } from './control.js';
import type { MessageSummary, ReplyResult, Where } from './control-types.js';
import { DISCORD_LOCALES, isDiscordLocale } from './localization-rules.js';

export interface ReplOptions {
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream;
  /** Start even if the input is not a terminal. */
  force?: boolean;
  /** Print the bot's own posts (not replies) as they appear; default true. */
  watchPosts?: boolean;
  where?: Where;
  /** The Discord locale to type in (e.g. "es-419"); default the user's own. */
  locale?: string;
}

export interface Repl {
  /** Resolves when the prompt ends (exit, end of input or close()). */
  done: Promise<void>;
  close(): void;
}

const HELP = `Type a slash command as in Discord, e.g. /upr add state:Belarus date:2025-11-03
  ?/command ...                autocomplete the last option typed
  click <msg|last> <id> [v..]  click a button or pick select values
  as <user>                    act as another user (now: %USER%)
  locale [es-419 | off]        type and read as a user of that locale (now: %LOCALE%)
  in <#channel>                type in another channel (now: %CHANNEL%)
  guild <name>                 switch server
  clock [+P1D | ISO date]      show or move the bot's clock
  messages [#channel]          what the bot posted in a channel
  world | violations | help | exit`;

function embedText(embed: unknown): string[] {
  if (typeof embed !== 'object' || embed === null) return [];
  const e = embed as { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text?: string } };
  const lines: string[] = [];
  if (e.title) lines.push(`  ┃ ${e.title}`);
  if (e.description) lines.push(...e.description.split('\n').map((l) => `  ┃ ${l}`));
  for (const f of e.fields ?? []) lines.push(`  ┃ ${f.name}: ${f.value.replace(/\n/g, ' / ')}`);
  if (e.footer?.text) lines.push(`  ┃ — ${e.footer.text}`);
  return lines;
}

function componentText(components: unknown[]): string[] {
  const out: string[] = [];
  const visit = (c: unknown) => {
    if (typeof c !== 'object' || c === null) return;
    const o = c as { type?: number; custom_id?: string; label?: string; options?: { label: string; value: string }[]; components?: unknown[]; url?: string };
    if (o.type === 2) out.push(`  [${o.label ?? '?'}] ${o.custom_id ? `(click last ${o.custom_id})` : (o.url ?? '')}`);
    else if (o.type !== undefined && o.type >= 3 && o.type <= 8 && o.custom_id) {
      const opts = (o.options ?? []).map((x) => x.value).join(' | ');
      out.push(`  <select ${o.custom_id}${opts ? `: ${opts}` : ''}> (click last ${o.custom_id} <value>)`);
    }
    for (const child of o.components ?? []) visit(child);
  };
  components.forEach(visit);
  return out;
}

export function formatMessage(m: Pick<MessageSummary, 'content' | 'embeds' | 'components' | 'ephemeral' | 'attachments'>): string {
  const lines: string[] = [];
  if (m.content) lines.push(...m.content.split('\n').map((l) => `  ${l}`));
  for (const e of m.embeds) lines.push(...embedText(e));
  for (const a of m.attachments ?? []) lines.push(`  📎 ${a.filename} (${a.size} bytes) ${a.url}`);
  lines.push(...componentText(m.components));
  if (m.ephemeral) lines.push('  (only you can see this)');
  return lines.join('\n');
}

function formatReply(r: ReplyResult): string {
  if (!r.ok && r.type === 'none') return `✗ ${r.error ?? 'no answer'}`;
  const head = `← ${r.type}${r.ephemeral ? ' (ephemeral)' : ''} in ${Math.round(r.elapsedMs)} ms${r.ok ? '' : ` — ${r.error}`}`;
  const body = r.message ? formatMessage(r.message) : r.choices ? r.choices.map((c) => `  • ${c.name}`).join('\n') : r.modal ? `  modal: ${JSON.stringify(r.modal)}` : '';
  const follow = r.followUps.map((f) => `← follow-up${f.ephemeral ? ' (ephemeral)' : ''}\n${formatMessage(f)}`).join('\n');
  return [head, body, follow].filter(Boolean).join('\n');
}

/** Splits "click 123 choose a b" into words, keeping quoted parts together. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

export function startRepl(control: SandboxControl, opts: ReplOptions = {}): Repl | undefined {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  if (!opts.force && !(input as { isTTY?: boolean }).isTTY) return undefined;
  const where: Where = { ...opts.where };
  // The locale chosen here; without one, each user's own.
  let locale = opts.locale;
  const prompt = () => `${locale ? `${locale} ` : ''}> `;
  let lastMessageId: string | undefined;
  let lastSeen: string | undefined;
  const abort = new AbortController();
  const print = (text: string) => output.write(`${text}\n`);
  const rl = createInterface({ input, output, prompt: prompt(), terminal: (input as { isTTY?: boolean }).isTTY === true });

  // Print the bot's own posts (reminders, scheduled messages) as they appear.
  const watch = async () => {
    try {
      const existing = await control.allMessages({ signal: abort.signal });
      lastSeen = existing.at(-1)?.id;
      while (!abort.signal.aborted) {
        const fresh = await control.allMessages({ after: lastSeen, waitMs: 20_000, signal: abort.signal });
        for (const m of fresh) {
          lastSeen = m.id;
          if (m.via !== 'channel') continue;
          const world = await control.world();
          const channel = world.guilds.flatMap((g) => g.channels).find((c) => c.id === m.channelId)?.name ?? m.channelId;
          print(`\n📣 #${channel}${m.nonce !== null ? ` (nonce ${m.nonce})` : ''}\n${formatMessage(m)}`);
          rl.prompt(true);
        }
      }
    } catch {
      // stopped, or the sandbox went away
    }
  };
  if (opts.watchPosts !== false) void watch();

  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    if (!text) return true;
    const [verb, ...args] = words(text);
    try {
      if (text.startsWith('/')) {
        const reply = await control.run(text, { ...where, ...(locale ? { locale } : {}) });
        if (reply.messageId) lastMessageId = reply.messageId;
        print(formatReply(reply));
      } else if (text.startsWith('?/')) {
        const result = await control.autocomplete(text.slice(1), { ...where, ...(locale ? { locale } : {}) });
        print(result.ok ? result.choices.map((c) => `  • ${c.name}${String(c.value) !== c.name ? ` = ${c.value}` : ''}`).join('\n') || '  (no choices)' : `✗ ${result.error}`);
      } else if (verb === 'click') {
        const [messageRef, customId, ...values] = args;
        const message = messageRef === 'last' || messageRef === undefined ? lastMessageId : messageRef;
        if (!message || !customId) throw new Error('usage: click <message id|last> <custom id> [values...]');
        const reply = await control.click(message, customId, { user: where.user, ...(locale ? { locale } : {}), ...(values.length ? { values } : {}) });
        if (reply.messageId && reply.type !== 'update' && reply.type !== 'deferred-update') lastMessageId = reply.messageId;
        print(formatReply(reply));
      } else if (verb === 'as') {
        where.user = args.join(' ') || undefined;
        print(`  you are ${where.user ?? 'admin'}`);
      } else if (verb === 'locale') {
        const arg = args[0];
        if (arg === 'off' || arg === 'default') locale = undefined;
        else if (arg && !isDiscordLocale(arg)) throw new Error(`"${arg}" is not a Discord locale (${DISCORD_LOCALES.join(', ')})`);
        else if (arg) locale = arg;
        if (!arg || !locale) {
          const world = await control.world();
          const own = world.users.find((u) => u.name === (where.user ?? 'admin') || u.id === where.user)?.locale ?? 'en-US';
          print(locale ? `  locale: ${locale}` : `  locale: ${own} (${where.user ?? 'admin'}'s own)`);
        } else print(`  locale: ${locale}`);
        rl.setPrompt(prompt());
      } else if (verb === 'in') {
        where.channel = args.join(' ').replace(/^#/, '') || undefined;
        print(`  typing in #${where.channel ?? 'advocacy'}`);
      } else if (verb === 'guild') {
        where.guild = args.join(' ') || undefined;
        where.channel = undefined;
        print(`  server: ${where.guild ?? '(first)'}`);
      } else if (verb === 'clock') {
        const arg = args[0];
        const state = !arg ? await control.clock() : arg.startsWith('+') || /^-?P/i.test(arg) ? await control.clock({ advance: arg.replace(/^\+/, '') }) : await control.clock({ now: arg });
        print(`  bot clock: ${state.now}`);
      } else if (verb === 'messages') {
        const list = await control.messages(args[0]?.replace(/^#/, '') ?? where.channel ?? 'advocacy', { guild: where.guild });
        print(list.map((m) => `#${m.id}${m.nonce !== null ? ` nonce=${m.nonce}` : ''}\n${formatMessage(m)}`).join('\n') || '  (nothing yet)');
      } else if (verb === 'world') {
        const world = await control.world();
        for (const g of world.guilds) {
          print(`${g.name} (${g.id})`);
          print(`  channels: ${g.channels.map((c) => `#${c.name}`).join(' ')}`);
          print(`  roles: ${g.roles.map((r) => r.name).join(', ')}`);
          print(`  members: ${g.members.map((m) => `${m.name}${m.roles.length ? ` [${m.roles.join(', ')}]` : ''}`).join(', ')}`);
        }
      } else if (verb === 'violations') {
        const list = await control.violations();
        print(list.length === 0 ? '  none' : list.map((v) => `  ${v.method} ${v.path}: ${v.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`).join('\n'));
      } else if (verb === 'help') {
        print(
          HELP.replace('%USER%', where.user ?? 'admin')
            .replace('%CHANNEL%', `#${where.channel ?? 'advocacy'}`)
            .replace('%LOCALE%', locale ?? "the user's own"),
        );
      } else if (verb === 'exit' || verb === 'quit') {
        return false;
      } else {
        print(`  unknown: ${verb} (type help)`);
      }
    } catch (e) {
      print(`✗ ${(e as Error).message}`);
    }
    return true;
  };

  let closed = false;
  const done = new Promise<void>((resolve) => {
    let queue = Promise.resolve();
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        if (closed) return;
        const keepGoing = await handle(line);
        if (!keepGoing) rl.close();
        else rl.prompt();
      });
    });
    rl.on('close', () => {
      void queue.then(() => {
        closed = true;
        abort.abort();
        resolve();
      });
    });
  });
  print('Discord sandbox: type a command (help for more)');
  rl.prompt();
  return {
    done,
    close: () => rl.close(),
  };
}
