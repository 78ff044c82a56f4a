// The audit trail end to end: every command that may change data (derived from the command
// definitions: every subcommand that is not read-only) is run through the real discord.js client
// against the sandbox; each one that changes rows leaves exactly one entry naming the member,
// whose rows before and after are the rows as they were before the command and as they are
// after it, and no row changes unrecorded. /audit list pages with buttons; /audit undo reverts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRow, sameFields, sameRow, type RowChange } from '../../src/audit/rows';
import { commandModules } from '../../commands';
import type { ReplyResult } from '../../src/sandbox/control';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { BOT_ROLE_DEFAULT, Permission } from '../../src/sandbox/permissions';
import { text, userId } from '../helpers/command-checks';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false, config: { httpPort: 0, httpHost: '127.0.0.1' } });
  // A ping role must be able to notify, and reviews may become scheduled events: the bot may
  // mention any role and create events here.
  await h.control.addWorld({ bot: { permissions: (BOT_ROLE_DEFAULT | Permission.MentionEveryone | Permission.CreateEvents).toString() } });
}, 60_000);
afterAll(async () => h?.stop());

/** Every row of the tables a change can touch, by row key, encoded as the trail stores them. */
async function rows(): Promise<Map<string, Record<string, unknown>>> {
  const db = h.db;
  const out = new Map<string, Record<string, unknown>>();
  const put = (key: string, row: object) => out.set(key, encodeRow(row as Record<string, unknown>)!);
  for (const r of await db.guildSettings.findMany()) put(`GuildSettings:${r.guildId}`, r);
  for (const r of await db.review.findMany()) put(`Review:${r.id}`, r);
  for (const r of await db.letter.findMany()) put(`Letter:${r.id}`, r);
  for (const r of await db.intervention.findMany()) put(`Intervention:${r.id}`, r);
  for (const r of await db.recommendation.findMany()) put(`Recommendation:${r.id}`, r);
  for (const r of await db.recommendationState.findMany()) put(`RecommendationState:${r.recommendationId}/${r.stateCode}`, r);
  for (const r of await db.recommendationTheme.findMany()) put(`RecommendationTheme:${r.recommendationId}/${r.theme}`, r);
  return out;
}

const lastEntryId = async () => (await h.db.auditEntry.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
const entryOf = async (action: string) => h.db.auditEntry.findFirstOrThrow({ where: { action }, orderBy: { id: 'desc' } });

const CSV = ['Recommendation,Recommending States,Response,Themes', '"Abolish the death penalty",France; Chile,Noted,death penalty', '"Release all political prisoners",Poland,Supported,political prisoners', ''].join('\r\n');

type Step = { key: string; run: () => Promise<ReplyResult>; writes: boolean };
const step = (key: string, command: string | (() => Promise<string>), opts: Parameters<Harness['control']['run']>[1] = {}, writes = true): Step => ({
  key,
  writes,
  run: async () => h.control.run(typeof command === 'string' ? command : await command(), opts),
});

describe('audit trail (end to end)', () => {
  it('every write command leaves one entry with the rows before and after it; nothing changes unrecorded', async () => {
    const steps: Step[] = [
      step('/settings channel', '/settings channel channel:#advocacy'),
      step('/settings timezone', '/settings timezone zone:America/Argentina/Buenos_Aires'),
      step('/settings coordinator-role', '/settings coordinator-role role:coordinator'),
      step('/settings ping-role', '/settings ping-role role:@coordinator'),
      step('/settings lead-times', '/settings lead-times for:letters times:"2w,1d"'),
      step('/settings digest', '/settings digest day:1 hour:9'),
      step('/settings language', '/settings language language:en'),
      // Not in the trail: these switch what this deployment holds for the server (a feed's secret,
      // links to Discord's events), which an undo must never bring back (a rotated feed address).
      step('/settings calendar-feed', '/settings calendar-feed action:on', {}, false),
      step('/settings discord-events', '/settings discord-events action:on', {}, false),
      step('/upr add', '/upr add state:Belarus date:3 Nov 2025'),
      step('/upr import', '/upr import session:51'),
      step('/upr edit', '/upr edit review:Belarus 50 notes:"Pre-session on 6 Oct"'),
      step('/letter add', '/letter add to:Argentina review:Belarus 50 deadline:30 Sep 2025 ask:"Recommend the release of all political prisoners"'),
      step('/letter edit', '/letter edit letter:Argentina recipient:"Permanent Mission of Argentina, Geneva"'),
      step('/letter sent', '/letter sent letter:Argentina'),
      step('/intervention add', '/intervention add review:Belarus 50 state:Lithuania recommendation:"Release all political prisoners" themes:"political prisoners"'),
      step('/intervention import', '/intervention import review:Belarus 50', { attachments: { file: { filename: 'upr-info.csv', contentType: 'text/csv', content: CSV } } }),
      step('/intervention remove', '/intervention remove review:Belarus 50 state:Chile'),
      step('/reminders pause', '/reminders pause'),
      step('/reminders resume', '/reminders resume'),
      step('/reminders test', '/reminders test', {}, false),
      step('/audit list', '/audit list', {}, false),
      step('/audit undo', async () => `/audit undo entry:${(await entryOf('/intervention remove')).id}`),
      step('/letter remove', '/letter remove letter:Argentina'),
      step('/upr remove', async () => `/upr remove review:#${(await h.db.review.findFirstOrThrow({ where: { session: 51 }, orderBy: { id: 'asc' } })).id}`),
      // These three change nothing themselves: the export answers with a file, delete-data and a
      // replacing import ask for a button first (exercised in test/e2e/backup.test.ts).
      step('/backup export', '/backup export', {}, false),
      step('/settings delete-data', '/settings delete-data', {}, false),
      step('/backup import', '/backup import replace:True', { attachments: { file: { filename: 'x.jsonl.gz', base64: '' } } }, false),
    ];
    const writeSubcommands = commandModules.flatMap((m) => Object.entries(m.subcommands).filter(([, s]) => s.access !== 'read').map(([name]) => `/${m.name} ${name}`));
    expect(steps.map((s) => s.key).sort()).toEqual([...writeSubcommands].sort());

    const admin = await userId(h, 'admin');
    for (const s of steps) {
      const before = await rows();
      const last = await lastEntryId();
      const reply = await s.run();
      expect(reply.ok, `${s.key}: ${reply.error ?? ''}`).toBe(true);
      const entries = await h.db.auditEntry.findMany({ where: { id: { gt: last } } });
      const after = await rows();
      const changedKeys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => !sameRow(before.get(k) ?? null, after.get(k) ?? null)).sort();
      if (!s.writes) {
        expect(entries, s.key).toEqual([]);
        expect(changedKeys, `${s.key} changed rows`).toEqual([]);
        continue;
      }
      // A subcommand deferred privately answers privately, success included.
      const [name, sub] = s.key.slice(1).split(' ');
      const privately = commandModules.find((m) => m.name === name)?.subcommands[sub!]?.defer === 'private';
      expect(reply.ephemeral, `${s.key} succeeded: ${text(reply)}`).toBe(privately);
      expect(entries, s.key).toHaveLength(1);
      const entry = entries[0]!;
      expect(entry).toMatchObject({ action: s.key, actorId: admin, actorName: 'admin' });
      const changes = JSON.parse(entry.changes) as RowChange[];
      const recorded = changes.map((c) => `${c.model}:${Object.values(c.key).join('/')}`);
      expect([...new Set(recorded)].sort(), `${s.key}: rows recorded = rows changed`).toEqual(changedKeys);
      for (const c of changes) {
        const key = `${c.model}:${Object.values(c.key).join('/')}`;
        expect(sameRow(c.before, before.get(key) ?? null), `${s.key} ${key} before`).toBe(true);
        // Rows an import created in bulk are recorded by key and parent only: those must match.
        const now = after.get(key) ?? null;
        const matches = c.before === null && c.after !== null && now !== null ? sameFields(now, c.after) : sameRow(c.after, now);
        expect(matches, `${s.key} ${key} after`).toBe(true);
      }
    }
    // Spot checks of what the rows say.
    const edit = JSON.parse((await entryOf('/letter edit')).changes) as RowChange[];
    expect(edit).toEqual([expect.objectContaining({ model: 'Letter', before: expect.objectContaining({ recipient: null }), after: expect.objectContaining({ recipient: 'Permanent Mission of Argentina, Geneva' }) })]);
    expect(JSON.parse((await entryOf('/intervention import')).counts)).toMatchObject({ Recommendation: { created: 1 }, Intervention: { created: 3 } });
  });

  it('/audit list filters by item and pages with buttons; undo is refused, privately, when the item changed since', async () => {
    const review = await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR', session: 50 } });
    const list = await h.control.run(`/audit list item:"Belarus 50"`, { user: 'admin' });
    expect(list.ephemeral).toBe(true);
    const body = text(list);
    expect(body).toContain('/intervention import');
    expect(body).not.toContain('/settings digest');
    const total = await h.db.auditEntry.count({ where: { items: { contains: ` review:${review.id} ` } } });
    expect(body).toContain(`Audit trail (${total})`);
    const next = (list.components[0] as { components: Array<{ custom_id: string; label: string }> }).components.find((b) => b.label.startsWith('Next'))!;
    const page2 = await h.control.click(list.messageId!, next.custom_id, { user: 'admin' });
    expect(text(page2)).toContain('Page 2/');
    expect(text(page2)).toContain('/upr edit');
    expect(text(page2)).toContain('Pre-session on 6 Oct');
    expect(text(page2)).not.toContain('/settings digest');

    // Days are read in the server's zone (Buenos Aires since the second command).
    const all = await h.db.auditEntry.count();
    expect(text(await h.control.run('/audit list from:2025-09-01 to:2025-09-01'))).toContain(`Audit trail (${all})`);
    expect(text(await h.control.run('/audit list from:2025-09-02'))).toContain('Audit trail (0)');
    expect((await h.control.run('/audit list from:2025-09-02 to:2025-09-01')).content).toBe('"from" is after "to".');
    expect((await h.control.run('/audit list user:Ana')).content).toMatch(/is not a user: mention them/);

    const edit = await entryOf('/letter edit');
    const refused = await h.control.run(`/audit undo entry:${edit.id}`);
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(new RegExp(`^Entry #${edit.id} cannot be undone: the same items were changed since by admin \\(/letter sent, entry #\\d+\\) <t:\\d+:f>`));

    // Manage Server or the coordinator role; others are refused privately.
    const member = await h.control.run(`/audit list`, { user: 'member' });
    expect(member.ephemeral).toBe(true);
    expect(member.content).toMatch(/^You need the \*\*Manage Server\*\* permission or the <@&\d+> role/);
    await h.control.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator' }] });
    const admin = await userId(h, 'admin');
    const coordinator = await h.control.run(`/audit list user:<@${admin}>`, { user: 'member' });
    expect(text(coordinator)).toContain(`Audit trail (${await h.db.auditEntry.count({ where: { actorId: admin } })})`);
    expect(text(coordinator)).toContain('/upr remove');
  });
});
