// Where the sandbox answers as Discord's documentation says Discord answers (discord-api-docs):
// 429s, mentions, GUILD_CREATE without the privileged intents, implicit permissions, the command
// size cap, interaction contexts, `with_response` and `wait`. Raw HTTP and WebSocket where the
// exact answer matters; the real discord.js client where it must cope with it.
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SandboxControl, type SandboxLimits } from '../../src/sandbox/control.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

type Json = Record<string, unknown>;
type Handler = (interaction: ChatInputCommandInteraction) => Promise<void>;

const probe = new SlashCommandBuilder()
  .setName('probe')
  .setDescription('Answers as each test needs')
  .addStringOption((o) => o.setName('text').setDescription('What to say'));

describe('sandbox fidelity to Discord’s documentation', () => {
  let sandbox: Sandbox;
  let control: SandboxControl;
  let startLimits: SandboxLimits;
  let client: Client;
  let guildId: string;
  let handler: Handler = async (i) => void (await i.reply('ok'));
  const botErrors: unknown[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.apiUrl}/v10${path}`, {
      method,
      headers: { authorization: `Bot ${sandbox.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const channelId = async (name: string) =>
    (await control.world()).guilds[0]!.channels.find((c) => c.name === name)!.id;
  const roleId = async (name: string) => (await control.world()).guilds[0]!.roles.find((r) => r.name === name)!.id;
  const userId = async (name: string) => (await control.world()).users.find((u) => u.name === name)!.id;

  beforeAll(async () => {
    sandbox = await startSandbox({
      limits: { rateLimits: false },
      world: {
        users: [{ name: 'alice' }],
        roles: [{ name: 'pingable', mentionable: true }, { name: 'quiet' }],
        channels: [{ name: 'pings' }, { name: 'locked', botCanPost: false }, { name: 'limits' }, { name: 'global' }],
      },
    });
    control = new SandboxControl(sandbox.url);
    startLimits = await control.limits();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: sandbox.apiUrl } });
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (!interaction.isChatInputCommand()) return;
      handler(interaction).catch((e: unknown) => botErrors.push(e));
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(sandbox.token);
    await ready;
    guildId = (await control.world()).guilds[0]!.id;
    await client.rest.put(Routes.applicationGuildCommands(sandbox.applicationId, guildId), { body: [probe.toJSON()] });
  });

  afterEach(async () => {
    await control.limits(startLimits);
    await control.clearFaults();
    handler = async (i) => void (await i.reply('ok'));
    expect(botErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await client?.destroy();
    await sandbox?.close();
  });

  describe('429 answers', () => {
    it('carry an integer Retry-After header (seconds, rounded up) beside a float retry_after', async () => {
      await control.fault({ route: 'GET /users/@me', status: 429, retryAfter: 0.25 });
      const faulted = await api('GET', '/users/@me');
      expect(faulted.status).toBe(429);
      expect(faulted.headers.get('retry-after')).toBe('1');
      expect(faulted.body).toEqual({ message: 'You are being rate limited.', retry_after: 0.25, global: false });
      expect(faulted.headers.get('x-ratelimit-scope')).toBe('user');
      // "Normal route rate-limiting headers will also be sent in this response."
      expect(faulted.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(faulted.headers.get('x-ratelimit-reset-after')).toBe('0.250');
      expect(faulted.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]+$/);
      await control.fault({ route: 'GET /users/@me', status: 429, retryAfter: 1.5, global: true });
      const globalFault = await api('GET', '/users/@me');
      expect(globalFault.headers.get('retry-after')).toBe('2');
      expect(globalFault.headers.get('x-ratelimit-global')).toBe('true');
      expect(globalFault.headers.get('x-ratelimit-bucket')).toBeNull();

      await control.limits({ rateLimits: true, channelMessages: { limit: 1, windowMs: 1500 } });
      const id = await channelId('limits');
      expect((await api('POST', `/channels/${id}/messages`, { content: 'one' })).status).toBe(200);
      const limited = await api('POST', `/channels/${id}/messages`, { content: 'two' });
      expect(limited.status).toBe(429);
      const retryAfter = limited.body.retry_after as number;
      expect(retryAfter).toBeGreaterThan(0);
      expect(limited.headers.get('retry-after')).toBe(String(Math.ceil(retryAfter)));
      expect(limited.headers.get('x-ratelimit-limit')).toBe('1');
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]+$/);
      expect(Number(limited.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('x-ratelimit-global')).toBeNull();

      await control.limits({ globalPerSecond: 1 });
      await control.clearRequests();
      const answers = [await api('GET', '/users/@me'), await api('GET', '/users/@me')];
      const global = answers.find((a) => a.status === 429)!;
      expect(global.headers.get('x-ratelimit-global')).toBe('true');
      expect(global.headers.get('x-ratelimit-scope')).toBe('global');
      expect(global.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(global.body).toMatchObject({ global: true, retry_after: expect.any(Number) });
    });

    it('are waited out by discord.js, which posts once', async () => {
      const id = await channelId('global');
      await control.clearRequests();
      await control.fault({ route: 'POST /channels/*/messages', status: 429, retryAfter: 0.05 });
      await client.rest.post(Routes.channelMessages(id), { body: { content: 'after a 429' } });
      expect((await control.requests('POST /channels/*/messages')).map((r) => r.status)).toEqual([429, 200]);
      expect((await control.messages('global')).filter((m) => m.content === 'after a 429')).toHaveLength(1);
    });
  });

  describe('mentions', () => {
    it('new roles are not mentionable; the control API sets mentionable and the bot’s permissions', async () => {
      const roles = (await api('GET', `/guilds/${guildId}/roles`)).body as unknown as Json[];
      expect(roles.find((r) => r.name === 'quiet')).toMatchObject({ mentionable: false });
      expect(roles.find((r) => r.name === 'pingable')).toMatchObject({ mentionable: true });
      const updated = new Promise<boolean>((resolve) => client.once(Events.GuildRoleUpdate, (_old, role) => resolve(role.mentionable)));
      await control.addWorld({ roles: [{ name: 'quiet', mentionable: true }] });
      expect(await updated).toBe(true);
      await control.addWorld({ roles: [{ name: 'quiet', mentionable: false }] });
      await control.addWorld({ bot: { permissions: ['ViewChannel', 'SendMessages', 'MentionEveryone'] } });
      const me = client.guilds.cache.get(guildId)!.members.me!;
      await vi.waitFor(() => expect(me.permissions.has(PermissionFlagsBits.MentionEveryone)).toBe(true), { timeout: 5000, interval: 20 });
      await control.addWorld({ bot: { permissions: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles', 'ReadMessageHistory', 'UseApplicationCommands'] } });
      await vi.waitFor(() => expect(me.permissions.has(PermissionFlagsBits.MentionEveryone)).toBe(false), { timeout: 5000, interval: 20 });
    });

    it('a channel message fills mentions, mention_roles and mention_everyone as Discord does', async () => {
      const id = await channelId('pings');
      const [alice, pingable, quiet] = [await userId('alice'), await roleId('pingable'), await roleId('quiet')];
      const content = `<@${alice}> <@&${pingable}> <@&${quiet}> @everyone`;

      // Default allowed mentions of a channel message: everything is parsed, but the bot may ping
      // neither a role that is not mentionable nor @everyone without Mention Everyone.
      const plain = await api('POST', `/channels/${id}/messages`, { content });
      expect((plain.body.mentions as Json[]).map((u) => u.id)).toEqual([alice]);
      expect(plain.body.mention_roles).toEqual([pingable]);
      expect(plain.body.mention_everyone).toBe(false);
      const summary = (await control.messages('pings')).find((m) => m.id === plain.body.id)!;
      expect(summary).toMatchObject({ mentions: [alice], mentionRoles: [pingable], mentionEveryone: false });

      const none = await api('POST', `/channels/${id}/messages`, { content, allowed_mentions: { parse: [] } });
      expect([none.body.mentions, none.body.mention_roles, none.body.mention_everyone]).toEqual([[], [], false]);

      await control.addWorld({ bot: { permissions: ['ViewChannel', 'SendMessages', 'MentionEveryone'] } });
      try {
        const all = await api('POST', `/channels/${id}/messages`, { content });
        expect(all.body.mention_roles).toEqual([pingable, quiet]);
        expect(all.body.mention_everyone).toBe(true);
        const listed = await api('POST', `/channels/${id}/messages`, { content, allowed_mentions: { roles: [quiet] } });
        expect([listed.body.mentions, listed.body.mention_roles, listed.body.mention_everyone]).toEqual([[], [quiet], false]);
      } finally {
        await control.addWorld({ bot: { permissions: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles', 'ReadMessageHistory', 'UseApplicationCommands'] } });
      }

      // An edit of the content parses again, with the edit's own allowed mentions or the defaults.
      const edited = await api('PATCH', `/channels/${id}/messages/${none.body.id}`, { content: `<@&${pingable}> again` });
      expect([edited.body.mentions, edited.body.mention_roles]).toEqual([[], [pingable]]);

      // parse "users" beside a users list is refused, as Discord does.
      const ambiguous = await api('POST', `/channels/${id}/messages`, { content, allowed_mentions: { parse: ['users'], users: [alice] } });
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.code).toBe(50035);
      await control.clearViolations();
    });

    it('MESSAGE_CREATE carries each mentioned user with a partial member', async () => {
      const [alice, id] = [await userId('alice'), await channelId('pings')];
      const ws = new WebSocket(`ws://127.0.0.1:${sandbox.port}/gateway?v=10&encoding=json`);
      const events: { t: string; d: Json }[] = [];
      ws.on('message', (data) => {
        const payload = JSON.parse(String(data)) as { op: number; t?: string; d: Json };
        if (payload.op === 10) {
          const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages;
          ws.send(JSON.stringify({ op: 2, d: { token: sandbox.token, properties: {}, intents } }));
        }
        if (payload.t) events.push({ t: payload.t, d: payload.d });
      });
      try {
        await vi.waitFor(() => expect(events.some((e) => e.t === 'GUILD_CREATE')).toBe(true), { timeout: 5000, interval: 20 });
        await api('POST', `/channels/${id}/messages`, { content: `hello <@${alice}>` });
        await vi.waitFor(() => expect(events.some((e) => e.t === 'MESSAGE_CREATE')).toBe(true), { timeout: 5000, interval: 20 });
        const created = events.find((e) => e.t === 'MESSAGE_CREATE')!.d;
        expect(created.mentions).toEqual([expect.objectContaining({ id: alice, member: expect.objectContaining({ roles: [] }) })]);
        expect((created.mentions as Json[])[0]!.member).not.toHaveProperty('user');
      } finally {
        ws.close(1000);
      }
    });

    it('an interaction reply parses only user mentions by default', async () => {
      const [alice, pingable] = [await userId('alice'), await roleId('pingable')];
      handler = async (i) => void (await i.reply(`<@${alice}> <@&${pingable}> @everyone`));
      const reply = await control.run('/probe', { channel: 'pings' });
      expect(reply.message).toMatchObject({ mentions: [alice], mentionRoles: [], mentionEveryone: false });
    });
  });

  describe('GUILD_CREATE without the privileged intents', () => {
    /** IDENTIFY on a raw connection and return the first GUILD_CREATE. */
    const guildCreate = (identify: Json) =>
      new Promise<Json>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${sandbox.port}/gateway?v=10&encoding=json`);
        ws.on('message', (data) => {
          const payload = JSON.parse(String(data)) as { op: number; t?: string; d: Json };
          if (payload.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: sandbox.token, properties: {}, ...identify } }));
          if (payload.t === 'GUILD_CREATE') {
            ws.close(1000);
            resolve(payload.d);
          }
        });
        ws.on('close', (code) => (code === 1000 ? undefined : reject(new Error(`closed ${code}`))));
      });
    const memberIds = (g: Json) => (g.members as { user: { id: string } }[]).map((m) => m.user.id).sort();

    it('sends the bot itself as the only member, with the true member count', async () => {
      const world = await control.world();
      const total = world.guilds[0]!.members.length;
      const g = await guildCreate({ intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers });
      expect(memberIds(g)).toEqual([sandbox.botUserId]);
      expect(g.member_count).toBe(total);
      expect(g.large).toBe(false);
      expect(g.presences).toEqual([]);
    });

    it('honours large_threshold when the presence intent is given', async () => {
      const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildPresences;
      const small = await guildCreate({ intents });
      const world = await control.world();
      expect(memberIds(small)).toEqual(world.guilds[0]!.members.map((m) => m.user).sort());

      await control.addWorld({ users: Array.from({ length: 60 }, (_, n) => ({ name: `crowd-${n}` })) });
      const crowded = await control.world();
      const total = crowded.guilds[0]!.members.length;
      expect(total).toBeGreaterThan(60);
      const large = await guildCreate({ intents, large_threshold: 50 });
      expect(large).toMatchObject({ large: true, member_count: total });
      // Over the threshold only members with a role (or online, nicknamed, in voice) are sent.
      const withRole = crowded.guilds[0]!.members.filter((m) => m.roles.length > 0).map((m) => m.user).sort();
      expect(memberIds(large)).toEqual(withRole);
      const raised = await guildCreate({ intents, large_threshold: 250 });
      expect(raised.large).toBe(false);
      expect((raised.members as unknown[]).length).toBe(total);
    });
  });

  it('computed permissions deny implicitly: no Send Messages, no embeds, files or @everyone there', async () => {
    await control.addWorld({ bot: { permissions: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles', 'MentionEveryone', 'ReadMessageHistory', 'UseApplicationCommands'] } });
    try {
      const seen: bigint[] = [];
      handler = async (i) => {
        seen.push(i.appPermissions.bitfield);
        await i.reply({ content: 'seen', flags: 64 });
      };
      await control.run('/probe', { channel: 'pings' });
      await control.run('/probe', { channel: 'locked' });
      const [open, locked] = seen;
      for (const bit of [PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.AttachFiles, PermissionFlagsBits.MentionEveryone]) {
        expect(open! & bit).toBe(bit);
        expect(locked! & bit).toBe(0n);
      }
      expect(locked! & PermissionFlagsBits.ViewChannel).toBe(PermissionFlagsBits.ViewChannel);
    } finally {
      await control.addWorld({ bot: { permissions: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles', 'ReadMessageHistory', 'UseApplicationCommands'] } });
    }
  });

  describe('command registration', () => {
    const commands = `/applications/${'{app}'}/guilds/${'{guild}'}/commands`;
    const path = () => commands.replace('{app}', sandbox.applicationId).replace('{guild}', guildId);
    /** A chat-input command whose counted characters come to `target` (or a character or two over). */
    const sized = (target: number, localized = false) => {
      const pad = (n: number) => String(n).padStart(2, '0');
      const fill = (total: number) => Math.max(1, Math.min(100, target - total - 3));
      const options: { type: 3; name: string; description: string; choices: { name: string; value: string }[]; name_localizations?: Record<string, string> }[] = [];
      let total = 'big'.length + 'Big command'.length;
      for (let n = 0; n < 25 && total < target; n++) {
        const description = 'd'.repeat(fill(total));
        const option = { type: 3 as const, name: `o${pad(n)}`, description, choices: [] as { name: string; value: string }[] };
        total += 3 + description.length;
        for (let c = 0; c < 25 && total < target; c++) {
          const value = 'v'.repeat(fill(total));
          option.choices.push({ name: `c${pad(c)}`, value });
          total += 3 + value.length;
        }
        options.push(localized && n === 0 ? { ...option, name_localizations: { de: 'n'.repeat(32) } } : option);
      }
      return { name: 'big', description: 'Big command', options };
    };
    const size = (c: ReturnType<typeof sized>) =>
      c.name.length +
      c.description.length +
      c.options.reduce((s, o) => s + o.name.length + o.description.length + o.choices.reduce((t, ch) => t + ch.name.length + ch.value.length, 0), 0);

    afterEach(async () => {
      await control.clearViolations();
      await client.rest.put(Routes.applicationGuildCommands(sandbox.applicationId, guildId), { body: [probe.toJSON()] });
    });

    it('caps a command at 8,000 characters, counting the longest localization of each field', async () => {
      const roomy = sized(6000);
      expect(size(roomy)).toBeGreaterThan(4000);
      expect(size(roomy)).toBeLessThanOrEqual(8000);
      expect((await api('POST', path(), roomy)).status).toBe(201);

      const over = sized(8100);
      expect(size(over)).toBeGreaterThan(8000);
      const refused = await api('POST', path(), over);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body.errors)).toContain('APPLICATION_COMMAND_TOO_LARGE');

      // Only the longest localization of each field counts: a German option name of 32 characters
      // instead of 3 tips a command of just under 8,000 characters over the cap.
      const tipped = sized(7990, true);
      expect(size(tipped)).toBeGreaterThan(8000 - 29);
      expect(size(tipped)).toBeLessThanOrEqual(8000);
      expect((await api('PUT', path(), [tipped])).status).toBe(400);
      const { name_localizations: _n, ...plainOption } = tipped.options[0]!;
      expect((await api('PUT', path(), [{ ...tipped, options: [plainOption, ...tipped.options.slice(1)] }])).status).toBe(200);
    });

    it('checks integration_types against the application’s install types, and contexts when a user runs it', async () => {
      const global = `/applications/${sandbox.applicationId}/commands`;
      const userInstall = await api('PUT', global, [{ name: 'mine', description: 'User-installed', integration_types: [1] }]);
      expect(userInstall.status).toBe(400);
      expect(JSON.stringify(userInstall.body.errors)).toMatch(/integration_types/);
      // Discord reads integration_types and contexts only on global commands.
      expect((await api('PUT', path(), [{ name: 'mine', description: 'Guild command', integration_types: [1], contexts: [1] }])).status).toBe(200);
      handler = async (i) => void (await i.reply(`ran in context ${i.context}`));
      expect(await control.run('/mine')).toMatchObject({ ok: true, content: 'ran in context 0' });

      const guildOnly = await api('PUT', global, [
        { name: 'here', description: 'In servers', integration_types: [0], contexts: [0] },
        { name: 'dms', description: 'Only in DMs with the bot', integration_types: [0], contexts: [1] },
      ]);
      expect(guildOnly.status).toBe(200);
      const registered = (await control.commands()).global as Json[];
      expect(registered.find((c) => c.name === 'here')).toMatchObject({ integration_types: [0], contexts: [0] });
      expect(await control.run('/here')).toMatchObject({ ok: true, content: 'ran in context 0' });
      const dmOnly = await control.run('/dms');
      expect(dmOnly).toMatchObject({ ok: false, status: 400 });
      expect(dmOnly.error).toMatch(/contexts/);
      expect((await api('PUT', global, [])).status).toBe(200);
    });
  });

  describe('interaction callbacks and webhooks', () => {
    const callback = (i: ChatInputCommandInteraction, query: string, body: Json) =>
      fetch(`${sandbox.apiUrl}/v10/interactions/${i.id}/${i.token}/callback${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('with_response takes Discord’s boolean spellings; a deferred reply’s resource has no message', async () => {
      const answers: { status: number; body: Json | null }[] = [];
      const read = async (res: Response) => answers.push({ status: res.status, body: res.status === 200 ? ((await res.json()) as Json) : null });
      handler = async (i) => void (await read(await callback(i, '?with_response=1', { type: 4, data: { content: 'one' } })));
      await control.run('/probe');
      handler = async (i) => void (await read(await callback(i, '?with_response=False', { type: 4, data: { content: 'two' } })));
      await control.run('/probe');
      handler = async (i) => {
        await read(await callback(i, '?with_response=true', { type: 5 }));
        await fetch(`${sandbox.apiUrl}/v10/webhooks/${i.applicationId}/${i.token}/messages/@original`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ content: 'done' }),
        });
      };
      await control.run('/probe');
      expect(answers.map((a) => a.status)).toEqual([200, 204, 200]);
      expect(answers[0]!.body).toMatchObject({ resource: { type: 4, message: { content: 'one' } } });
      expect(answers[2]!.body).toMatchObject({ interaction: { response_message_loading: true } });
      expect(answers[2]!.body!.resource).toEqual({ type: 5 });
    });

    it('an interaction follow-up always waits and returns the message, whatever wait says', async () => {
      const statuses: number[] = [];
      handler = async (i) => {
        await i.reply('first');
        const res = await fetch(`${sandbox.apiUrl}/v10/webhooks/${i.applicationId}/${i.token}?wait=false`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ content: 'second' }),
        });
        statuses.push(res.status);
        if (res.status === 200) expect(((await res.json()) as Json).content).toBe('second');
      };
      await control.run('/probe', { settleMs: 0 });
      await vi.waitFor(() => expect(statuses).toEqual([200]), { timeout: 5000, interval: 20 });
    });
  });
});
