// Plain-text hygiene for what users type, independent of where it is shown: characters that
// change how text looks without being seen (bidirectional overrides, zero-width spaces, control
// characters) are removed, and one-line fields are told apart from text that may span lines.

// Bidirectional embeddings, overrides and isolates, and the marks (U+061C, U+200E, U+200F):
// U+202E alone makes "gpj.exe" read "exe.jpg".
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Zero-width and invisible spacing, soft hyphen, byte-order mark, and the C0/C1 controls
// (tabs and line breaks excepted: they are dealt with by field).
const INVISIBLE = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Zero-width (non-)joiners shape Arabic, Persian and Indic words and join emoji: kept between
// two letters, marks or pictographs, removed anywhere else.
const STRAY_JOINER = /(?<![\p{L}\p{M}\p{Extended_Pictographic}\uFE0F])[\u200C\u200D]|[\u200C\u200D](?![\p{L}\p{M}\p{Extended_Pictographic}])/gu;

/** The text without bidirectional controls, zero-width characters and control characters. */
export function stripInvisible(text: string): string {
  return text.replace(BIDI, '').replace(INVISIBLE, '').replace(STRAY_JOINER, '');
}

/** Line breaks as Unicode knows them (LF, CR, NEL, line and paragraph separators). */
export const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;

export const hasLineBreak = (text: string): boolean => LINE_BREAK.test(text);
