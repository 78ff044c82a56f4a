// /upr, /letter and /reminders read by members whose Discord speaks Spanish (es-419, es-ES): the
// real bot and discord.js client against the sandbox. Every reply, error, button, menu and
// autocomplete label is Spanish, with the UN's Spanish state names, and carries no English
// sentence from the catalogs; a member reading English in the same server still reads English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishOnlyPieces, englishSentencesIn } from '../helpers/english-leak';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { expectRefused, text, unix } from '../helpers/command-checks';

const ZURICH = 'Europe/Zurich';
const NOW = new Date('2025-09-01T08:00:00Z');
/** Reads Spanish from Latin America and may change things (Manage Server). */
const LECTORA = { user: 'lectora' };
/** Reads Spanish from Spain and may only read. */
const LECTOR = { user: 'lector' };
let h: Harness;

type Embed = { title: string; description: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } };
type Components = Array<{ components: Array<{ custom_id: string; label?: string; placeholder?: string; options?: Array<{ label: string }> }> }>;
const embed = (r: { embeds: unknown[] }): Embed => r.embeds[0] as Embed;

/** A reply for a Spanish reader: no English sentence of the catalogs in it. */
function expectSpanish(r: { content: string | null; embeds: unknown[]; components?: unknown }, what: string): string {
  const all = `${text(r)}\n${JSON.stringify(r.components ?? [])}`;
  expect(englishSentencesIn(all), what).toEqual([]);
  return all;
}

beforeAll(async () => {
  h = await startHarness({
    now: NOW,
    scheduler: false,
    sandbox: { world: { users: [{ name: 'lectora', locale: 'es-419', roles: ['manager'] }, { name: 'lector', locale: 'es-ES' }] } },
  });
}, 60_000);
afterAll(async () => h?.stop());

describe('a Spanish reader', () => {
  it('has English sentences to look for (the check is not empty)', () => {
    expect(englishOnlyPieces()).toContain('is not within a known 4th-cycle WG session');
    expect(englishOnlyPieces().length).toBeGreaterThan(100);
  });

  it('adds, imports, lists and shows reviews in Spanish', async () => {
    const added = await h.control.run('/upr add state:Belarus date:3 Nov 2025', LECTORA);
    const at = unix('2025-11-03T09:00', ZURICH);
    const lines = added.content!.split('\n');
    expect(lines[0]).toBe(`Se agregó **Belarús** — GT 50: <t:${at}:D> (<t:${at}:R>) (hora desconocida: los recordatorios cuentan desde las 09:00, hora del servidor).`);
    expect(lines[1]).toBe(
      `Plazo estimado para las contribuciones de las partes interesadas: <t:${unix('2025-03-27T12:00', ZURICH)}:D> (estimación temprana a propósito; fija el plazo real con \`/epu editar plazo-contribuciones\`).`,
    );
    expect(lines[2]).toMatch(/^Examen `#\d+`: consúltalo con `\/epu ver`\.$/);
    expectSpanish(added, '/upr add');

    const imported = await h.control.run('/upr import session:50', LECTORA);
    expect(imported.content).toMatch(/^Se importó el calendario del 4\.º ciclo \(sesión 50 del GT\): \*\*13\*\* creados, \*\*\d+\*\* actualizados, \*\*\d+\*\* sin cambios\./);
    expectSpanish(imported, '/upr import');

    const list = await h.control.run('/upr list session:50', LECTORA);
    expect(embed(list).title).toBe('Exámenes (14) — GT 50');
    expect(embed(list).description).toContain(`**Belarús** — GT 50 — <t:${at}:D>`);
    expect(embed(list).description).toContain('**Estados Unidos de América** — GT 50 — ');
    expect(embed(list).description).toContain(' · *reprogramado*');
    expect(embed(list).footer!.text).toBe('Página 1/2 · próximos primero');
    const rows = list.components as Components;
    expect(rows[0]!.components.map((b) => b.label)).toEqual(['◀ Anterior', 'Siguiente ▶']);
    expect(rows[1]!.components[0]!.placeholder).toBe('Mostrar un examen…');
    expect(rows[1]!.components[0]!.options!.map((o) => o.label)).toContain('Belarús — GT 50 — 3 nov 2025');
    expectSpanish(list, '/upr list');
    const page2 = await h.control.click(list.messageId!, rows[0]!.components[1]!.custom_id, LECTOR);
    expect(embed(page2).footer!.text).toBe('Página 2/2 · próximos primero');
    expectSpanish(page2, '/upr list page 2');

    const shown = await h.control.run('/upr show review:Belarus 50', LECTOR);
    expect(embed(shown).title).toBe('Belarús — GT 50 — 3 nov 2025');
    expect(embed(shown).description).toContain(`**Cuándo:** <t:${at}:D> (<t:${at}:R>) (hora desconocida)`);
    expect(embed(shown).description).toContain('**Situación:** programado');
    expect(embed(shown).fields![0]).toMatchObject({ name: 'Hitos' });
    expect(embed(shown).fields![0]!.value).toContain('• Plazo para las contribuciones de las partes interesadas: <t:');
    expect(embed(shown).fields![0]!.value).toContain('*estimación (uno por sesión del GT,');
    expect(embed(shown).footer!.text).toMatch(/^Examen #\d+ · las estimaciones siguen/);
    expectSpanish(shown, '/upr show');
    // A label copied from a Spanish reply names the same review.
    expect(embed(await h.control.run('/upr show review:"Belarús — GT 50 — 3 nov 2025"', LECTOR)).footer).toEqual(embed(shown).footer);

    const next = await h.control.run('/upr next', LECTOR);
    expect(embed(next).title).toBe('Próximamente');
    expect(embed(next).description).toMatch(/^\*\*Próximo examen:\*\* /);
    expect(embed(next).description).toContain('**Próximos plazos:**');
    expect(embed(next).description).toContain('• Publicación de los documentos de la ONU — ');
    expectSpanish(next, '/upr next');

    // The English reader of the same server reads the same review in English.
    expect(embed(await h.control.run('/upr show review:Belarus 50', { user: 'admin' })).title).toBe('Belarus — WG 50 — 3 Nov 2025');
  });

  it('gets autocomplete labels in Spanish, with the same values', async () => {
    const ac = await h.control.autocomplete('/upr show review:belarus', { ...LECTOR, focused: 'review' });
    expect(ac.choices).toHaveLength(1);
    expect(ac.choices[0]!.name).toBe('Belarús — GT 50 — 3 nov 2025');
    const english = await h.control.autocomplete('/upr show review:belarus', { user: 'member', focused: 'review' });
    expect(english.choices).toEqual([{ name: 'Belarus — WG 50 — 3 Nov 2025', value: ac.choices[0]!.value }]);
  });

  it('is told what is wrong in Spanish, with the next step', async () => {
    await expectRefused(h, '/upr show review:Nigera', 'Estado desconocido: «Nigera». ¿Quisiste decir Níger o Nigeria?', LECTOR);
    await expectRefused(h, '/upr show review:Uruguay', 'No hay ningún examen de Uruguay en este servidor. Agrégalo con /epu agregar o /epu importar.', LECTOR);
    await expectRefused(h, '/upr add state:Croatia date:2025-11-05', 'Croacia ya figura en la sesión 50 del GT. Cámbialo con /epu editar.', LECTORA);
    await expectRefused(h, '/upr add state:Holy See date:2025-11-05', 'Santa Sede es un Estado observador', LECTORA);
    await expectRefused(h, '/letter add to:Atlantis review:Belarus 50 deadline:2025-10-01', 'Estado destinatario: Estado desconocido: «Atlantis».', LECTORA);
    await expectRefused(h, '/upr edit review:Belarus 50', 'No hay nada que cambiar: indica al menos una opción', LECTORA);
    // Refusals of access, too.
    const refused = await expectRefused(h, '/upr add state:Uruguay date:2026-01-20', 'Necesitas el permiso **Gestionar servidor** para hacer cambios aquí', LECTOR);
    expectSpanish(refused, 'access refusal');
  });

  it('plans, lists, marks sent and removes letters in Spanish', async () => {
    const planned = await h.control.run('/letter add to:Germany review:Belarus 50 deadline:30 Sep 2025', LECTORA);
    const due = unix('2025-09-30T09:00', ZURICH);
    expect(planned.content).toMatch(
      new RegExp(`^Se planificó la carta \`#(\\d+)\` a \\*\\*Alemania\\*\\* sobre Belarús GT 50, con plazo el <t:${due}:D> \\(<t:${due}:R>\\)\\. Márcala con \`/carta enviada\` cuando la envíes\\.$`),
    );
    const germany = Number(/`#(\d+)`/.exec(planned.content!)![1]);
    await expectRefused(h, '/letter add to:Germany review:Belarus 50 deadline:1 Oct 2025', `Ya hay una carta planificada a Alemania sobre este examen (#${germany}). Cámbiala con /carta editar.`, LECTORA);

    // A deadline after the review is stored, with a warning in Spanish.
    const late = await h.control.run('/letter add to:France review:Belarus 50 deadline:2025-12-01', LECTORA);
    expect(late.content).toContain('a **Francia** sobre Belarús GT 50');
    expect(late.content).toContain('\n⚠️ El plazo de la carta (1 dic 2025) es posterior al examen (3 nov 2025): se guardó tal como se indicó');
    expectSpanish(late, '/letter add with a warning');
    const france = Number(/`#(\d+)`/.exec(late.content!)![1]);

    const list = await h.control.run('/letter list', LECTOR);
    expect(embed(list).title).toBe('Cartas — por enviar (2)');
    expect(embed(list).description.split('\n')[0]).toBe(`\`#${germany}\` **Alemania** — sobre Belarús GT 50 — vence el <t:${due}:D> (<t:${due}:R>)`);
    expect(embed(list).footer!.text).toBe('Página 1/1');
    expectSpanish(list, '/letter list');
    expect(embed(await h.control.run('/letter list status:overdue', LECTOR)).description).toBe('No hay cartas vencidas.');

    const ac = await h.control.autocomplete('/letter sent letter:', { ...LECTORA, focused: 'letter' });
    expect(ac.choices).toContainEqual({ name: 'Alemania — sobre Belarús GT 50 — vence el 30 sept 2025', value: `#${germany}` });

    const sent = await h.control.run(`/letter sent letter:#${germany} date:2025-08-31`, LECTORA);
    expect(sent.content).toBe(`Se marcó la carta \`#${germany}\` a **Alemania** como enviada el <t:${unix('2025-08-31T09:00', ZURICH)}:D>. Sus recordatorios se detienen.`);
    const edited = await h.control.run(`/letter edit letter:#${france} status:cancelled`, LECTORA);
    expect(edited.content).toBe(`Se actualizó la carta \`#${france}\`: \`#${france}\` **Francia** — sobre Belarús GT 50 — cancelada. Recordatorios replanificados.`);
    await expectRefused(h, `/letter sent letter:#${france}`, 'Esa carta se canceló. Primero reábrela con /carta editar estado:planificada.', LECTORA);
    const removed = await h.control.run(`/letter remove letter:#${france}`, LECTORA);
    expect(removed.content).toBe(`Se eliminó la carta \`#${france}\` a **Francia**; sus recordatorios pendientes se cancelaron.`);
  });

  it('reads what reminders will be posted, and tests, pauses and resumes them, in Spanish', async () => {
    const list = await h.control.run('/reminders list', LECTOR);
    expect(embed(list).title).toBe('Recordatorios');
    const review8w = unix('2025-09-08T09:00', ZURICH);
    expect(embed(list).description.split('\n')).toContain(
      `• <t:${review8w}:f> (<t:${review8w}:R>) Examen de Belarús (GT 50), 8 semanas antes → sin canal · pendiente — ⚠️ no hay canal de recordatorios: usa /ajustes canal`,
    );
    expectSpanish(list, '/reminders list');
    await expectRefused(h, '/reminders test', '❌ No se pudo publicar el recordatorio de prueba: no hay canal de recordatorios: usa /ajustes canal', LECTORA);
    expect((await h.control.run('/reminders pause', LECTORA)).content).toBe('Recordatorios en pausa. `/recordatorios reanudar` los reanuda.');
    expect(embed(await h.control.run('/reminders list', LECTOR)).title).toBe('Recordatorios (en pausa)');
    expect((await h.control.run('/reminders resume', LECTORA)).content).toBe('Recordatorios reanudados.');
    await h.control.run('/settings channel channel:#advocacy', { user: 'admin' });
    const posted = await h.control.run('/reminders test', LECTORA);
    expect(posted.content).toMatch(/^✅ Recordatorio de prueba publicado en <#\d+>\.$/);
  });

  it('removes a review in Spanish, counting what went with it', async () => {
    const removed = await h.control.run('/upr remove review:Belarus 50', LECTORA);
    expect(removed.content).toBe('Se eliminó **Belarús — GT 50 — 3 nov 2025** con 1 carta, 0 intervenciones y 0 recomendaciones. Sus recordatorios pendientes se cancelaron.');
    expectSpanish(removed, '/upr remove');
  });

  it('never lets a reply mention anyone and sent nothing Discord would refuse', async () => {
    for (const m of await h.control.allMessages({ ephemeral: true })) {
      const allowed = m.allowedMentions as { parse?: string[]; roles?: string[] };
      expect(allowed.parse, m.content).toEqual([]);
      expect(allowed.roles ?? [], m.content).toEqual([]);
    }
    expect(await h.control.violations()).toEqual([]);
  });
});
