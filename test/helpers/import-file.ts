// An uploaded file as the importer receives it, from text or bytes or a fixture's name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportFile } from '../../src/services/recommendations/importer';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'recommendations');

export function asFile(content: string | Uint8Array, name = 'recommendations.csv'): ImportFile {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, size: bytes.byteLength, load: async () => bytes };
}

export const fixture = (name: string): ImportFile => asFile(readFileSync(join(FIXTURES, name)), name);
