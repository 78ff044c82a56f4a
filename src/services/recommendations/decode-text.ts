// Bytes of an uploaded file -> text, with the encoding read from the bytes: a BOM, UTF-16 without
// a BOM (every other byte zero), valid UTF-8, else Windows-1252 (what Excel on Windows writes).
import { createRequire } from 'node:module';
import { DomainError, msg } from '../../domain-error';

// Loaded on first use, not at start: most processes never decode a file.
const iconv = () => createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // UTF-16 text of Latin letters has a zero in every other byte; count them in the first 4 kB.
  const n = Math.min(bytes.length, 4096) & ~1;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return { encoding: 'utf-16le', bom: 0 };
  if (pairs >= 2 && evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return { encoding: 'utf-16be', bom: 0 };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

/** Control characters other than tab, line feed and carriage return: never in a text export. */
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Decodes a text export. A file with NUL or other control bytes is binary (or damaged) and is
 * refused as a whole, naming where, without echoing the bytes.
 */
export function decodeText(bytes: Uint8Array, fileName: string): { text: string; encoding: TextEncoding } {
  const { encoding, bom } = detectEncoding(bytes);
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom);
  const text = encoding === 'utf-8' ? body.toString('utf8') : iconv().decode(body, encoding === 'windows-1252' ? 'win1252' : encoding);
  const bad = text.match(BINARY);
  if (bad) {
    const at = text.search(BINARY);
    const line = text.slice(0, at).split(/\r\n|\r|\n/).length;
    throw new DomainError('invalid', msg('intervention:file.binary.control', { file: fileName, count: bad.length, line }));
  }
  return { text, encoding };
}
