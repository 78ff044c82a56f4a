// User text shown inside the bot's own layout (replies, lists, embeds, reminder posts): it reads
// as the words typed, never as Discord markup. Markdown is escaped (bold, headings, quotes, lists,
// spoilers, code), links are shown as plain text (a masked link as its brackets, a URL not
// clickable), mentions and timestamps as typed, and invisible or direction-changing characters
// are removed.
import { escapeMarkdown } from 'discord.js';
import { stripInvisible, LINE_BREAK } from './clean';

const ALL_MARKDOWN = {
  codeBlock: true,
  inlineCode: true,
  bold: true,
  italic: true,
  underline: true,
  strikethrough: true,
  spoiler: true,
  codeBlockContent: true,
  inlineCodeContent: true,
  escape: true,
  heading: true,
  bulletedList: true,
  numberedList: true,
  maskedLink: true,
} as const;

function escapeAll(text: string, lineStarts: boolean): string {
  const escaped = escapeMarkdown(text, { ...ALL_MARKDOWN, heading: lineStarts, bulletedList: lineStarts, numberedList: lineStarts });
  return (
    // Block quotes and small text ("-# ") at a line start; escapeMarkdown leaves them.
    (lineStarts ? escaped.replace(/^(\s*)(>|-#)/gm, '$1\\$2') : escaped)
      // Brackets of a masked link, both of them, so no variant of "[a](b)" forms a link.
      .replace(/(?<!\\)([[\]])/g, '\\$1')
      // "scheme://" is what Discord turns into a link; escaped slashes read the same, unlinked.
      .replace(/([a-z][a-z0-9+.-]*):\/\//gi, '$1:\\/\\/')
      // Mentions, channels, emoji and timestamps (<@…>, <#…>, <t:…>) and @everyone / @here.
      .replace(/</g, '\\<')
      .replace(/@(everyone|here)/gi, '@\u200b$1')
  );
}

/**
 * For a place inside a line the bot writes (after a bullet, in brackets): line breaks become
 * spaces, so nothing of it starts a line and "119.10" or "# 5" stay as typed.
 */
export function shownInline(text: string): string {
  return escapeAll(stripInvisible(text).split(LINE_BREAK).map((l) => l.trim()).filter(Boolean).join(' '), false);
}

/** For a place that may span lines (notes, an ask): lines kept, each escaped. */
export function shownBlock(text: string): string {
  return escapeAll(stripInvisible(text), true);
}

/**
 * For text the bot wrote that may quote what a user typed (an error naming the value refused):
 * its own wording is kept as it is, while links, mass mentions, invisible characters and
 * line-start markup coming from the quoted value are neutralised.
 */
export function withoutLinks(text: string, ownLinks: readonly string[] = []): string {
  // Addresses the bot itself wrote (a feed's address) stay as they are: they are set aside while
  // the rest is guarded, then put back.
  const own = ownLinks.filter(Boolean);
  if (own.length) {
    let guarded = text;
    own.forEach((link, i) => (guarded = guarded.split(link).join(`\uE000${i}\uE001`)));
    guarded = withoutLinks(guarded);
    own.forEach((link, i) => (guarded = guarded.split(`\uE000${i}\uE001`).join(link)));
    return guarded;
  }
  return stripInvisible(text)
    .replace(/([a-z][a-z0-9+.-]*):\/\//gi, '$1:\\/\\/')
    .replace(/(?<!\\)\[([^\]\n]*)\]\(/g, '\\[$1\\](')
    .replace(/^(\s*)(#{1,3} |>|-# )/gm, '$1\\$2')
    .replace(/@(everyone|here)/gi, '@\u200b$1');
}
