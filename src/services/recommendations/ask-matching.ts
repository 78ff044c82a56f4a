// Whether a recommendation asks what a letter asked: a shared theme named in the ask, or at least
// half of the ask's words. The state under review's names are not ask words: every
// recommendation in its review names it, so they would match anything.
import { getState, normalise } from '../../states';

// Words of requests and of UN drafting that say nothing about what is asked.
export const STOP_WORDS: ReadonlySet<string> = new Set(['that', 'this', 'with', 'from', 'their', 'they', 'them', 'have', 'into', 'including', 'ensure', 'take', 'measures', 'state', 'states', 'recommend', 'recommendation', 'urge', 'urges', 'call', 'calls', 'upon', 'shall', 'should', 'would', 'which', 'also', 'such', 'other', 'those', 'these', 'accordance', 'immediately', 'full', 'fully', 'country', 'government', 'authorities']);

const stem = (w: string): string => w.replace(/(ment|ing|ed|es|s)$/, '');

/** The words of every name of a state (UN name and aliases), as the matcher compares them. */
export function nameWords(stateCode: string): Set<string> {
  const s = getState(stateCode);
  if (!s) return new Set();
  return new Set([s.name, ...s.aliases].flatMap((n) => normalise(n).split(' ')).map(stem));
}

const words = (s: string, exclude: ReadonlySet<string>): string[] =>
  normalise(s)
    .split(' ')
    .filter((w) => w.length >= 4 && !STOP_WORDS.has(w))
    .map(stem)
    .filter((w) => !exclude.has(w));

export interface AskMatcher {
  (ask: string, rec: { text: string; themes: readonly { theme: string }[] }): boolean;
}

/** A matcher for one review: the names of its state under review never count. */
export function askMatcher(stateUnderReview: string): AskMatcher {
  const exclude = nameWords(stateUnderReview);
  return (ask, rec) => {
    const a = ` ${normalise(ask)} `;
    if (rec.themes.some(({ theme }) => theme && a.includes(` ${normalise(theme)} `))) return true;
    const askWords = [...new Set(words(ask, exclude))];
    if (!askWords.length) return false;
    const recWords = new Set(words(rec.text, exclude));
    return askWords.filter((w) => recWords.has(w)).length / askWords.length >= 0.5;
  };
}
