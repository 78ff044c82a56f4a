// The bot's own CSV export (what the importer reads back as "UPR bot export"), written with
// csv-stringify. Cells a spreadsheet would run as a formula get a leading apostrophe.
import { createRequire } from 'node:module';
import { stateName } from '../../states';
import type { Review } from '../reviews';
import { BOT_EXPORT_HEADER } from './formats';
import type { RecommendationFull } from './store';

// Loaded on first use, not at start: most processes never export.
const stringify = (...args: Parameters<typeof import('csv-stringify/sync').stringify>) =>
  (createRequire(import.meta.url)('csv-stringify/sync') as typeof import('csv-stringify/sync')).stringify(...args);

/** A cell starting with = + - @ tab or CR is a formula to Excel, LibreOffice and Google Sheets. */
export const guardFormula = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function recommendationsCsv(review: Review, recs: readonly RecommendationFull[], intervenedOnly: readonly string[]): { filename: string; csv: string; rows: number } {
  const sur = stateName(review.stateCode);
  const rows: string[][] = recs.map((r) => [
    sur,
    String(review.session),
    r.paragraph ?? '',
    r.text,
    r.states.map((s) => stateName(s.stateCode)).join('; '),
    r.response,
    r.themes.map((t) => t.theme).join('; '),
    r.actionCategory ? String(r.actionCategory) : '',
    r.source ?? '',
  ]);
  for (const code of intervenedOnly) rows.push([sur, String(review.session), '', '', stateName(code), '', '', '', 'intervention']);
  const csv = stringify([[...BOT_EXPORT_HEADER], ...rows.map((row) => row.map(guardFormula))], { record_delimiter: '\n' });
  return { filename: `upr-${review.stateCode.toLowerCase()}-wg${review.session}-recommendations.csv`, csv, rows: rows.length };
}
