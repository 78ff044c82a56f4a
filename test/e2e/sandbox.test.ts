/**
 * The local Discord sandbox, driven by the real discord.js client (a tiny bot defined here)
 * and the control API. The product bot's own end-to-end suite builds on the same pieces.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  REST,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { SandboxControl, type SandboxLimits } from '../../src/sandbox/control.js';
import { startRepl } from '../../src/sandbox/repl.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

const STATES = ['Belarus', 'Belgium', 'Belize', 'Benin', 'Bhutan', 'Bolivia', 'Brazil', 'Burundi'];

const uprCommand = new SlashCommandBuilder()
  .setName('upr')
  .setDescription('UPR advocacy (sandbox test bot)')
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Add a review')
      .addStringOption((o) => o.setName('state').setDescription('State under review').setRequired(true).setAutocomplete(true))
      .addStringOption((o) => o.setName('date').setDescription('Review date').setRequired(true))
      .addStringOption((o) => o.setName('note').setDescription('A note')),
  )
  .addSubcommand((s) => s.setName('fail').setDescription('Answer with an ephemeral error'))
  .addSubcommand((s) =>
    s
      .setName('slow')
      .setDescription('Defer, then edit the reply')
      .addIntegerOption((o) => o.setName('ms').setDescription('Wait before editing').setMinValue(0).setMaxValue(5000)),
  )
  .addSubcommand((s) =>
    s
      .setName('late')
      .setDescription('Answer only after a wait')
      .addIntegerOption((o) => o.setName('ms').setDescription('Wait').setRequired(true)),
  )
  .addSubcommand((s) => s.setName('buttons').setDescription('Reply with a button and a select'))
  .addSubcommand((s) => s.setName('more').setDescription('Reply, follow up, fetch and edit'))
  .addSubcommand((s) => s.setName('form').setDescription('Open a modal'))
  .addSubcommandGroup((g) =>
    g
      .setName('show')
      .setDescription('Echo typed options')
      .addSubcommand((s) =>
        s
          .setName('options')
          .setDescription('Echo every option type')
          .addChannelOption((o) => o.setName('channel').setDescription('A channel').addChannelTypes(ChannelType.GuildText))
          .addRoleOption((o) => o.setName('role').setDescription('A role'))
          .addUserOption((o) => o.setName('who').setDescription('A user'))
          .addIntegerOption((o) => o.setName('count').setDescription('A count'))
          .addNumberOption((o) => o.setName('ratio').setDescription('A ratio'))
          .addBooleanOption((o) => o.setName('flag').setDescription('A flag'))
          .addStringOption((o) =>
            o.setName('level').setDescription('A level').addChoices({ name: 'High', value: 'high' }, { name: 'Low', value: 'low' }),
          )
          .addAttachmentOption((o) => o.setName('file').setDescription('A file')),
      ),
  );

const adminCommand = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('Only for server managers')
  .setDefaultMemberPermissions(0x20n);

/** A tiny bot: what the product bot does, in a few lines. */
function attachBot(client: Client, errors: unknown[]) {
  client.on(Events.InteractionCreate, async (interaction: Interaction) => {
    try {
      if (interaction.isAutocomplete()) {
        const typed = interaction.options.getFocused().toLowerCase();
        await interaction.respond(STATES.filter((s) => s.toLowerCase().startsWith(typed)).slice(0, 25).map((s) => ({ name: s, value: s })));
        return;
      }
      if (interaction.isButton()) {
        await interaction.update({ content: `Confirmed by ${interaction.user.username}`, components: [] });
        return;
      }
      if (interaction.isModalSubmit()) {
        await interaction.reply(`Thanks, ${interaction.fields.getTextInputValue('name')}`);
        return;
      }
      if (interaction.isStringSelectMenu()) {
        await interaction.reply({ content: `You chose ${interaction.values.join(', ')}`, flags: MessageFlags.Ephemeral });
        return;
      }
      if (!interaction.isChatInputCommand()) return;
      if (interaction.commandName === 'settings') {
        await interaction.reply({ content: 'settings', flags: MessageFlags.Ephemeral });
        return;
      }
      const group = interaction.options.getSubcommandGroup(false);
      const sub = interaction.options.getSubcommand();
      if (group === 'show' && sub === 'options') {
        const o = interaction.options;
        const file = o.getAttachment('file');
        const fileText = file ? await (await fetch(file.url)).text() : null;
        await interaction.reply({
          content: JSON.stringify({
            channel: o.getChannel('channel')?.name ?? null,
            role: o.getRole('role')?.name ?? null,
            who: o.getUser('who')?.username ?? null,
            count: o.getInteger('count'),
            ratio: o.getNumber('ratio'),
            flag: o.getBoolean('flag'),
            level: o.getString('level'),
            file: file ? { name: file.name, text: fileText } : null,
            managesServer: interaction.memberPermissions?.has('ManageGuild') ?? null,
          }),
        });
        return;
      }
      switch (sub) {
        case 'add': {
          const state = interaction.options.getString('state', true);
          const date = interaction.options.getString('date', true);
          const note = interaction.options.getString('note');
          await interaction.reply(`Added ${state} on ${date}${note ? ` (${note})` : ''}`);
          return;
        }
        case 'fail':
          await interaction.reply({ content: 'That did not work.', flags: MessageFlags.Ephemeral });
          return;
        case 'slow': {
          await interaction.deferReply();
          await new Promise((r) => setTimeout(r, interaction.options.getInteger('ms') ?? 50));
          await interaction.editReply({ content: 'Done after a while', embeds: [{ title: 'Result', description: 'ok' }] });
          return;
        }
        case 'late': {
          await new Promise((r) => setTimeout(r, interaction.options.getInteger('ms', true)));
          await interaction.reply('too late?');
          return;
        }
        case 'more': {
          const response = await interaction.reply({ content: 'first', withResponse: true });
          await interaction.followUp({ content: `followed ${response.resource?.message?.id}`, flags: MessageFlags.Ephemeral });
          const fetched = await interaction.fetchReply();
          await interaction.editReply(`${fetched.content} (edited)`);
          return;
        }
        case 'form': {
          const modal = new ModalBuilder()
            .setCustomId('signup')
            .setTitle('Sign up')
            .addComponents(
              new ActionRowBuilder<TextInputBuilder>().addComponents(
                new TextInputBuilder().setCustomId('name').setLabel('Your name').setStyle(TextInputStyle.Short),
              ),
            );
          await interaction.showModal(modal);
          return;
        }
        case 'buttons': {
          const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('confirm').setLabel('Confirm').setStyle(ButtonStyle.Primary),
          );
          const select = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
            new StringSelectMenuBuilder()
              .setCustomId('choose')
              .setPlaceholder('Pick one')
              .addOptions({ label: 'Alpha', value: 'a' }, { label: 'Beta', value: 'b' }),
          );
          await interaction.reply({ content: 'Please confirm', components: [buttons, select] });
          return;
        }
      }
    } catch (e) {
      errors.push(e);
    }
  });
}

async function connect(sandbox: Sandbox, opts: { shards?: number[]; shardCount?: number; intents?: GatewayIntentBits[] } = {}) {
  const client = new Client({
    intents: opts.intents ?? [GatewayIntentBits.Guilds],
    rest: { api: sandbox.apiUrl },
    // discord.js waits 5 s between two IDENTIFYs (Discord's rule); the invalid-session test
    // identifies twice, so this client does not wait.
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    ...(opts.shards ? { shards: opts.shards, shardCount: opts.shardCount } : {}),
  });
  const errors: unknown[] = [];
  attachBot(client, errors);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(sandbox.token);
  await ready;
  return { client, errors };
}

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DiscordAPIError) return e;
    throw e;
  }
  throw new Error('expected a DiscordAPIError');
}

describe('local Discord sandbox with a real discord.js client', () => {
  let sandbox: Sandbox;
  let control: SandboxControl;
  let startLimits: SandboxLimits;
  let client: Client;
  let botErrors: unknown[];
  let guildId: string;
  let expectViolations = false;

  const channelId = async (name: string) => {
    const world = await control.world();
    const channel = world.guilds[0]?.channels.find((c) => c.name === name);
    if (!channel) throw new Error(`no channel ${name}`);
    return channel.id;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({
      world: {
        channels: [
          { name: 'locked', botCanPost: false },
          { name: 'hidden', botCanView: false },
          // One channel per test that posts, so Discord's 5-per-5-s channel limit does not slow them.
          ...['nonces', 'retry429', 'retry5xx', 'timeouts', 'honesty'].map((name) => ({ name })),
        ],
      },
    });
    control = new SandboxControl(sandbox.url);
    startLimits = await control.limits();
    ({ client, errors: botErrors } = await connect(sandbox));
    guildId = (await control.world()).guilds[0]!.id;
    await client.rest.put(Routes.applicationGuildCommands(sandbox.applicationId, guildId), {
      body: [uprCommand.toJSON(), adminCommand.toJSON()],
    });
  });

  afterEach(async () => {
    // A test that tightens a limit gets it back here, even when it fails half-way.
    await control.limits(startLimits);
    // The sandbox is honest only if valid traffic leaves no violations behind.
    if (!expectViolations) expect(await control.violations()).toEqual([]);
    expectViolations = false;
    await control.clearFaults();
    expect(botErrors).toEqual([]);
  });

  afterAll(async () => {
    await client?.destroy();
    await sandbox?.close();
  });

  it('connects: READY and GUILD_CREATE fill the guild cache', async () => {
    expect(client.user?.id).toBe(sandbox.botUserId);
    expect(client.application?.id).toBe(sandbox.applicationId);
    const guild = client.guilds.cache.get(guildId);
    expect(guild?.name).toBe('UPR Advocacy');
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(
      ['advocacy', 'general', 'hidden', 'honesty', 'locked', 'nonces', 'retry429', 'retry5xx', 'timeouts'],
    );
    expect(guild?.roles.cache.map((r) => r.name)).toEqual(expect.arrayContaining(['@everyone', 'coordinator', 'manager']));
    const me = guild?.members.me;
    expect(me?.permissionsIn(await channelId('locked')).has('SendMessages')).toBe(false);
    expect(me?.permissionsIn(await channelId('advocacy')).has('SendMessages')).toBe(true);
    const sessions = await control.gateway();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.connected).toBe(true);
  });

  it('shows registered commands, as Discord returns them', async () => {
    const { guilds } = await control.commands();
    const names = (guilds[guildId] ?? []).map((c) => (c as { name: string }).name);
    expect(names).toEqual(['upr', 'settings']);
    const fetched = await client.guilds.cache.get(guildId)!.commands.fetch();
    expect(fetched.map((c) => c.name).sort()).toEqual(['settings', 'upr']);
  });

  it('runs a slash command and returns the reply', async () => {
    const reply = await control.run('/upr add state:Belarus date:2025-11-03 note:"first cycle" ');
    expect(reply).toMatchObject({ ok: true, type: 'reply', ephemeral: false, content: 'Added Belarus on 2025-11-03 (first cycle)' });
    expect(reply.elapsedMs).toBeLessThan(3000);
    // A reply is a message in the channel.
    const messages = await control.messages('advocacy');
    expect(messages.at(-1)).toMatchObject({ id: reply.messageId, via: 'interaction' });
  });

  it('lets an unquoted value run up to the next option', async () => {
    const reply = await control.run('/upr add date:3 November 2025 state:Belarus note:see https://example.org/x');
    expect(reply.content).toBe('Added Belarus on 3 November 2025 (see https://example.org/x)');
  });

  it('returns an ephemeral error reply', async () => {
    const reply = await control.run('/upr fail', { user: 'member' });
    expect(reply).toMatchObject({ ok: true, type: 'reply', ephemeral: true, content: 'That did not work.' });
    const visible = await control.messages('advocacy');
    expect(visible.some((m) => m.id === reply.messageId)).toBe(false);
  });

  it('waits for a deferred reply to be edited', async () => {
    const reply = await control.run('/upr slow ms:30');
    expect(reply).toMatchObject({ ok: true, type: 'deferred', content: 'Done after a while' });
    expect(reply.embeds).toEqual([expect.objectContaining({ title: 'Result', description: 'ok' })]);
  });

  it('collects follow-ups and edits; with_response answers with the message', async () => {
    const reply = await control.run('/upr more', { settleMs: 150 });
    expect(reply).toMatchObject({ ok: true, type: 'reply', content: 'first (edited)' });
    expect(reply.followUps).toEqual([expect.objectContaining({ content: `followed ${reply.messageId}`, ephemeral: true, via: 'followup' })]);
  });

  it('opens a modal and submits it', async () => {
    const opened = await control.run('/upr form');
    expect(opened).toMatchObject({ ok: true, type: 'modal', modal: expect.objectContaining({ custom_id: 'signup', title: 'Sign up' }) });
    const submitted = await control.submitModal(opened.interactionId!, { name: 'Ana' });
    expect(submitted).toMatchObject({ ok: true, type: 'reply', content: 'Thanks, Ana' });
  });

  it('parses typed options of every kind and serves attachments', async () => {
    const reply = await control.run(
      '/upr show options channel:#general role:@coordinator who:member count:7 ratio:0.5 flag:true level:High',
      { attachments: { file: { filename: 'list.csv', content: 'state,date\nBelarus,2025-11-03\n' } } },
    );
    expect(reply.ok).toBe(true);
    expect(JSON.parse(reply.content ?? '{}')).toEqual({
      channel: 'general',
      role: 'coordinator',
      who: 'member',
      count: 7,
      ratio: 0.5,
      flag: true,
      level: 'high',
      file: { name: 'list.csv', text: 'state,date\nBelarus,2025-11-03\n' },
      managesServer: true,
    });
    const asMember = await control.run('/upr show options');
    expect(JSON.parse(asMember.content ?? '{}').managesServer).toBe(true);
    const plain = await control.run('/upr show options', { user: 'member' });
    expect(JSON.parse(plain.content ?? '{}').managesServer).toBe(false);
  });

  it('refuses what Discord\'s client would not send', async () => {
    expect(await control.run('/upr add state:Belarus')).toMatchObject({ ok: false, status: 400 });
    expect((await control.run('/upr add state:Belarus date:x colour:red')).error).toMatch(/no option "colour"/);
    expect(await control.run('/upr show options count:many')).toMatchObject({ ok: false, status: 400 });
    expect(await control.run('/upr show options level:medium')).toMatchObject({ ok: false, status: 400 });
    expect(await control.run('/upr nothing')).toMatchObject({ ok: false, status: 400 });
    expect(await control.run('/unknown')).toMatchObject({ ok: false, status: 400 });
    // default_member_permissions: Manage Server
    expect(await control.run('/settings', { user: 'member' })).toMatchObject({ ok: false, status: 403 });
    expect(await control.run('/settings', { user: 'admin' })).toMatchObject({ ok: true, content: 'settings' });
  });

  it('answers autocomplete', async () => {
    const result = await control.autocomplete('/upr add state:Bel');
    expect(result.ok).toBe(true);
    expect(result.choices.map((c) => c.name)).toEqual(['Belarus', 'Belgium', 'Belize']);
    const focused = await control.autocomplete('/upr add state:Bu date:2025', { focused: 'state' });
    expect(focused.choices.map((c) => c.value)).toEqual(['Burundi']);
  });

  it('clicks a button and a select option', async () => {
    const reply = await control.run('/upr buttons');
    expect(reply.components).toHaveLength(2);
    const picked = await control.click(reply.messageId!, 'choose', { values: ['b'] });
    expect(picked).toMatchObject({ ok: true, type: 'reply', ephemeral: true, content: 'You chose b' });
    const clicked = await control.click(reply.messageId!, 'confirm', { user: 'member' });
    expect(clicked).toMatchObject({ ok: true, type: 'update', content: 'Confirmed by member', components: [] });
    const [stored] = (await control.messages('advocacy')).filter((m) => m.id === reply.messageId);
    expect(stored?.content).toBe('Confirmed by member');
    await expect(control.click(reply.messageId!, 'confirm')).rejects.toThrow(/no component/);
  });

  it('de-duplicates a post with nonce and enforce_nonce', async () => {
    const channel = (await client.channels.fetch(await channelId('nonces'))) as TextChannel;
    const first = await channel.send({ content: 'Reminder: Belarus review in 7 days', nonce: 'rem-1-7d', enforceNonce: true });
    const second = await channel.send({ content: 'Reminder: Belarus review in 7 days', nonce: 'rem-1-7d', enforceNonce: true });
    expect(second.id).toBe(first.id);
    const posted = (await control.messages('nonces')).filter((m) => m.nonce === 'rem-1-7d');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ enforceNonce: true, via: 'channel' });
  });

  it('resumes after a dropped gateway connection and still receives interactions', async () => {
    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    const { gateway } = await control.fault({ dropGateway: true });
    expect(gateway.dropped).toBe(1);
    // Sent while the bot is away: replayed on RESUME.
    const reply = await control.run('/upr add state:Benin date:2026-01-20');
    await resumed;
    expect(reply).toMatchObject({ ok: true, content: 'Added Benin on 2026-01-20' });
    const [session] = await control.gateway();
    expect(session?.resumes).toBe(1);
  });

  it('follows op 7 reconnect and op 9 invalid session', async () => {
    await control.fault({ reconnect: true });
    await new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    expect((await control.run('/upr add state:Bhutan date:2026-05-01')).ok).toBe(true);
    const reidentified = new Promise<void>((resolve) => client.once(Events.ShardReady, () => resolve()));
    await control.fault({ invalidSession: true });
    await reidentified;
    expect((await control.run('/upr add state:Bolivia date:2026-05-02')).ok).toBe(true);
  });

  it('retries a route 429 and a global 429 without losing or doubling a post', async () => {
    const id = await channelId('retry429');
    await control.clearRequests();
    await control.fault({ route: 'POST /channels/*/messages', status: 429, retryAfter: 0.05 });
    await client.rest.post(Routes.channelMessages(id), { body: { content: 'after a route 429', nonce: 'r429', enforce_nonce: true } });
    await control.fault({ route: '/channels/*/messages', status: 429, global: true, retryAfter: 0.05 });
    await client.rest.post(Routes.channelMessages(id), { body: { content: 'after a global 429' } });
    const posts = (await control.messages('retry429')).map((m) => m.content);
    expect(posts.filter((c) => c === 'after a route 429')).toHaveLength(1);
    expect(posts.filter((c) => c === 'after a global 429')).toHaveLength(1);
    const statuses = (await control.requests('POST /channels/*/messages')).map((r) => r.status);
    expect(statuses).toEqual([429, 200, 429, 200]);
  });

  it('retries a 5xx once and posts once; a lost answer is covered by the nonce', async () => {
    const id = await channelId('retry5xx');
    await control.clearRequests();
    await control.fault({ route: 'POST /channels/*/messages', status: 502 });
    await client.rest.post(Routes.channelMessages(id), { body: { content: 'after a 502' } });
    // Discord posted, then the answer failed: the retry carries the same nonce.
    await control.fault({ route: 'POST /channels/*/messages', status: 500, phase: 'after' });
    await client.rest.post(Routes.channelMessages(id), { body: { content: 'posted, answer lost', nonce: 'lost-1', enforce_nonce: true } });
    const posts = (await control.messages('retry5xx')).map((m) => m.content);
    expect(posts.filter((c) => c === 'after a 502')).toHaveLength(1);
    expect(posts.filter((c) => c === 'posted, answer lost')).toHaveLength(1);
    expect((await control.requests('POST /channels/*/messages')).map((r) => r.status)).toEqual([502, 200, 500, 200]);
  });

  it('a request that times out is sent again, and the nonce keeps it single', async () => {
    const rest = new REST({ api: sandbox.apiUrl, timeout: 200, retries: 1 }).setToken(sandbox.token);
    const id = await channelId('timeouts');
    await control.clearRequests();
    await control.fault({ route: 'POST /channels/*/messages', delayMs: 400, phase: 'after' });
    await rest.post(Routes.channelMessages(id), { body: { content: 'slow answer', nonce: 'slow-1', enforce_nonce: true } });
    expect((await control.messages('timeouts')).filter((m) => m.content === 'slow answer')).toHaveLength(1);
    // The first attempt's answer is held back until its delay ends, then it is logged too.
    await vi.waitFor(async () => expect((await control.requests('POST /channels/*/messages')).map((r) => r.status)).toEqual([200, 200]), {
      timeout: 5000,
      interval: 20,
    });
  });

  it('answers 403 50013 / 50001 and 404 10003, and the client does not retry them', async () => {
    await control.clearRequests();
    const locked = await channelId('locked');
    const hidden = await channelId('hidden');
    const e403 = await apiError(client.rest.post(Routes.channelMessages(locked), { body: { content: 'x' } }));
    expect([e403.status, e403.code, e403.message]).toEqual([403, 50013, 'Missing Permissions']);
    const e50001 = await apiError(client.rest.post(Routes.channelMessages(hidden), { body: { content: 'x' } }));
    expect([e50001.status, e50001.code]).toEqual([403, 50001]);
    const e404 = await apiError(client.rest.post(Routes.channelMessages('1234567890123456789'), { body: { content: 'x' } }));
    expect([e404.status, e404.code, e404.message]).toEqual([404, 10003, 'Unknown Channel']);
    const requests = await control.requests('POST /channels/*/messages');
    expect(requests.map((r) => [r.status, r.code])).toEqual([
      [403, 50013],
      [403, 50001],
      [404, 10003],
    ]);
  });

  it('sends rate-limit headers the client honours (per-channel message limit)', async () => {
    await control.limits({ channelMessages: { limit: 2, windowMs: 300 } });
    const fresh = await control.addWorld({ channels: [{ name: 'burst' }] });
    const id = fresh.guilds[0]!.channels.find((c) => c.name === 'burst')!.id;
    await control.clearRequests();
    const started = Date.now();
    await Promise.all([1, 2, 3].map((n) => client.rest.post(Routes.channelMessages(id), { body: { content: `burst ${n}` } })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect((await control.messages('burst')).map((m) => m.content).sort()).toEqual(['burst 1', 'burst 2', 'burst 3']);
    expect((await control.requests('POST /channels/*/messages')).every((r) => r.status === 200)).toBe(true);
  });

  it('enforces the global limit with 429s the client waits out', async () => {
    await control.limits({ globalPerSecond: 3 });
    await control.clearRequests();
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => client.rest.get(Routes.user('@me'))));
    expect(users).toHaveLength(5);
    const statuses = (await control.requests('GET /users/@me')).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses).toContain(429);
  });

  it('holds the bot to the 3-second deadline and the one-acknowledgement rule', async () => {
    await control.limits({ interactionDeadlineMs: 150 });
    const late = await control.run('/upr late ms:300');
    expect(late).toMatchObject({ ok: false, type: 'none' });
    expect(late.error).toMatch(/did not respond/);
    // The bot's late callback is refused once its handler finishes.
    await vi.waitFor(() => expect(botErrors).toHaveLength(1), { timeout: 5000, interval: 20 });
    const refused = botErrors.splice(0);
    expect((refused[0] as DiscordAPIError).code).toBe(10062);
    await control.limits({ interactionDeadlineMs: startLimits.interactionDeadlineMs });

    const reply = await control.run('/upr add state:Brazil date:2027-01-01');
    const interaction = (await (await fetch(`${sandbox.url}/_sandbox/interactions/${reply.interactionId}`)).json()) as { id: string };
    expect(interaction.id).toBe(reply.interactionId);
  });

  it('expires the interaction token', async () => {
    await control.limits({ interactionTokenTtlMs: 100 });
    const reply = await control.run('/upr slow ms:250', { waitMs: 600 });
    expect(reply).toMatchObject({ ok: false, type: 'deferred' });
    const refused = botErrors.splice(0);
    expect((refused[0] as DiscordAPIError).code).toBe(50027);
  });

  it('refuses a second acknowledgement with 40060', async () => {
    const seen = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
    const reply = await control.run('/upr fail');
    const interaction = await seen;
    expect(reply.ok).toBe(true);
    const again = await apiError(
      client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'again' } }, auth: false }),
    );
    expect([again.status, again.code]).toEqual([400, 40060]);
  });

  it('is honest: refuses and records what Discord would refuse', async () => {
    expectViolations = true;
    const id = await channelId('honesty');
    const empty = await apiError(client.rest.post(Routes.channelMessages(id), { body: {} }));
    // Discord answers an empty message with 50006 "Cannot send an empty message".
    expect([empty.status, empty.code]).toEqual([400, 50006]);
    const long = await apiError(client.rest.post(Routes.channelMessages(id), { body: { content: 'x'.repeat(2001) } }));
    expect([long.status, long.code]).toEqual([400, 50035]);
    expect(long.rawError).toMatchObject({ errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    const badName = await apiError(
      client.rest.put(Routes.applicationCommands(sandbox.applicationId), { body: [{ name: 'Bad Name', description: 'x' }] }),
    );
    expect([badName.status, badName.code]).toEqual([400, 50035]);
    expect(badName.rawError).toMatchObject({ errors: { '0': { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } });
    const bigEmbed = await apiError(
      client.rest.post(Routes.channelMessages(id), {
        body: { embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] },
      }),
    );
    expect(bigEmbed.code).toBe(50035);

    const violations = await control.violations();
    expect(violations.map((v) => [v.method, v.path, v.code])).toEqual([
      ['POST', `/channels/${id}/messages`, 50006],
      ['POST', `/channels/${id}/messages`, 50035],
      ['PUT', `/applications/${sandbox.applicationId}/commands`, 50035],
      ['POST', `/channels/${id}/messages`, 50035],
    ]);
    expect(violations[1]?.issues).toEqual([expect.objectContaining({ path: 'content', code: 'BASE_TYPE_MAX_LENGTH' })]);
    expect(await control.messages('honesty')).toEqual([]);
    await control.clearViolations();
  });

  it('checks REST authorization and the gateway token', async () => {
    const res = await fetch(`${sandbox.apiUrl}/v10/users/@me`);
    expect(res.status).toBe(401);
    const ws = new WebSocket(`ws://127.0.0.1:${sandbox.port}/gateway?v=10&encoding=json`);
    const code = await new Promise<number>((resolve) => {
      ws.on('message', (data) => {
        const payload = JSON.parse(String(data)) as { op: number };
        if (payload.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
      });
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4004);
  });

  it('tells connected bots about new guilds and channels', async () => {
    const created = new Promise<string>((resolve) => client.once(Events.GuildCreate, (g) => resolve(g.name)));
    const channel = new Promise<string>((resolve) => client.once(Events.ChannelCreate, (c) => resolve(c.name)));
    await control.addWorld({ guilds: [{ name: 'Second Chapter' }], channels: [{ name: 'campaigns' }] });
    expect(await created).toBe('Second Chapter');
    expect(await channel).toBe('campaigns');
    const second = client.guilds.cache.find((g) => g.name === 'Second Chapter');
    expect(second?.channels.cache.map((c) => c.name).sort()).toEqual(['advocacy', 'general']);
    // Taking the bot's right to post away shows in its cache and in REST answers.
    const updated = new Promise<void>((resolve) => client.once(Events.ChannelUpdate, () => resolve()));
    await control.addWorld({ channels: [{ name: 'campaigns', botCanPost: false }] });
    await updated;
    const campaigns = client.guilds.cache.get(guildId)!.channels.cache.find((c) => c.name === 'campaigns')!;
    expect(campaigns.permissionsFor(client.user!)?.has('SendMessages')).toBe(false);
    const refused = await apiError(client.rest.post(Routes.channelMessages(campaigns.id), { body: { content: 'x' } }));
    expect(refused.code).toBe(50013);
  });

  it('refuses a control body of the wrong shape with 400 and changes nothing', async () => {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${sandbox.url}/_sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; error: string } };
    };
    const before = await control.limits();
    const badLimit = await post('limits', { globalPerSecond: 'fast', interactionDeadlineMs: 10 });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error).toMatch(/globalPerSecond/);
    const unknownLimit = await post('limits', { globalPerSecnd: 3 });
    expect(unknownLimit.status).toBe(400);
    expect(unknownLimit.body.error).toMatch(/globalPerSecnd/);
    expect(await control.limits()).toEqual(before);

    const worldBefore = await control.world();
    const badWorld = await post('world', { users: [{ name: 'zoe' }], channels: [{ name: 'x', botCanPost: 'no' }] });
    expect(badWorld.status).toBe(400);
    expect(badWorld.body.error).toMatch(/channels\[0\]\.botCanPost|botCanPost/);
    expect(await control.world()).toEqual(worldBefore);

    const noCommand = await post('interactions', { user: 'member' });
    expect([noCommand.status, noCommand.body.error]).toEqual([400, expect.stringMatching(/"command" is required/)]);
    const badFault = await post('faults', { status: 'often' });
    expect(badFault.status).toBe(400);
    expect(await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()).toEqual([]);
  });

  it('offers a terminal prompt that runs commands and shows the bot\'s posts', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const repl = startRepl(control, { input, output, force: true })!;
    const until = (text: string) => vi.waitFor(() => expect(printed).toContain(text), { timeout: 5000, interval: 20 });
    input.write('/upr add state:Burundi date:2026-03-03\n');
    await until('Added Burundi on 2026-03-03');
    input.write('?/upr add state:Bh\n');
    await until('• Bhutan');
    input.write('/upr buttons\n');
    await until('[Confirm]');
    input.write('click last confirm\n');
    await until('Confirmed by admin');
    await client.rest.post(Routes.channelMessages(await channelId('general')), { body: { content: 'Reminder: letter due', nonce: 'repl-1', enforce_nonce: true } });
    await until('Reminder: letter due');
    input.write('exit\n');
    await repl.done;
    expect(startRepl(control, { input: new PassThrough() })).toBeUndefined(); // no terminal, no prompt
  });

  it('moves the bot clock through the hook and waits for it', async () => {
    const seen: string[] = [];
    const off = sandbox.onClock(async (now) => {
      await new Promise((r) => setTimeout(r, 20));
      seen.push(now);
    });
    const moved = await control.clock({ now: '2025-11-01T09:00:00Z' });
    expect(seen).toHaveLength(1);
    expect(Math.abs(Date.parse(seen[0]!) - Date.parse('2025-11-01T09:00:00Z'))).toBeLessThan(1000);
    const later = await control.clock({ advance: 'P1DT2H' });
    expect(Date.parse(later.now) - Date.parse(moved.now)).toBeGreaterThanOrEqual(26 * 3600_000);
    expect(seen).toHaveLength(2);
    off();
  });
});

describe('sandbox message events', () => {
  it('sends MESSAGE_CREATE to a bot with the GuildMessages intent', async () => {
    const sandbox = await startSandbox({ limits: { rateLimits: false } });
    const { client } = await connect(sandbox, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    try {
      const channel = client.guilds.cache.first()!.channels.cache.find((c) => c.name === 'general') as TextChannel;
      const seen = new Promise<string>((resolve) => client.once(Events.MessageCreate, (m) => resolve(m.content)));
      await channel.send('hello world');
      expect(await seen).toBe('hello world');
      const dm = await (await client.users.fetch((await sandbox.control.world()).users.find((u) => u.name === 'member')!.id)).send('psst');
      expect((await sandbox.control.messages(dm.channelId)).map((m) => m.content)).toEqual(['psst']);
      expect(await sandbox.control.violations()).toEqual([]);
    } finally {
      await client.destroy();
      await sandbox.close();
    }
  });
});

describe('sandbox sharding', () => {
  it('gives each shard only its guilds, and routes interactions to the right one', async () => {
    const sandbox = await startSandbox({
      // Guild ids made a millisecond apart fall on alternate shards of two.
      world: {
        guilds: ['A', 'B', 'C', 'D'].map((letter, i) => ({
          name: `Chapter ${letter}`,
          id: (((1_700_000_000_000n - 1_420_070_400_000n + BigInt(i)) << 22n) | 1n).toString(),
        })),
      },
      limits: { rateLimits: false },
    });
    const control = new SandboxControl(sandbox.url);
    const bots = await Promise.all([connect(sandbox, { shards: [0], shardCount: 2 }), connect(sandbox, { shards: [1], shardCount: 2 })]);
    try {
      const world = await control.world();
      const shardOf = (id: string) => Number((BigInt(id) >> 22n) % 2n);
      for (const [shard, bot] of bots.entries()) {
        const expected = world.guilds.filter((g) => shardOf(g.id) === shard).map((g) => g.id).sort();
        expect([...bot.client.guilds.cache.keys()].sort()).toEqual(expected);
      }
      await bots[0]!.client.rest.put(Routes.applicationCommands(sandbox.applicationId), { body: [uprCommand.toJSON()] });
      for (const guild of world.guilds) {
        const reply = await control.run('/upr add state:Belize date:2026-02-02', { guild: guild.name });
        expect(reply).toMatchObject({ ok: true, content: 'Added Belize on 2026-02-02' });
      }
      expect(await control.violations()).toEqual([]);
    } finally {
      await Promise.all(bots.map((b) => b.client.destroy()));
      await sandbox.close();
    }
  });
});
