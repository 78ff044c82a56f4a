// Replies to a Spanish reader, end to end: a member whose Discord locale is es-419 (and one with
// es-ES) runs /intervention, /follow, /audit, /backup and /settings through the sandbox and the
// real discord.js client, and reads every reply in Spanish, with the UN's Spanish state names,
// and without one English sentence of the catalogs. The founding case gives the same answers as
// in English: for Belarus WG 50, 30 states recommended the release of political prisoners, and
// Argentina, written to, did not intervene.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishSentencesIn, shownText } from '../helpers/english-leak';
import type { ReplyResult } from '../../src/sandbox/control-types';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { FOUNDING_RECOMMENDERS } from '../helpers/founding';

const ANA = { user: 'ana' }; // es-419, Manage Server
const BETO = { user: 'beto' }; // es-ES, a member
const B50 = 'Belarús — GT 50 — 3 nov 2025';
const RECOMMENDATION = 'Immediately release Ales Bialiatski and all individuals imprisoned for political reasons';
type Embed = { title?: string; description?: string; footer?: { text: string }; fields?: Array<{ name: string; value: string }> };

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    now: new Date('2025-11-04T10:00:00Z'),
    scheduler: false,
    sandbox: { world: { users: [{ name: 'ana', roles: ['manager'], locale: 'es-419' }, { name: 'beto', locale: 'es-ES' }] } },
  });
  expect((await h.control.run('/upr add state:Belarus date:3 Nov 2025')).content).toContain('Added');
  const letter = await h.control.run('/letter add to:Argentina review:Belarus 50 deadline:30 Sep 2025 sent:25 Sep 2025 ask:"Intervene and recommend the release of Ales Bialiatski and all political prisoners"');
  expect(letter.content).toMatch(/^Recorded letter/);
}, 120_000);
afterAll(async () => h?.stop());

/** What a reply shows: content, embeds (or the first only: the pictures' own embeds follow it), button labels. */
const shown = (r: ReplyResult, embeds = r.embeds): string => shownText([r.content ?? '', embeds, r.components]);

/**
 * Runs a command as a Spanish reader and checks the answer holds no English sentence of the
 * catalogs; `leadOnly` for replies with pictures, whose embeds describe the pictures.
 */
async function es(command: string, opts: Parameters<Harness['control']['run']>[1] = ANA, leadOnly = false): Promise<ReplyResult> {
  const r = await h.control.run(command, opts);
  expect(r.ok, `${command}: ${r.error ?? ''}`).toBe(true);
  const text = shown(r, leadOnly ? r.embeds.slice(0, 1) : r.embeds);
  expect(englishSentencesIn(text), `${command}: English in ${r.content}`).toEqual([]);
  return r;
}

const embeds = (r: ReplyResult): Embed[] => r.embeds as Embed[];

describe('/intervention in Spanish', () => {
  it('imports a file: counts and rejected rows in Spanish', async () => {
    const rows = [
      'Recommendation,Recommending State,State under Review,Session,Response,Issue',
      ...FOUNDING_RECOMMENDERS.map((s) => `"${RECOMMENDATION}","${s}",Belarus,50,Noted,Political prisoners`),
      `"${RECOMMENDATION}",Atlantis,Belarus,50,Noted,Political prisoners`,
      `"${RECOMMENDATION}",Korea,Belarus,50,Noted,Political prisoners`,
      `"${RECOMMENDATION}",Chile,Belarus,50,Maybe,Political prisoners`,
      '"Abolish the death penalty",France,Cuba,50,Noted,Death penalty',
    ].join('\n');
    const r = await es('/intervention import review:Belarus 50', { ...ANA, attachments: { file: { filename: 'belarus.csv', contentType: 'text/csv', content: rows } } });
    expect(r.content!.split('\n')).toEqual([
      'Se leyó **belarus.csv** (CSV): 34 filas.',
      `• ${B50}: 30 filas; **1** recomendación creada (actualizadas: 0; sin cambios: 0); 30 intervenciones agregadas.`,
      'Se omitió 1 fila de exámenes que este servidor no sigue: Cuba, GT 50 (1). Agrégalos con `/epu importar sesion:N` o `/epu agregar` y vuelve a importar el archivo.',
      '**3** filas rechazadas.',
    ]);
    const [rejected] = embeds(r);
    expect(rejected!.title).toBe('Filas rechazadas (no importadas)');
    expect(rejected!.description!.split('\n')).toEqual([
      '• línea 32: Estado recomendante: Estado desconocido: «Atlantis». Escribe el nombre de un Estado miembro u observador de la ONU, o su código ISO (p. ej., BLR).',
      '• línea 33: Estado recomendante: «Korea» puede ser más de un Estado. ¿Quisiste decir República Popular Democrática de Corea o República de Corea?',
      '• línea 34: respuesta desconocida «Maybe» (se espera apoyada/aceptada, anotada o pendiente)',
    ]);
  });

  it('summary of the founding case: 30 states, named in Spanish', async () => {
    const r = await es('/intervention summary review:Belarus 50 theme:political prisoners', BETO, true);
    const [lead] = embeds(r);
    expect(lead!.title).toBe(`Resumen — ${B50}`);
    const [totals, , theme, names] = lead!.description!.split('\n');
    expect(totals).toBe('**30** Estados intervinieron; **1** recomendación (apoyadas: 0, anotadas: 1, pendientes: 0).');
    expect(theme).toBe('**Tema «political prisoners»**: 30 Estados, 1 recomendación:');
    const listed = names!.split(', ');
    expect(listed).toHaveLength(30);
    expect(listed).toEqual(expect.arrayContaining(['Alemania', 'Chequia', 'República de Moldova', 'Reino Unido de Gran Bretaña e Irlanda del Norte', 'Países Bajos (Reino de los)', 'Nueva Zelanda']));
    expect(listed).not.toContain('Argentina');
    // In Spanish alphabetical order.
    expect(listed.slice(0, 3)).toEqual(['Albania', 'Alemania', 'Australia']);
  });

  it('check: Argentina did not intervene; Germany did, its recommendation "anotada"', async () => {
    expect((await es('/intervention check review:Belarus 50 state:Argentina', BETO)).content).toBe(`**Argentina** no intervino en ${B50} (no hay ninguna intervención registrada en este servidor).`);
    const germany = embeds(await es('/intervention check review:Belarus 50 state:Germany', BETO))[0]!;
    expect(germany.title).toBe(`Alemania en ${B50}`);
    expect(germany.description).toBe(`**Alemania** tomó la palabra.\nRecomendaciones (1):\n• ${RECOMMENDATION} — *anotada* [political prisoners]`);
  });

  it('outcome: the letter to Argentina was sent; Argentina did not intervene', async () => {
    const r = await es('/intervention outcome review:Belarus 50', BETO, true);
    const [lead] = embeds(r);
    expect(lead!.title).toBe(`Resultado — ${B50}`);
    expect(lead!.description).toBe('Se escribió a 1 Estado (intervinieron: 0; no intervinieron: 1).');
    expect(lead!.fields).toEqual([{ name: 'Argentina', value: expect.stringMatching(/^✅ carta enviada el <t:\d+:D>\n❌ no intervino\n❌ no recomendó lo que pedía la carta$/), inline: true }]);
    expect(lead!.footer!.text).toMatch(/^«Recomendó lo que pedía la carta»/);
  });

  it('add, refusals, remove and export', async () => {
    expect((await es('/intervention add review:Belarus 50 state:Chile')).content).toBe(`Se registró la intervención de **Chile** en ${B50}.`);
    const again = await es('/intervention add review:Belarus 50 state:Chile');
    expect(again.ephemeral).toBe(true);
    expect(again.content).toBe('La intervención de Chile en este examen ya está registrada. Agrega una recomendación para registrar lo que recomendó.');
    expect((await es('/intervention add review:Belarus 50 state:Belarus')).content).toBe('Belarús es el Estado examinado; no interviene en su propio examen.');
    expect((await es('/intervention add review:Belarus 50 state:Chile themes:torture')).content).toBe('Los temas, la respuesta y el párrafo pertenecen a una recomendación: indica también el texto de la recomendación.');
    expect((await es('/intervention summary review:Belarus 50 theme:climate')).content).toBe('Ninguna recomendación de este examen tiene el tema «climate». Temas de este examen: political prisoners.');
    expect((await es('/intervention remove review:Belarus 50 state:Chile')).content).toBe(`Se quitó a **Chile** de ${B50}.`);
    expect((await es('/intervention remove review:Belarus 50 state:Chile')).content).toBe('No hay ninguna intervención de Chile registrada en este examen.');
    const exported = await es('/intervention export review:Belarus 50', BETO);
    expect(exported.content).toBe(`1 fila de ${B50}.`);
  });
});

describe('/follow in Spanish', () => {
  it('follows, lists and stops following, with Spanish state names', async () => {
    expect((await es('/follow add state:Germany', BETO)).content).toBe('Sigues a **Alemania** cuando es examinado y cuando toma la palabra: te enviaré un mensaje directo.');
    expect((await es('/follow add state:Belarus as:under-review', BETO)).content).toBe('Sigues a **Belarús** cuando es examinado: te enviaré un mensaje directo.');
    expect((await es('/follow list', BETO)).content).toBe('Sigues a 2 Estados aquí:\n• **Alemania** — cuando es examinado y cuando toma la palabra\n• **Belarús** — cuando es examinado');
    expect((await es('/follow remove state:Germany', BETO)).content).toBe('Ya no sigues a **Alemania** aquí.');
    expect((await es('/follow remove state:Germany', BETO)).content).toBe('No sigues a Alemania en este servidor. Consulta los tuyos con `/seguir listar`.');
    expect((await es('/follow list', ANA)).content).toBe('No sigues a ningún Estado aquí. Empieza con `/seguir agregar`.');
  });
});

describe('/audit in Spanish', () => {
  it('lists the trail and undoes a change', async () => {
    const list = await es('/audit list');
    const [trail] = embeds(list);
    const total = await h.db.auditEntry.count();
    expect(trail!.title).toBe(`Registro de cambios (${total})`);
    expect(trail!.description).toContain('se eliminó: intervención #');
    // The import: one line of counts, joined as Spanish joins a list.
    expect(trail!.description).toMatch(/se creó: (\d+ [^,\n]+, )+\d+ [^,\n]+ y \d+ [^,\n]+\n/);
    expect(trail!.description).toContain('30 Estados recomendantes');
    expect(trail!.description).toContain('30 intervenciones');
    expect(trail!.footer!.text).toMatch(/^Página 1\/\d+ · \/auditoria deshacer entrada:<número> revierte uno$/);
    const last = await h.db.auditEntry.findFirstOrThrow({ where: { action: '/intervention remove' }, orderBy: { id: 'desc' } });
    expect((await es(`/audit undo entry:${last.id}`)).content).toBe(`Se deshizo la entrada #${last.id} (\`/intervencion eliminar\` de ana): se restauró 1 fila. La reversión también queda en el registro de cambios.`);
    expect((await es(`/audit undo entry:${last.id}`)).content).toMatch(new RegExp(`^La entrada #${last.id} ya se deshizo \\(entrada #\\d+\\)\\.$`));
    expect((await es('/audit list user:Ana')).content).toBe('«Ana» no es un usuario: menciónalo (@nombre) o indica su ID de usuario.');
  });
});

describe('/settings in Spanish', () => {
  it('shows the settings and sets the weekly digest', async () => {
    const show = embeds(await es('/settings show', BETO))[0]!;
    expect(show.title).toBe('Configuración');
    expect(show.description!.split('\n')).toEqual([
      '**Canal de recordatorios:** sin configurar (`/ajustes canal`)',
      expect.stringMatching(/^\*\*Zona horaria:\*\* Europe\/Zurich \(predeterminada\) — ahora son las <t:\d+:t> en tu hora; las fechas escritas se leen en esta zona$/),
      '**Rol de coordinación:** ninguno (solo quien tiene Gestionar servidor puede cambiar cosas)',
      '**Rol mencionado en los recordatorios:** ninguno',
      expect.stringMatching(/^\*\*Antelaciones:\*\* exámenes .+ \(predeterminadas\); cartas .+ \(predeterminadas\)$/),
      '**Recordatorios:** activos',
      '**Resumen semanal:** desactivado (`/ajustes resumen-semanal`)',
      expect.stringMatching(/^\*\*Idioma de las publicaciones:\*\* English \(el idioma preferido del servidor/),
      '**Eventos de Discord:** desactivados (`/ajustes eventos-discord`)',
    ]);
    const digest = embeds(await es('/settings digest day:Monday hour:8'))[0]!;
    expect(digest.title).toBe('Resumen semanal configurado');
    expect(digest.description).toContain('**Resumen semanal:** los lunes a las 08:00 (Europe/Zurich)');
    expect((await es('/settings digest hour:8')).content).toBe('Indica el día además de la hora (o ninguno de los dos, para desactivar el resumen).');
    expect((await es('/settings calendar-feed action:on')).content).toMatch(/^El calendario suscribible necesita la dirección web del bot/);
    expect((await es('/settings discord-events action:off')).content).toBe('Los eventos de Discord ya estaban desactivados.');
  });
});

describe('/backup and /settings delete-data in Spanish', () => {
  it('exports, asks before replacing, cancels; deleting asks, and an old confirmation has expired', async () => {
    const exported = await es('/backup export');
    expect(exported.content).toMatch(/^Copia de seguridad de este servidor: 1 examen, 1 carta, \d+ intervenciones, 1 recomendación, .*\d+ entradas del registro de cambios y la configuración\. Guárdala en un lugar seguro/);
    const file = exported.message?.attachments[0] ?? exported.followUps[0]?.attachments[0];
    const bytes = Buffer.from(await (await fetch(file!.url)).arrayBuffer());
    const attachments = { file: { filename: file!.filename, base64: bytes.toString('base64') } };
    expect((await es('/backup import', { ...ANA, attachments })).content).toMatch(/^Este servidor ya tiene datos \(1 examen, .* y la configuración\)\. Vuelve a ejecutar la importación con reemplazar:True/);
    const bad = await es('/backup import', { ...ANA, attachments: { file: { filename: 'x.csv', contentType: 'text/csv', content: 'To,Text\nBelarus,Release\n' } } });
    expect(bad.content).toBe('Este archivo no se puede restaurar: la primera línea no es JSON válido. No se cambió nada.');

    const ask = await es('/backup import replace:True', { ...ANA, attachments });
    const [confirm] = embeds(ask);
    expect(confirm!.title).toBe('¿Reemplazar los datos de este servidor?');
    expect(confirm!.description).toMatch(/^Esto elimina lo que el servidor tiene ahora \(1 examen, .*\) y restaura en su lugar \*\*upr-backup-.*\.jsonl\.gz\*\* \(exportado <t:\d+:f>, \d+ registros\)\.$/);
    const [replace, cancel] = (ask.components[0] as { components: Array<{ custom_id: string; label: string }> }).components;
    expect([replace!.label, cancel!.label]).toEqual(['Reemplazar todo', 'Cancelar']);
    const cancelled = await h.control.click(ask.messageId!, cancel!.custom_id, ANA);
    expect(cancelled.content ?? cancelled.message?.content).toBe('Cancelado. No se cambió nada.');

    const del = await es('/settings delete-data');
    expect(del.content).toMatch(/^Esto elimina todo lo que el bot tiene de este servidor: 1 examen, .* y la configuración\. No se puede deshacer/);
    const button = (del.components[0] as { components: Array<{ custom_id: string; label: string }> }).components[0]!;
    expect(button.label).toBe('Eliminar todo ahora');
    await h.control.clock({ advance: 'PT11M' });
    const expired = await h.control.click(del.messageId!, button.custom_id, ANA);
    expect(expired.content).toBe('Esta confirmación caducó. Vuelve a ejecutar `/ajustes borrar-datos`. No se eliminó nada.');
  });
});
