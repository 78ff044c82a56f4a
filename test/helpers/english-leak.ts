// Finds English catalog sentences in text shown to a Spanish reader. Every English message is cut
// at its values ({{...}}), markup and line breaks; each piece of two or more words that no Spanish
// message also contains (a name, "WG") is a sentence a Spanish reader must never see.
import { CATALOGS, NAMESPACES } from '../../src/i18n/catalog';

function leaves(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(leaves);
  return [];
}

const messagesOf = (lang: 'en' | 'es'): string[] => NAMESPACES.flatMap((ns) => leaves(CATALOGS[lang][ns]));

const pieces = (message: string): string[] =>
  message
    .split(/\{\{[^}]*\}\}|<t:[^>]*>|[*`_~>#|()[\]\n]|\s[—–-]\s|[.:;!?]\s/)
    .map((p) => p.replace(/\s+/g, ' ').replace(/^[\s,.;:!?'"-]+|[\s,.;:!?'"-]+$/g, ''))
    .filter((p) => (p.match(/\p{L}{2,}/gu) ?? []).length >= 2 && p.replace(/[^\p{L}]/gu, '').length >= 8);

let cached: string[] | undefined;

/** The English pieces that read as English only (computed once). */
export function englishOnlyPieces(): string[] {
  if (cached) return cached;
  const spanish = messagesOf('es').join('\n');
  cached = [...new Set(messagesOf('en').flatMap(pieces))].filter((p) => !spanish.includes(p));
  return cached;
}

/** The English catalog pieces found in `text` (empty when a Spanish reader saw only Spanish). */
export function englishSentencesIn(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ');
  return englishOnlyPieces().filter((p) => flat.includes(p));
}

/** Every string inside a reply or a post (content, embeds, buttons, menus), one per line. */
export function shownText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(shownText).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(shownText).join('\n');
  return '';
}
