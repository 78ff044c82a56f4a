// A stable marker in each scheduled post, so that the bot can recognise its own earlier post
// after Discord has forgotten the nonce: Discord does not return a message's nonce when the
// channel is read back (GET /channels/{id}/messages), only its content. The marker is the post's
// nonce on a last line of subtext ("-# ref r12-8w-m3x9k"), plain characters that survive as sent.
import { fitContent, MAX_CONTENT } from './content';

export const markerLine = (nonce: string): string => `-# ref ${nonce}`;

/** Characters a marker takes at most (a nonce is at most 25), for text laid out before it is added. */
export const MARKER_ROOM = markerLine('x'.repeat(25)).length + 1;

/** The content with the marker as its last line, cut so that both fit Discord's limit. */
export function withMarker(content: string, nonce: string): string {
  const line = markerLine(nonce);
  return `${fitContent(content, MAX_CONTENT - line.length - 1)}\n${line}`;
}

/** Whether a message's content carries the marker of `nonce`. */
export const carriesMarker = (content: string, nonce: string): boolean => content.split('\n').some((l) => l.trim() === markerLine(nonce));
