// Turning what users type into one state: names, aliases, codes, small misspellings, and
// ranked autocomplete. All indexes are built once at module load.
import { distance } from 'fastest-levenshtein';
import { normalise } from './normalise.js';
import { STATES, type State } from './registry.js';

export { normalise };

export type ResolveResult =
  | { ok: true; state: State }
  | { ok: false; error: string; suggestions: State[]; reason: 'empty' | 'ambiguous' | 'unknown' };

interface Key {
  key: string;
  isName: boolean; // the UN short name (ranks above aliases)
}

const byCode = new Map<string, State>(STATES.map((s) => [s.code, s]));
const byAlpha2 = new Map<string, State>(STATES.map((s) => [s.alpha2, s]));
const keysOf = new Map<State, Key[]>();
const exact = new Map<string, State[]>(); // normalised name/alias -> states (2+ = ambiguous)
for (const s of STATES) {
  const keys: Key[] = [];
  const seen = new Set<string>();
  for (const [i, text] of [s.name, ...s.aliases].entries()) {
    const key = normalise(text);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    keys.push({ key, isName: i === 0 });
    const list = exact.get(key) ?? [];
    list.push(s);
    exact.set(key, list);
  }
  keysOf.set(s, keys);
}

/** Largest edit distance accepted as a misspelling, relative to length. */
const maxEdits = (len: number): number => (len < 4 ? 0 : len < 6 ? 1 : len < 9 ? 2 : 3);

/** Exact code input: alpha-3 in any case; alpha-2 only as "GB"/"gb" (so "In", "No" stay words). */
function byCodeInput(raw: string): State | undefined {
  if (/^[a-z]{3}$/i.test(raw)) return byCode.get(raw.toUpperCase());
  if (/^([A-Z]{2}|[a-z]{2})$/.test(raw)) return byAlpha2.get(raw.toUpperCase());
  return undefined;
}

/** Edit distance that counts a swap of adjacent letters as one edit ("Isreal", "Kuwiat"),
 *  unlike plain Levenshtein (optimal string alignment). Slower: used for resolving only. */
function typoDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    [prev2, prev] = [prev, cur];
  }
  return prev[b.length]!;
}

/** Each state's smallest edit distance to the input, closest first, within `limit` edits. */
function nearest(n: string, limit: number, prefixes = false, dist = distance): { state: State; d: number }[] {
  const out: { state: State; d: number }[] = [];
  for (const [state, keys] of keysOf) {
    let best = Infinity;
    for (const { key } of keys) {
      // Cheap length filter before the real distance.
      if (Math.abs(key.length - n.length) <= limit) best = Math.min(best, dist(n, key));
      // For autocomplete, also compare with the start of the key ("Phillip" ~ "Philipp...").
      if (prefixes && key.length > n.length) best = Math.min(best, dist(n, key.slice(0, n.length)));
    }
    if (best <= limit) out.push({ state, d: best });
  }
  return out.sort((a, b) => a.d - b.d || compareNames(a.state, b.state));
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });
const compareNames = (a: State, b: State): number => collator.compare(a.name, b.name);
const names = (states: State[]): string => states.map((s) => s.name).join(', ');

export function resolveState(text: string): ResolveResult {
  const raw = text.trim();
  const coded = byCodeInput(raw);
  if (coded) return { ok: true, state: coded };

  const n = normalise(raw);
  if (!n) return { ok: false, error: 'Please type a state name or ISO code.', suggestions: [], reason: 'empty' };

  const hits = exact.get(n) ?? prefixHits(n);
  if (hits.length === 1) return { ok: true, state: hits[0]! };
  // A UN short name is what UN documents print ("Congo" is COG), so it wins over aliases.
  const unNamed = hits.filter((s) => normalise(s.name) === n);
  if (unNamed.length === 1) return { ok: true, state: unNamed[0]! };
  if (hits.length > 1) {
    // Rank like autocomplete (UN names first) so long prefix lists stay useful.
    const suggestions = searchStates(raw).filter((s) => hits.includes(s)).slice(0, 5);
    return { ok: false, error: `Ambiguous state "${raw}". Did you mean: ${names(suggestions)}?`, suggestions, reason: 'ambiguous' };
  }

  // Misspelling: accept only when one state is clearly closer than every other (the runner-up
  // is out of range or at least 2 edits further: "Slovkia" stays ambiguous).
  const limit = maxEdits(n.length);
  const near = nearest(n, limit + 1, false, typoDistance);
  const [first, second] = near;
  if (first && first.d <= limit && (!second || second.d > limit || second.d >= first.d + 2)) return { ok: true, state: first.state };

  const close = near.filter((x) => x.d <= limit).map((x) => x.state);
  const suggestions = (close.length ? close : searchStates(raw, 5)).slice(0, 5);
  const error = suggestions.length
    ? `Unknown state "${raw}". Did you mean: ${names(suggestions)}?`
    : `Unknown state "${raw}". Type a UN member or observer state name, or its ISO code (e.g. BLR).`;
  return { ok: false, error, suggestions, reason: 'unknown' };
}

/** States with a name/alias starting with the input ("Bosnia", "Trinidad", "Czech"); 4+ letters. */
function prefixHits(n: string): State[] {
  if (n.length < 4) return [];
  const out: State[] = [];
  for (const [state, keys] of keysOf) if (keys.some(({ key }) => key.startsWith(n))) out.push(state);
  return out;
}

/** Ranked matches for Discord autocomplete: exact, prefix, word prefix, substring, fuzzy. */
export function searchStates(text: string, limit = 25): State[] {
  const max = Math.max(0, Math.floor(limit));
  const n = normalise(text);
  if (!n) return STATES.slice(0, max);

  const coded = byCodeInput(text.trim());
  const ranked: { state: State; rank: number }[] = [];
  for (const [state, keys] of keysOf) {
    let rank = state === coded ? 0 : Infinity;
    for (const { key, isName } of keys) {
      const tier = key === n ? 0 : key.startsWith(n) ? 1 : ` ${key}`.includes(` ${n}`) ? 2 : key.includes(n) ? 3 : Infinity;
      rank = Math.min(rank, tier * 2 + (isName ? 0 : 1)); // UN-name matches before alias matches
    }
    if (rank < Infinity) ranked.push({ state, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || compareNames(a.state, b.state));
  const out = ranked.slice(0, max).map((r) => r.state);

  // Fill up with misspellings only when the cheap tiers found too little.
  if (out.length < max && n.length >= 4) {
    for (const { state } of nearest(n, maxEdits(n.length), true)) {
      if (out.length >= max) break;
      if (!out.includes(state)) out.push(state);
    }
  }
  return out;
}

export const getState = (code: string): State | undefined => byCode.get(code.toUpperCase());
export const allStates = (): readonly State[] => STATES;
/** A state's name for a reader of `lang` (the UN short name in English); the code itself when unknown. */
export const stateName = (code: string, lang: 'en' | 'es' = 'en'): string => {
  const s = getState(code);
  return !s ? code : lang === 'es' ? s.nameEs : s.name;
};
