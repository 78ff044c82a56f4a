// The founding scenario end to end in Spanish: a coordinator whose Discord speaks Latin American
// Spanish (es-419) types the Spanish command names, in a server whose language is Spanish. Every
// reply and every reminder is Spanish, with the UN's Spanish state names and no English sentence
// of the catalogs, and the answers are the ones the English scenario gives: 30 states recommended
// the release of political prisoners; Argentina, written to, did not take the floor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyResult } from '../../src/sandbox/control';
import { resolveState, stateName } from '../../src/states';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { englishSentencesIn, shownText } from '../helpers/english-leak';
import { FOUNDING_RECOMMENDERS } from '../helpers/founding';

const ES = { locale: 'es-419' };
const REC = 'Immediately release Ales Bialiatski and all individuals imprisoned for political reasons';
const codeOf = (name: string): string => {
  const r = resolveState(name);
  if (!r.ok) throw new Error(name);
  return r.state.code;
};
const RECOMMENDER_CODES = FOUNDING_RECOMMENDERS.map(codeOf);

let h: Harness;

/** Runs a command as the Spanish-reading coordinator; the reply must hold no English sentence. */
async function es(command: string, opts: Parameters<Harness['control']['run']>[1] = {}): Promise<ReplyResult> {
  const r = await h.control.run(command, { ...ES, ...opts });
  expect(r.ok, `${command}: ${r.error ?? ''}`).toBe(true);
  expect(englishSentencesIn(shownText([r.content, r.embeds, r.components])), command).toEqual([]);
  return r;
}

const shown = (r: ReplyResult): string => shownText([r.content, r.embeds]);
/** A channel post of the bot's own (it carries the marker that finds it again), not a reply. */
const isPost = (m: { content: string }): boolean => m.content.includes('-# ref ');

beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z') });
  // The server's preferred locale is Latin American Spanish: its posts are Spanish by default.
  await h.control.addWorld({ guildUpdates: [{ locale: 'es-419' }] });
}, 60_000);
afterAll(async () => {
  if (h) expect(await h.control.violations()).toEqual([]);
  await h?.stop();
});

describe('el caso fundador, en español', () => {
  it('review, letter, reminders, interventions, then check / summary / outcome', async () => {
    await es('/ajustes canal canal:advocacy');

    const add = await es('/epu agregar pais:Belarús fecha:3 de noviembre de 2025');
    expect(add.content).toContain('**Belarús**');
    expect(add.content).toContain('GT 50');
    expect(await h.db.review.count({ where: { stateCode: 'BLR', session: 50 } })).toBe(1);

    const ac = await h.control.autocomplete('/carta agregar para:Argentina examen:bela', { ...ES, focused: 'examen' });
    expect(ac.choices[0]!.name).toBe('Belarús — GT 50 — 3 nov 2025');
    const reviewValue = String(ac.choices[0]!.value);

    const letter = await es(
      `/carta agregar para:Argentina examen:${reviewValue} plazo:30/09/2025 destinatario:"Misión Permanente de la Argentina, Ginebra" pedido:"Recomendar la liberación de Ales Bialiatski y de todas las personas presas por motivos políticos"`,
    );
    expect(letter.content).toMatch(/`#\d+` a \*\*Argentina\*\*/);
    const stored = await h.db.letter.findFirstOrThrow({ where: { stateCode: 'ARG' } });
    // 30/09/2025 is 30 September for a Spanish reader: 09:00 in Geneva.
    expect(stored.deadlineAt.toISOString()).toBe('2025-09-30T07:00:00.000Z');

    // Eight weeks before the review, the reminder is posted in the server's language.
    await h.control.clock({ now: '2025-09-08T07:00:00Z' });
    const reminder = await h.control.waitForMessage('advocacy', (m) => isPost(m) && m.content.includes('Belarús'), { timeoutMs: 30_000 });
    expect(englishSentencesIn(shownText([reminder.content, reminder.embeds]))).toEqual([]);
    expect(reminder.content).toContain('**Examen de Belarús (sesión 50 del Grupo de Trabajo del EPU)**');
    expect(reminder.content).toContain('`/carta agregar`');

    // A week before the letter's deadline, its reminder.
    await h.control.clock({ now: '2025-09-23T07:00:00Z' });
    const letterReminder = await h.control.waitForMessage('advocacy', (m) => isPost(m) && m.content.includes('Argentina'), { timeoutMs: 30_000 });
    expect(englishSentencesIn(shownText([letterReminder.content, letterReminder.embeds]))).toEqual([]);
    expect(letterReminder.content).toContain('Belarús');
    expect(letterReminder.content).toContain('`/carta enviada`');

    await h.control.clock({ now: '2025-09-25T15:00:00Z' });
    const lac = await h.control.autocomplete('/carta enviada carta:arg', { ...ES, focused: 'carta' });
    expect(lac.choices[0]!.name).toContain('Argentina');
    const sent = await es(`/carta enviada carta:${lac.choices[0]!.value} fecha:25/09/2025`);
    expect(sent.content).toContain('Argentina');
    expect((await h.db.letter.findFirstOrThrow({ where: { stateCode: 'ARG' } })).status).toBe('sent');

    await h.control.clock({ now: '2025-11-04T10:00:00Z' });
    // The file as UN documents name the states (in English): it imports as it is.
    const csv = ['Recommending State,Recommendation,Response,Issue', ...FOUNDING_RECOMMENDERS.map((s) => `${s},"${REC}",Noted,Political prisoners`)].join('\n');
    const imp = await es('/intervencion importar examen:Belarús 50', { attachments: { archivo: { filename: 'belarus.csv', contentType: 'text/csv', content: csv } } });
    expect(imp.type).toBe('deferred');
    expect(await h.db.intervention.count()).toBe(30);

    const check = await es('/intervencion consultar examen:Belarús pais:Argentina');
    expect(check.content).toContain('**Argentina**');
    expect(check.content).toContain('no intervino');

    const summary = await es('/intervencion resumen examen:Belarús tema:political prisoners');
    const s = shown(summary);
    expect(s).toContain('30');
    for (const code of RECOMMENDER_CODES) expect(s, code).toContain(stateName(code, 'es'));
    expect(s).toContain('Reino Unido de Gran Bretaña e Irlanda del Norte');
    expect(s).toContain('Chequia');
    expect(s).not.toContain('United Kingdom');

    const outcome = await es('/intervencion resultado examen:Belarús');
    const o = shown(outcome);
    expect(o).toContain('Argentina');
    expect(o).toContain('no intervino');
  }, 90_000);

  it('gives the English reader of the same server the same answers, in English', async () => {
    const summary = await h.control.run('/intervention summary review:Belarus theme:political prisoners');
    expect(shown(summary)).toContain('30 state');
    const check = await h.control.run('/intervention check review:Belarus state:Argentina');
    expect(check.content).toContain('**Argentina** did not intervene');
  });
});
