// `/intervention import`: a file -> the server's reviews. Rows go to the review given, or, with
// none given, to the server's review of each row's state under review and session; rows of
// reviews the server does not track are counted. The whole file is written in one transaction.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { recordInserted } from '../../audit/capture';
import { Prisma } from '../../generated/sqlite/client';
import type { Db } from '../../db/client';
import { DomainError, msg } from '../../domain-error';
import type { Review } from '../reviews';
import { recognise, type RecommendationFormat } from './formats';
import { parseRows, type ImportRow, type Rejected } from './parse-rows';
import { planReviewImport, type ReviewImportPlan } from './plan';
import { checkImportSize, readTable } from './read-table';
import { loadRecommendations } from './store';

export interface ImportFile {
  name: string;
  /** Declared size, checked before anything is downloaded. */
  size: number;
  load(): Promise<Uint8Array>;
}

export interface ReviewImportResult {
  review: Review;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  interventionsAdded: number;
}

export interface ImportResult {
  /** The format's name as recorded in the rows' source ("UPR Info database (legacy export)"). */
  format: string;
  /** Which format, for a reply to name it in the reader's language. */
  formatId: RecommendationFormat['id'];
  rows: number;
  reviews: ReviewImportResult[];
  /** Rows of reviews other than the one imported into, or that the server does not track. */
  skipped: Array<{ stateCode: string | null; session: number | null; rows: number; tracked: boolean }>;
  rejected: Rejected[];
}

const CHUNK = 500;
/** Two parameters a row: within SQLite's and PostgreSQL's limits on bound parameters. */
const LINK_CHUNK = 2000;

export async function readImportFile(file: ImportFile): Promise<{ format: string; formatId: RecommendationFormat['id']; rows: ImportRow[]; rejected: Rejected[]; total: number }> {
  checkImportSize(file.size);
  const table = await readTable(await file.load(), file.name);
  const found = recognise(table.header);
  if ('missing' in found) {
    const missing = found.missing.length > 1 ? 'both' : found.missing[0]!;
    const columns = table.header.slice(0, 12).map((h) => h.slice(0, 40)).join(', ');
    throw new DomainError('invalid', msg(`intervention:file.missingColumns.${missing}`, { file: file.name, columns: columns || msg('intervention:file.noColumns') }));
  }
  const { rows, rejected } = await parseRows(table, found);
  return { format: found.format.label, formatId: found.format.id, rows, rejected, total: table.rows.length };
}

type Target = { review: Review; rows: ImportRow[] };

/** Which review each row belongs to; rows of other reviews are counted, not rejected. */
export function route(rows: readonly ImportRow[], reviews: readonly Review[], only: Review | null): { targets: Target[]; skipped: ImportResult['skipped']; rejected: Rejected[] } {
  const targets = new Map<number, Target>();
  const skipped = new Map<string, ImportResult['skipped'][number]>();
  const rejected: Rejected[] = [];
  const tracked = new Map(reviews.map((r) => [`${r.stateCode}:${r.session}`, r]));
  for (const row of rows) {
    let review: Review | undefined;
    if (only) {
      if ((!row.sur || row.sur === only.stateCode) && (row.session === undefined || row.session === only.session)) review = only;
    } else if (!row.sur || row.session === undefined) {
      rejected.push({ line: row.line, reason: msg(row.sur ? 'intervention:reject.noSession' : 'intervention:reject.noSur') });
      continue;
    } else {
      review = tracked.get(`${row.sur}:${row.session}`);
    }
    if (review) {
      const t = targets.get(review.id) ?? { review, rows: [] };
      t.rows.push(row);
      targets.set(review.id, t);
      continue;
    }
    const key = `${row.sur ?? ''}:${row.session ?? ''}`;
    const s = skipped.get(key) ?? { stateCode: row.sur ?? null, session: row.session ?? null, rows: 0, tracked: row.sur !== undefined && row.session !== undefined && tracked.has(`${row.sur}:${row.session}`) };
    s.rows++;
    skipped.set(key, s);
  }
  return { targets: [...targets.values()], skipped: [...skipped.values()], rejected };
}

async function planFor(db: Db, guildId: string, target: Target): Promise<ReviewImportPlan> {
  const [interventions, recs] = await Promise.all([
    db.intervention.findMany({ where: { guildId, reviewId: target.review.id }, select: { stateCode: true } }),
    loadRecommendations(db, guildId, target.review.id),
  ]);
  return planReviewImport(target.rows, {
    interventions: new Set(interventions.map((i) => i.stateCode)),
    recommendations: recs.map((r) => ({ ...r, states: new Set(r.states.map((s) => s.stateCode)), themes: new Set(r.themes.map((t) => t.theme)) })),
  });
}

const chunks = <T>(list: readonly T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * Writes the plans in one transaction: killed at any moment, nothing of the file remains. The
 * plans were made before it; a concurrent change to the same review between planning and
 * writing is caught by the unique keys and refuses the whole import.
 */
async function apply(db: Db, guildId: string, plans: Array<{ target: Target; plan: ReviewImportPlan }>, source: string): Promise<void> {
  // PostgreSQL needs the enum type named; SQLite stores the text. The client knows its engine.
  const response = (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? (r: string) => Prisma.sql`CAST(${r} AS "RecommendationResponse")` : (r: string) => Prisma.sql`${r}`;
  await db.$transaction(
    async (tx) => {
      for (const { target, plan } of plans) {
        const reviewId = target.review.id;
        for (const part of chunks(plan.interventions)) await tx.intervention.createMany({ data: part.map((stateCode) => ({ guildId, reviewId, stateCode, source })) });
        const ids = new Map<string, number>();
        const now = new Date();
        for (const part of chunks(plan.created)) {
          const values = part.map(
            (r) => Prisma.sql`(${guildId}, ${reviewId}, ${r.text}, ${r.paragraph}, ${response(r.response)}, ${r.actionCategory}, ${source}, ${r.key}, ${now})`,
          );
          const made = await tx.$queryRaw<Array<{ id: number; dedupeKey: string }>>`
            INSERT INTO "Recommendation" ("guildId", "reviewId", "text", "paragraph", "response", "actionCategory", "source", "dedupeKey", "createdAt")
            VALUES ${Prisma.join(values)} RETURNING "id", "dedupeKey"`;
          for (const m of made) ids.set(m.dedupeKey, Number(m.id));
          // Raw inserts are invisible to the audit's capture: report them (the undo deletes them).
          recordInserted('Recommendation', made.map((m) => ({ id: Number(m.id), reviewId })));
        }
        const states = [...plan.states, ...plan.created.flatMap((r) => [...r.states].map((stateCode) => ({ recommendationId: ids.get(r.key)!, stateCode })))];
        const themes = [...plan.themes, ...plan.created.flatMap((r) => [...r.themes].map((theme) => ({ recommendationId: ids.get(r.key)!, theme })))];
        // The link rows are most of an import: one plain multi-row INSERT per chunk is several
        // times faster than createMany's per-row work, and keeps the transaction short.
        for (const part of chunks(states, LINK_CHUNK)) {
          await tx.$executeRaw`INSERT INTO "RecommendationState" ("recommendationId", "stateCode") VALUES ${Prisma.join(part.map((r) => Prisma.sql`(${r.recommendationId}, ${r.stateCode})`))}`;
          recordInserted('RecommendationState', part);
        }
        for (const part of chunks(themes, LINK_CHUNK)) {
          await tx.$executeRaw`INSERT INTO "RecommendationTheme" ("recommendationId", "theme") VALUES ${Prisma.join(part.map((r) => Prisma.sql`(${r.recommendationId}, ${r.theme})`))}`;
          recordInserted('RecommendationTheme', part);
        }
        for (const u of plan.updates) await tx.recommendation.update({ where: { id: u.id }, data: u.data });
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

export async function importRecommendations(db: Db, guildId: string, only: Review | null, file: ImportFile, opts: { source?: string } = {}): Promise<ImportResult> {
  const read = await readImportFile(file);
  const reviews = await db.review.findMany({ where: { guildId } });
  const routed = route(read.rows, reviews, only);
  const rejected = [...read.rejected, ...routed.rejected].sort((a, b) => a.line - b.line);
  const plans: Array<{ target: Target; plan: ReviewImportPlan }> = [];
  for (const target of routed.targets) {
    plans.push({ target, plan: await planFor(db, guildId, target) });
    await yieldToLoop();
  }
  if (plans.length) await apply(db, guildId, plans, opts.source ?? read.format);
  return {
    format: read.format,
    formatId: read.formatId,
    rows: read.total,
    reviews: plans.map(({ target, plan }) => ({ review: target.review, rows: target.rows.length, ...plan.counts })),
    skipped: routed.skipped,
    rejected,
  };
}
