// The images of a summary or outcome reply: drawn in a render process, attached as PNG files
// with alt text, each shown in its own embed whose description gives the counts per category.
// If drawing fails the reply still goes out, with the text, each picture's counts and a note.
// With pictures turned off (IMAGES_ENABLED=false: no renderer) the reply is the same text and
// counts, without images and without the note, since nothing failed.
// Texts in the reader's language.
import type { APIEmbed } from 'discord.js';
import type { Reply } from '../discord/framework.js';
import { COLOR } from '../discord/views.js';
import { translator, type Lang } from '../i18n/index.js';
import type { Logger } from '../logging/logger.js';
import type { OutcomeRow, SummaryResult } from '../services/interventions.js';
import { outcomePicture } from './outcome-picture.js';
import type { RenderJob } from './render-job.js';
import { imageRenderer, type ImageRenderer } from './renderer.js';
import { summaryPictures, summaryTexts } from './summary-picture.js';

type ReplyFile = NonNullable<Reply['files']>[number];
type PictureDrawer = Pick<ImageRenderer, 'render'>;

interface Picture {
  file: string;
  title: string;
  /** Counts per category, shown under the image. */
  text: string;
  alt: string;
  /** Absent when pictures are turned off: nothing to draw, so the spec is not built. */
  job?: RenderJob;
}

// Discord's limits: 6000 characters over all embeds of a message, 4096 per description.
const EMBED_TOTAL = 6000;
const DESCRIPTION = 4096;

async function attach(lead: APIEmbed, pictures: Picture[], log: Logger, lang: Lang, renderer: PictureDrawer | null): Promise<Pick<Reply, 'embeds' | 'files'>> {
  // Turned off: nothing is drawn, and nothing failed.
  const drawn = await Promise.all(pictures.map((p) => (renderer && p.job ? renderer.render(p.job).catch((err: unknown) => err as Error) : undefined)));
  const failed = drawn.filter((d): d is Error => d instanceof Error);
  if (failed.length) log.warn({ err: failed[0], failed: failed.length }, 'images could not be drawn; replying without them');
  // A picture that could not be drawn keeps its embed and counts, so the reply still says what it shows.
  const embeds: APIEmbed[] = pictures.map((p, i) => ({ title: p.title, description: p.text, ...(drawn[i] instanceof Buffer ? { image: { url: `attachment://${p.file}` } } : {}), color: COLOR }));
  const files: ReplyFile[] = pictures.flatMap((p, i) => (drawn[i] instanceof Buffer ? [{ name: p.file, data: drawn[i], description: p.alt }] : []));
  const t = translator(lang);
  const head = failed.length ? { ...lead, footer: { text: lead.footer?.text ? t('images:embed.notDrawnAfter', { footer: lead.footer.text }) : t('images:embed.notDrawn') } } : lead;
  return { ...fitted(head, embeds), ...(files.length ? { files } : {}) };
}

function fitted(lead: APIEmbed, embeds: APIEmbed[]): Pick<Reply, 'embeds'> {
  // The text embed gives way, so that every image keeps its description.
  const used = embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0), 0);
  const room = Math.min(DESCRIPTION, EMBED_TOTAL - used - (lead.title?.length ?? 0) - (lead.footer?.text.length ?? 0) - JSON.stringify(lead.fields ?? []).length - 20);
  const description = lead.description && lead.description.length > room ? `${lead.description.slice(0, room - 1)}…` : lead.description;
  return { embeds: [{ ...lead, ...(description !== undefined ? { description } : {}) }, ...embeds] };
}

export function summaryReply(s: SummaryResult, label: string, lead: APIEmbed, log: Logger, lang: Lang, renderer: PictureDrawer | null = imageRenderer()): Promise<Pick<Reply, 'embeds' | 'files'>> {
  const t = translator(lang);
  const pictures = renderer ? summaryPictures(s, label, lang) : undefined;
  const p = pictures ?? summaryTexts(s, label, lang);
  return attach(
    lead,
    [
      { file: 'map.png', title: t('images:embed.map'), text: p.mapText, alt: p.mapAlt, job: pictures && { kind: 'map', spec: pictures.map } },
      { file: 'groups.png', title: t('images:embed.groups'), text: p.chartText, alt: p.chartAlt, job: pictures && { kind: 'chart', spec: pictures.chart } },
    ],
    log,
    lang,
    renderer,
  );
}

export function outcomeReply(rows: OutcomeRow[], reviewState: string, label: string, lead: APIEmbed, log: Logger, lang: Lang, renderer: PictureDrawer | null = imageRenderer()): Promise<Pick<Reply, 'embeds' | 'files'>> {
  const p = outcomePicture(rows, reviewState, label, lang);
  return attach(lead, [{ file: 'outcome-map.png', title: translator(lang)('images:embed.map'), text: p.text, alt: p.alt, job: { kind: 'map', spec: p.map } }], log, lang, renderer);
}
