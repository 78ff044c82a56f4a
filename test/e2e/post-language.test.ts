// A server's posts in its language, with the real bot and discord.js against the sandbox: a
// server whose preferred locale is es-419 (no setting) gets its reminders and weekly digest in
// Spanish, with Spanish state names; an en-US server beside it stays English; `/settings
// language` switches, and `auto` goes back to the preferred locale Discord reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness';

const SPANISH = 'Coalición';
const ENGLISH = 'UPR Advocacy';
let h: Harness;
const ids: Record<string, string> = {};

async function until<T>(what: string, get: () => Promise<T | null | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const ok = async (command: string, guild: string) => {
  const r = await h.control.run(command, { guild, user: 'owner' });
  expect(r.ok, `${command}: ${r.error ?? ''}`).toBe(true);
  return r;
};

beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), sandbox: { world: { guilds: [{ name: SPANISH, locale: 'es-419' }] } } });
  for (const g of (await h.control.world()).guilds) ids[g.name] = g.id;
}, 60_000);
afterAll(async () => h?.stop());

describe('posts in the server’s language', () => {
  it('records each server’s preferred locale as Discord reports it', async () => {
    const spanish = await until('the locale recorded', () => h.db.guildLocale.findUnique({ where: { guildId: ids[SPANISH]! } }));
    expect(spanish.locale).toBe('es-419');
    // Each server is recorded as Discord reports it, not necessarily together.
    const english = await until('the locale recorded', () => h.db.guildLocale.findUnique({ where: { guildId: ids[ENGLISH]! } }));
    expect(english.locale).toBe('en-US');
  });

  it('reminders and the digest: Spanish in the es-419 server, English in the en-US one', async () => {
    for (const guild of [SPANISH, ENGLISH]) {
      await ok('/settings channel channel:advocacy', guild);
      await ok('/upr add state:Belarus date:3 Nov 2025', guild);
      await ok('/settings digest day:1 hour:9', guild);
    }
    const show = await ok('/settings show', SPANISH);
    expect(JSON.stringify(show.embeds)).toContain("**Language of posts:** Español (the server's preferred locale, es-419)");

    // Monday 8 Sep 09:00 in Zurich: 8 weeks before the review, and the digest's slot.
    await h.control.clock({ now: '2025-09-08T07:00:05Z' });
    const review = await h.control.waitForMessage('advocacy', (m) => m.content.includes('📅'), { guild: SPANISH, timeoutMs: 15_000 });
    expect(review.content).toContain('📅 **Examen de Belarús (sesión 50 del Grupo de Trabajo del EPU)**');
    expect(review.content).toMatch(/\nCuándo: <t:\d+:D> \(<t:\d+:R>\) \(aún no se conoce la hora\)\n/);
    expect(review.content).toContain('Qué hacer: es el momento de escribir a las misiones');
    const digest = await h.control.waitForMessage('advocacy', (m) => m.content.includes('🗞️'), { guild: SPANISH, timeoutMs: 15_000 });
    expect(digest.content).toMatch(/^🗞️ \*\*Resumen semanal del EPU\*\* — del <t:\d+:D> al <t:\d+:D>\n\*\*Exámenes de las próximas dos semanas\*\*\nNinguno\.\n\*\*Plazos de las próximas dos semanas\*\*\n/);
    for (const post of [review, digest]) expect(post.content).not.toMatch(/Review of|When:|What to do|weekly digest|None\./);

    const english = await h.control.waitForMessage('advocacy', (m) => m.content.includes('📅'), { guild: ENGLISH, timeoutMs: 15_000 });
    expect(english.content).toContain('📅 **Review of Belarus (UPR Working Group session 50)**');
    const englishDigest = await h.control.waitForMessage('advocacy', (m) => m.content.includes('🗞️'), { guild: ENGLISH, timeoutMs: 15_000 });
    expect(englishDigest.content).toContain('🗞️ **UPR weekly digest**');
  });

  it('/settings language switches the posts, and auto goes back to the preferred locale', async () => {
    const set = await ok('/settings language language:en', SPANISH);
    expect(set.content).toBe('Posts in this server (reminders, weekly digest, Discord events, calendar feed, follow messages) are now in **English**.');
    const english = await ok('/reminders test', SPANISH);
    expect(english.ok).toBe(true);
    await h.control.waitForMessage('advocacy', (m) => m.content.startsWith('✅ Test message from the UPR reminders bot'), { guild: SPANISH, timeoutMs: 15_000 });

    const auto = await ok('/settings language language:auto', SPANISH);
    expect(auto.content).toBe('Posts in this server now follow its preferred locale as Discord reports it (es-419): **Español**.');
    await ok('/reminders test', SPANISH);
    await h.control.waitForMessage('advocacy', (m) => m.content.startsWith('✅ Mensaje de prueba del bot de recordatorios del EPU'), { guild: SPANISH, timeoutMs: 15_000 });
    expect((await h.db.guildSettings.findUniqueOrThrow({ where: { guildId: ids[SPANISH]! } })).language).toBeNull();
    expect(await h.control.violations()).toEqual([]);
  });
});
