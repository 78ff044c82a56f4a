// Generated files thrown at the importer: it never crashes (only a clear refusal or a report),
// and a refused file writes nothing. Fixed seed and bounded count; fast-check prints the seed and
// the shrunk file on failure.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain-error';
import { asFile } from '../helpers/import-file';
import { createTestServices, GUILD } from '../helpers/services';
import { inEnglish } from '../helpers/in-english';

let t: Awaited<ReturnType<typeof createTestServices>>;
let ref: string;
beforeAll(async () => {
  t = await createTestServices('2025-09-01T10:00:00Z');
  ref = `#${(await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' })).id}`;
}, 60_000);
afterAll(async () => t?.cleanup());

const HEADERS = [
  'To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session',
  'Title,Date added,Template,State Under Review,Recommending State,Response,Action Category,Issues,Session',
  'Text,Countries Concerned,Reccomending Body,Document Symbol,Themes,Affected Persons,Sdgs,Document Publication Date,UPR Reccomending States,UPR Position,Type,OHCHR Annotation Id,UPR Session',
  'Recommendation,Recommending states,Response,Themes,Paragraph',
];
const cellText = fc.oneof(
  fc.constantFrom('Belarus', 'France', 'DPR Korea', 'Republic of Congo', 'Chequia', '- Noted', 'Accepted', '5', '50', '46023', 'Narnia', '', '=1+1', '"', '""', 'a\nb', 'x|y', 'p::q', '- A41 Torture\n- B5 Detention'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const csvFile = fc
  .record({
    header: fc.constantFrom(...HEADERS),
    rows: fc.array(fc.array(cellText, { maxLength: 14 }), { maxLength: 12 }),
    sep: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    quote: fc.boolean(),
    encoding: fc.constantFrom('utf8', 'utf16le', 'latin1'),
  })
  .map(({ header, rows, sep, eol, quote, encoding }) => {
    const q = (c: string) => (quote ? `"${c.replace(/"/g, '""')}"` : c);
    const text = [header.split(',').join(sep), ...rows.map((r) => r.map(q).join(sep))].join(eol);
    return Buffer.from(text, encoding as BufferEncoding);
  });
const anyFile = fc.oneof(csvFile, fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)), fc.constant(Buffer.from('PK\u0003\u0004broken zip')));

async function counts() {
  const [r, i, s, th] = await Promise.all([t.db.recommendation.count(), t.db.intervention.count(), t.db.recommendationState.count(), t.db.recommendationTheme.count()]);
  return { r, i, s, th };
}

describe('importer fuzz', () => {
  it('never crashes and never writes part of a refused file', async () => {
    const seen = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(anyFile, fc.boolean(), async (bytes, toReview) => {
        const before = await counts();
        try {
          const r = await t.services.interventions.importFile(GUILD, toReview ? ref : null, asFile(bytes, 'fuzz.csv'));
          expect(r.rows).toBeGreaterThan(0);
          seen.imported++;
          for (const x of r.rejected) expect(inEnglish(x.reason)).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
        } catch (err) {
          if (!isDomainError(err)) throw err;
          seen.refused++;
          expect(inEnglish(err.text)).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
          expect(await counts()).toEqual(before);
        }
      }),
      { seed: 1202, numRuns: 60 },
    );
    // Both paths were exercised: files that import (in part) and files refused whole.
    expect(seen.imported).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(5);
  }, 240_000);
});
