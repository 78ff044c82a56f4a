// Discord's limit on a message's text, applied in one place.

export const MAX_CONTENT = 2000;

/** Text cut to Discord's limit at a line break where possible. */
export function fitContent(text: string, max = MAX_CONTENT): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max - 1);
  return cut > max / 2 ? `${text.slice(0, cut)}\n…` : `${text.slice(0, max - 1)}…`;
}
