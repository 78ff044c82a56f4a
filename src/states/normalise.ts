// One comparable form for state names, shared by the registry (dedupe) and the resolver.

// Letters that NFD does not decompose into base letter + accent.
const SPECIAL: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ı: 'i', ð: 'd', þ: 'th' };

/** Comparable form: "The Côte d’Ivoire" -> "cote divoire", "St. Kitts & Nevis" -> "saint kitts and nevis". */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // accents
    .replace(/[øæœßłđıðþ]/g, (c) => SPECIAL[c] ?? c)
    .replace(/['’‘`´ʼ]/g, '') // "d'Ivoire" = "d’Ivoire" = "dIvoire"
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ') // punctuation, parentheses, hyphens
    .trim()
    .replace(/^the /, '')
    .replace(/\bst\b/g, 'saint'); // "St Lucia"
}
